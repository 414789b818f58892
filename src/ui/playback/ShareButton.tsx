/**
 * Share: copies the store's link to this exact state and says "Link copied";
 * "Copy embed code" copies an `<iframe>` of the embed of that state (SPEC §5b).
 * Where the clipboard is unavailable it shows the text in a field to copy by hand.
 * A link holds a script, never a file: while a trace file is the workload,
 * both say so (and how to share it) instead of copying a link to the script
 * in the editor, which is not what runs.
 */
import { useEffect, useId, useRef, useState } from "react";
import { embedCode, embedUrl, useStore } from "../../store/index.ts";
import { TRACE_LIMITS, convertsToScript } from "../../worker/protocol.ts";
import { formatCount } from "../common/format.ts";

type ShareState =
  | { kind: "idle" }
  | { kind: "copied"; what: string }
  | { kind: "trace"; text: string }
  | { kind: "manual"; label: string; text: string };

/** The Share and Copy embed code buttons and their feedback. */
export function ShareButton() {
  const [state, setState] = useState<ShareState>({ kind: "idle" });
  const fieldRef = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const shareUrl = useStore((s) => s.shareUrl);
  const trace = useStore((s) => s.trace);

  useEffect(() => {
    if (state.kind === "manual") fieldRef.current?.select();
    if (state.kind !== "copied" && state.kind !== "trace") return undefined;
    const timer = setTimeout(
      () => setState({ kind: "idle" }),
      state.kind === "trace" ? 8000 : 2500,
    );
    return () => clearTimeout(timer);
  }, [state]);

  /** Copies `text()`, a link to this state; with a trace open there is none to make. */
  async function copy(text: () => string, what: string, label: string) {
    if (trace !== null) {
      const convert = convertsToScript(trace.events)
        ? "Convert it to a script to share a link, or send the file itself."
        : `Send the file itself: only a trace of up to ${formatCount(TRACE_LIMITS.maxConvertEvents)} events converts to a script.`;
      setState({
        kind: "trace",
        text: `A link holds a script, not a trace file (${trace.name}). ${convert}`,
      });
      return;
    }
    const copied = text();
    try {
      await navigator.clipboard.writeText(copied);
      setState({ kind: "copied", what });
    } catch {
      setState({ kind: "manual", label, text: copied });
    }
  }

  // The note about a trace file goes with the trace.
  const shown: ShareState = state.kind === "trace" && trace === null ? { kind: "idle" } : state;
  return (
    <>
      <button type="button" onClick={() => void copy(() => shareUrl(), "Link", "Copy this link")}>
        Share
      </button>
      <button
        type="button"
        onClick={() =>
          void copy(() => embedCode(embedUrl(shareUrl())), "Embed code", "Copy this embed code")
        }
      >
        Copy embed code
      </button>
      <span
        className={shown.kind === "trace" ? "share-feedback share-note" : "share-feedback"}
        role="status"
      >
        {shown.kind === "copied"
          ? `${shown.what} copied`
          : shown.kind === "trace"
            ? shown.text
            : ""}
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
