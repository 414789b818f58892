/**
 * Share: copies the store's link to this exact state and says "Link copied";
 * "Copy embed code" copies an `<iframe>` of the embed of that state (SPEC §5b).
 * Where the clipboard is unavailable it shows the text in a field to copy by hand.
 */
import { useEffect, useId, useRef, useState } from "react";
import { embedCode, embedUrl, useStore } from "../../store/index.ts";

type ShareState =
  | { kind: "idle" }
  | { kind: "copied"; what: string }
  | { kind: "manual"; label: string; text: string };

/** The Share and Copy embed code buttons and their feedback. */
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

  async function copy(text: string, what: string, label: string) {
    try {
      await navigator.clipboard.writeText(text);
      setState({ kind: "copied", what });
    } catch {
      setState({ kind: "manual", label, text });
    }
  }

  return (
    <>
      <button type="button" onClick={() => void copy(shareUrl(), "Link", "Copy this link")}>
        Share
      </button>
      <button
        type="button"
        onClick={() =>
          void copy(embedCode(embedUrl(shareUrl())), "Embed code", "Copy this embed code")
        }
      >
        Copy embed code
      </button>
      <span className="share-feedback" role="status">
        {state.kind === "copied" ? `${state.what} copied` : ""}
      </span>
      {state.kind === "manual" ? (
        <span className="share-manual">
          <label htmlFor={fieldId}>{state.label}</label>
          <input id={fieldId} ref={fieldRef} type="text" readOnly value={state.text} />
          <button type="button" onClick={() => setState({ kind: "idle" })}>
            Done
          </button>
        </span>
      ) : null}
    </>
  );
}
