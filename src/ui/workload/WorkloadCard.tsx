/**
 * A trace file as the workload: while it is read, how far (a progress bar and
 * Cancel); once loaded, a card in place of the editor with its name, format,
 * events and capacity, "Convert to script" for small ones and "Back to
 * script"; and the messages about traces — a refusal with its bad lines, a
 * trace to open again after a reload, pasted text that may be a trace.
 * Names from a file are shown as text, never as markup.
 */
import { useStore } from "../../store/index.ts";
import { formatAmount, formatCount } from "../common/format.ts";
import { convertsToScript, type TraceFormat } from "../../worker/protocol.ts";

/** The formats in words. */
export const FORMAT_NAMES: Record<TraceFormat, string> = {
  "pool-trace": "pool trace",
  "malloc-lab": "malloc-lab trace (.rep)",
  csv: "CSV",
  jsonl: "JSON Lines",
};

/** The loaded trace, shown where the editor was. */
export function WorkloadCard() {
  const trace = useStore((s) => s.trace);
  const convertTrace = useStore((s) => s.convertTrace);
  const backToScript = useStore((s) => s.backToScript);
  if (trace === null) return null;
  return (
    <div className="workload-card">
      <p
        className="workload-name"
        data-testid="workload-name"
        data-format={trace.format}
        data-events={trace.events}
      >
        {trace.name}
      </p>
      <dl className="workload-facts">
        <dt>Format</dt>
        <dd>{FORMAT_NAMES[trace.format]}</dd>
        <dt>Events</dt>
        <dd>{formatCount(trace.events)}</dd>
        {trace.capacity === undefined ? null : (
          <>
            <dt>Capacity</dt>
            <dd>{trace.capacity} (the trace&apos;s own)</dd>
          </>
        )}
      </dl>
      <div className="workload-actions">
        {convertsToScript(trace.events) ? (
          <button type="button" onClick={convertTrace}>
            Convert to script
          </button>
        ) : null}
        <button type="button" onClick={backToScript}>
          Back to script
        </button>
      </div>
    </div>
  );
}

/** A file being read: how far, and Cancel. */
export function TraceReadingBar() {
  const reading = useStore((s) => s.traceReading);
  const cancelTrace = useStore((s) => s.cancelTrace);
  if (reading === null) return null;
  const { name, bytesRead, totalBytes } = reading;
  return (
    <div className="trace-reading" data-testid="trace-reading">
      <progress max={Math.max(totalBytes, 1)} value={bytesRead} aria-label={`Reading ${name}`} />
      <span className="trace-reading-text">
        Reading {name}: {formatAmount(bytesRead)} of {formatAmount(totalBytes)}
      </span>
      <button type="button" onClick={cancelTrace}>
        Cancel
      </button>
    </div>
  );
}

/** A refused file, a trace to open again, pasted text that may be a trace. */
export function TraceMessages() {
  const rejection = useStore((s) => s.traceRejection);
  const forgotten = useStore((s) => s.traceForgotten);
  const offer = useStore(
    (s) => s.pasted !== null && s.source === s.pasted.after && s.error?.kind === "syntax",
  );
  const dismiss = useStore((s) => s.dismissTraceMessages);
  const openPasteAsTrace = useStore((s) => s.openPasteAsTrace);
  return (
    <>
      {rejection === null ? null : (
        <div className="trace-message trace-rejection" role="alert" data-testid="trace-rejection">
          <p>{rejection.message}. The workload before it stays.</p>
          {rejection.errors.length === 0 ? null : (
            <ul className="trace-errors">
              {rejection.errors.map((error) => (
                <li key={error.line} data-line={error.line}>
                  <span className="trace-error-line">Line {error.line}:</span> {error.message}
                </li>
              ))}
            </ul>
          )}
          {rejection.more > 0 ? <p>and {formatCount(rejection.more)} more</p> : null}
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
      {forgotten === null ? null : (
        <div className="trace-message" role="status">
          <p>
            {forgotten} was open before the page reloaded. The page cannot keep a trace file: open
            it again with Open trace…
          </p>
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
      {offer ? (
        <div className="trace-message" role="status">
          <p>The pasted text is not a script. If it is a trace, open it as one.</p>
          <button type="button" onClick={openPasteAsTrace}>
            Open as trace
          </button>
        </div>
      ) : null}
    </>
  );
}
