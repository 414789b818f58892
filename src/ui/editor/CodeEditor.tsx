/**
 * The CodeMirror editor, loaded after first paint (it is the page's largest
 * dependency after recharts). Controlled by the store's `source`.
 */
import { history, defaultKeymap, historyKeymap } from "@codemirror/commands";
import { Annotation, EditorState } from "@codemirror/state";
import { EditorView, drawSelection, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { useStore, useStoreApi, type PlaygroundState } from "../../store/index.ts";
import { LIST_REFRESH_MS, useThrottledStore } from "../common/useThrottledStore.ts";
import { runMarks, scriptHighlighting, scriptTheme, setRunMarks } from "./extensions.ts";

/** Marks a document change that came from the store, so it is not written back. */
const fromStore = Annotation.define<boolean>();

const selectStepLine = (s: PlaygroundState) => s.snapshot.line;

/** The script editor; typing calls `setSource`, outside changes replace the text. */
export default function CodeEditor() {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const store = useStoreApi();
  const source = useStore((s) => s.source);
  // At full speed the line changes every frame; moving the mark 10 times a second reads the same.
  const stepLine = useThrottledStore(selectStepLine, LIST_REFRESH_MS);
  const errorLine = useStore((s) => s.error?.line ?? 0);
  const errorColumn = useStore((s) => s.error?.column ?? 0);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return undefined;
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: store.getState().source,
        extensions: [
          lineNumbers(),
          history(),
          drawSelection(),
          EditorView.lineWrapping,
          keymap.of([...defaultKeymap, ...historyKeymap]),
          scriptHighlighting,
          runMarks,
          scriptTheme,
          EditorView.contentAttributes.of({
            "aria-label": "Script",
            spellcheck: "false",
            tabindex: "0",
          }),
          EditorView.domEventHandlers({
            paste(event, view) {
              const file = event.clipboardData?.files[0];
              if (file !== undefined) {
                // A pasted file is a trace file: it never goes into the text.
                event.preventDefault();
                store.getState().openTrace(file.name, file);
                return true;
              }
              const text = event.clipboardData?.getData("text/plain") ?? "";
              const before = view.state.doc.toString();
              // The paste lands as in any editor; if it then is no script, the panel offers it as a trace.
              if (text.includes("\n")) {
                setTimeout(() => {
                  const after = view.state.doc.toString();
                  if (after !== before) store.getState().notePaste({ text, before, after });
                }, 0);
              }
              return false;
            },
          }),
          EditorView.updateListener.of((update) => {
            const external = update.transactions.some((tr) => tr.annotation(fromStore));
            if (update.docChanged && !external) {
              store.getState().setSource(update.state.doc.toString());
            }
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [store]);

  useEffect(() => {
    const view = viewRef.current;
    if (view === null || view.state.doc.toString() === source) return;
    // A normal, undoable change: after picking a preset, Ctrl+Z brings the old text back.
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: source },
      annotations: fromStore.of(true),
    });
  }, [source]);

  useEffect(() => {
    const view = viewRef.current;
    if (view === null) return;
    const target = errorLine > 0 ? errorLine : stepLine;
    const scrollToTarget =
      target >= 1 && target <= view.state.doc.lines
        ? [EditorView.scrollIntoView(view.state.doc.line(target).from, { y: "nearest" })]
        : [];
    view.dispatch({
      effects: [setRunMarks.of({ stepLine, errorLine, errorColumn }), ...scrollToTarget],
    });
  }, [stepLine, errorLine, errorColumn]);

  return <div ref={hostRef} className="code-editor" />;
}
