/** Where a script error was found: while reading the text, or while running its steps. */
export type ScriptErrorPhase = "parse" | "run";

/**
 * The one error a script produces, for syntax errors and runtime misuse alike.
 * `message` starts with the location ("line 3, col 5: …" when parsing,
 * "line 7: …" when running); `reason` is the same text without it.
 */
export class ScriptError extends Error {
  override readonly name = "ScriptError";
  /** 1-based line of the offending text (for a runtime error, of the statement). */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units as editors do. */
  readonly column: number;
  /** The explanation without the location prefix. */
  readonly reason: string;
  /** Whether `compile` refused the text or a step misused a buffer. */
  readonly phase: ScriptErrorPhase;

  constructor(reason: string, line: number, column: number, phase: ScriptErrorPhase) {
    super(phase === "parse" ? `line ${line}, col ${column}: ${reason}` : `line ${line}: ${reason}`);
    this.line = line;
    this.column = column;
    this.reason = reason;
    this.phase = phase;
  }
}
