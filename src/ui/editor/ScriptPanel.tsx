/**
 * The script panel: a heading with "Open trace…", the editor (loaded lazily,
 * with the plain text standing in until it and the fonts arrive) or, when the
 * workload is a trace file, its card; the error under it in words; and the
 * messages about trace files. A file dropped anywhere on the panel opens as a trace.
 */
import { Suspense, lazy } from "react";
import { useStore } from "../../store/index.ts";
import { formatRunError } from "../common/format.ts";
import { OpenTraceButton, useTraceDrop } from "../workload/OpenTrace.tsx";
import { TraceMessages, TraceReadingBar, WorkloadCard } from "../workload/WorkloadCard.tsx";
import { pageFontsReady } from "./pageFonts.ts";

// Built only once the bundled fonts are in, so where it scrolls never depends on a machine's fonts.
const CodeEditor = lazy(async () => {
  const [editor] = await Promise.all([import("./CodeEditor.tsx"), pageFontsReady(document.fonts)]);
  return editor;
});

/** The script text as plain lines, the same size as the editor, until CodeMirror loads. */
function EditorStandIn() {
  const source = useStore((s) => s.source);
  return (
    <pre className="code-editor code-editor-standin" aria-label="Script (loading editor)">
      {source}
    </pre>
  );
}

/** Shows the error of a run that stopped at a line; errors without a line go to the banner. */
function LineError() {
  const error = useStore((s) => s.error);
  if (error === null || error.line <= 0) return null;
  return (
    <p className="line-error" role="alert">
      {formatRunError(error)}
    </p>
  );
}

/** The script editor (or a trace's card) with its heading and messages. */
export function ScriptPanel() {
  const isTrace = useStore((s) => s.trace !== null);
  const { dragging, handlers } = useTraceDrop();
  return (
    <section
      className={dragging ? "panel script-panel dropping" : "panel script-panel"}
      aria-labelledby="script-heading"
      {...handlers}
    >
      <div className="panel-head script-head">
        {/* A script is a workload too: SPEC §5's workload-name, format "script". */}
        <h2
          id="script-heading"
          className="panel-title"
          {...(isTrace ? {} : { "data-testid": "workload-name", "data-format": "script" })}
        >
          {isTrace ? "Trace" : "Script"}
        </h2>
        <OpenTraceButton />
      </div>
      <TraceReadingBar />
      {isTrace ? (
        <WorkloadCard />
      ) : (
        <Suspense fallback={<EditorStandIn />}>
          <CodeEditor />
        </Suspense>
      )}
      <LineError />
      <TraceMessages />
    </section>
  );
}
