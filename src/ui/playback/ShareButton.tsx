/**
 * Share: copies the store's link to this exact state and says "Link copied";
 * where the clipboard is unavailable it shows the link in a field to copy by hand.
 */
import { useEffect, useId, useRef, useState } from "react";
import { useStore } from "../../store/index.ts";

type ShareState = { kind: "idle" } | { kind: "copied" } | { kind: "manual"; url: string };

/** The Share button and its feedback. */
export function ShareButton() {
  const [state, setState] = useState<ShareState>({ kind: "idle" });
  const fieldRef = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const shareUrl = useStore((s) => s.shareUrl);

  useEffect(() => {
    if (state.kind === "manual") fieldRef.current?.select();
    if (state.kind !== "copied") return undefined;
    const timer = setTimeout(() => setState({ kind: "idle" }), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function share() {
    const url = shareUrl();
    try {
      await navigator.clipboard.writeText(url);
      setState({ kind: "copied" });
    } catch {
      setState({ kind: "manual", url });
    }
  }

  return (
    <>
      <button type="button" onClick={() => void share()}>
        Share
      </button>
      <span className="share-feedback" role="status">
        {state.kind === "copied" ? "Link copied" : ""}
      </span>
      {state.kind === "manual" ? (
        <span className="share-manual">
          <label htmlFor={fieldId}>Copy this link</label>
          <input id={fieldId} ref={fieldRef} type="text" readOnly value={state.url} />
          <button type="button" onClick={() => setState({ kind: "idle" })}>
            Done
          </button>
        </span>
      ) : null}
    </>
  );
}
