/**
 * The script panel: a heading, the editor (loaded lazily, with the plain text
 * standing in until it and the fonts arrive) and the error under it in words.
 */
import { Suspense, lazy } from "react";
import { useStore } from "../../store/index.ts";
import { formatRunError } from "../common/format.ts";
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

/** The script editor with its heading and error line. */
export function ScriptPanel() {
  return (
    <section className="panel script-panel" aria-labelledby="script-heading">
      <h2 id="script-heading" className="panel-title">
        Script
      </h2>
      <Suspense fallback={<EditorStandIn />}>
        <CodeEditor />
      </Suspense>
      <LineError />
    </section>
  );
}
