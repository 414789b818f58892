/**
 * The CodeMirror pieces of the script editor: colouring, the current-step and
 * error marks, and a theme drawn from the page's CSS variables.
 */
import {
  RangeSet,
  RangeSetBuilder,
  StateEffect,
  StateField,
  type EditorState,
  type Extension,
} from "@codemirror/state";
import {
  Decoration,
  EditorView,
  GutterMarker,
  ViewPlugin,
  gutterLineClass,
  type DecorationSet,
  type ViewUpdate,
} from "@codemirror/view";
import { tokenizeLine, type TokenKind } from "./scriptTokens.ts";

const tokenMarks: Record<TokenKind, Decoration> = {
  keyword: Decoration.mark({ class: "tok-keyword" }),
  number: Decoration.mark({ class: "tok-number" }),
  name: Decoration.mark({ class: "tok-name" }),
  comment: Decoration.mark({ class: "tok-comment" }),
  brace: Decoration.mark({ class: "tok-brace" }),
  operator: Decoration.mark({ class: "tok-operator" }),
};

function highlightVisible(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to;) {
      const line = view.state.doc.lineAt(pos);
      for (const token of tokenizeLine(line.text)) {
        builder.add(line.from + token.from, line.from + token.to, tokenMarks[token.kind]);
      }
      pos = line.to + 1;
    }
  }
  return builder.finish();
}

/** Colours keywords, sizes, names, comments and braces in the visible lines. */
export const scriptHighlighting: Extension = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = highlightVisible(view);
    }
    update(update: ViewUpdate) {
      if (update.docChanged || update.viewportChanged) {
        this.decorations = highlightVisible(update.view);
      }
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** Where the run is and where it went wrong, both as 1-based positions (0 = none). */
export interface RunMarks {
  readonly stepLine: number;
  readonly errorLine: number;
  readonly errorColumn: number;
}

/** Sets the marks; dispatch it whenever the store's line or error changes. */
export const setRunMarks = StateEffect.define<RunMarks>();

const NO_MARKS: RunMarks = { stepLine: 0, errorLine: 0, errorColumn: 0 };

const runMarksField = StateField.define<RunMarks>({
  create: () => NO_MARKS,
  update(marks, tr) {
    for (const effect of tr.effects) if (effect.is(setRunMarks)) return effect.value;
    return marks;
  },
});

const stepLineDeco = Decoration.line({ class: "cm-step-line" });
const errorLineDeco = Decoration.line({ class: "cm-error-line" });
const errorMarkDeco = Decoration.mark({ class: "cm-error-mark" });

/** The document position range of a 1-based line, or null when the line is gone. */
function lineRange(state: EditorState, lineNumber: number) {
  if (lineNumber < 1 || lineNumber > state.doc.lines) return null;
  return state.doc.line(lineNumber);
}

function buildMarks(state: EditorState): DecorationSet {
  const { stepLine, errorLine, errorColumn } = state.field(runMarksField);
  const ranges = [];
  const step = lineRange(state, stepLine);
  if (step !== null && stepLine !== errorLine) ranges.push(stepLineDeco.range(step.from));
  const error = lineRange(state, errorLine);
  if (error !== null) {
    ranges.push(errorLineDeco.range(error.from));
    const start = Math.min(error.from + Math.max(errorColumn - 1, 0), error.to);
    const word = /^\S+/.exec(state.doc.sliceString(start, error.to));
    const end = start + (word?.[0].length ?? 0);
    if (end > start) ranges.push(errorMarkDeco.range(start, end));
  }
  return Decoration.set(ranges, true);
}

const errorGutterMarker = new (class extends GutterMarker {
  override elementClass = "cm-error-gutter";
})();

/** The current-step line, the error line with its column underlined, and a red line number. */
export const runMarks: Extension = [
  runMarksField,
  EditorView.decorations.compute([runMarksField, "doc"], buildMarks),
  gutterLineClass.compute([runMarksField, "doc"], (state) => {
    const error = lineRange(state, state.field(runMarksField).errorLine);
    return error === null ? RangeSet.empty : RangeSet.of([errorGutterMarker.range(error.from)]);
  }),
];

/** Colours and sizes from the page's CSS variables, so light and dark both follow the page. */
export const scriptTheme: Extension = EditorView.theme({
  "&": {
    color: "var(--text)",
    backgroundColor: "var(--surface)",
    fontSize: "13px",
    height: "100%",
  },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.55" },
  ".cm-content": { caretColor: "var(--text)", padding: "6px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--selection)",
  },
  ".cm-gutters": {
    backgroundColor: "var(--surface-2)",
    color: "var(--text-faint)",
    borderRight: "1px solid var(--border)",
  },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 8px 0 10px", minWidth: "28px" },
  ".cm-step-line": {
    backgroundColor: "var(--step-line)",
    boxShadow: "inset 3px 0 0 var(--accent)",
  },
  ".cm-error-line": { backgroundColor: "var(--error-bg)", boxShadow: "inset 3px 0 0 var(--error)" },
  ".cm-error-mark": {
    textDecoration: "underline wavy var(--error)",
    textDecorationSkipInk: "none",
    textUnderlineOffset: "3px",
  },
  ".cm-error-gutter": { color: "var(--error)", fontWeight: "600" },
  ".tok-keyword": { color: "var(--tok-keyword)", fontWeight: "400" },
  ".tok-number": { color: "var(--tok-number)" },
  ".tok-name": { color: "var(--tok-name)" },
  ".tok-comment": { color: "var(--tok-comment)", fontStyle: "normal" },
  ".tok-brace, .tok-operator": { color: "var(--tok-punct)" },
});
