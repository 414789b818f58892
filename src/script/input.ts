import type { Pos } from "./ast.ts";
import { ScriptError } from "./scriptError.ts";

/** Kinds of token; punctuation tokens are typed by their own text. */
export type TokenType =
  | "start"
  | "word"
  | "number"
  | "="
  | ".."
  | ":"
  | ","
  | "{"
  | "}"
  | ";"
  | "newline"
  | "eof"
  | "char";

// Words take any letters so that "größe" is read whole; names are checked to be ASCII.
const WORD = /[\p{L}_][\p{L}\p{N}_]*/uy;
// A number runs on into letters, `_` and a fraction so that "12x", "4_KB" or
// "1.5MB" arrive whole and can be explained, instead of splitting oddly.
const NUMBER = /[0-9][A-Za-z0-9_]*(?:\.[0-9][A-Za-z0-9_]*)?/y;
const BLANK = /[^\S\n]/;

/**
 * The script text as a stream of tokens (after lezer's `Input`): `type`,
 * `text` and position describe the current token, `next()` moves on. Blanks
 * and `#` comments are skipped; line ends are tokens, because they end
 * statements.
 */
export class Input {
  /** The current token's kind. */
  type: TokenType = "start";
  /** The current token's text ("" at a line end or the end of the script). */
  text = "";
  /** Offset of the current token's first character. */
  start = 0;
  /** Offset just past the current token. */
  end = 0;
  /** 1-based line of the current token. */
  line = 1;
  /** Offset where the current token's line begins. */
  private lineStart = 0;
  /** Kind of the token before the current one. */
  previousType: TokenType = "start";
  /** Text of the token before the current one. */
  previousText = "";
  /** Offset just past the token before the current one. */
  previousEnd = 0;

  constructor(readonly source: string) {
    this.next();
  }

  /** Where the current token starts. */
  pos(): Pos {
    return { offset: this.start, line: this.line, column: this.start - this.lineStart + 1 };
  }

  /** Moves to the next token. */
  next(): void {
    const s = this.source;
    this.previousType = this.type;
    this.previousText = this.text;
    this.previousEnd = this.end;
    let pos = this.end;
    if (this.type === "newline") {
      this.line++;
      this.lineStart = pos;
    }
    for (;;) {
      const ch = s[pos];
      if (ch === "#") {
        const lineEnd = s.indexOf("\n", pos);
        pos = lineEnd < 0 ? s.length : lineEnd;
      } else if (ch !== undefined && BLANK.test(ch)) {
        pos++;
      } else break;
    }
    this.start = pos;
    const ch = s[pos];
    if (ch === undefined) return this.token("eof", pos);
    if (ch === "\n") return this.token("newline", pos + 1);
    if (ch === "=" || ch === "{" || ch === "}" || ch === ";" || ch === ":" || ch === ",") {
      return this.token(ch, pos + 1);
    }
    if (ch === "." && s[pos + 1] === ".") return this.token("..", pos + 2);
    const word = this.match(WORD, pos);
    if (word > pos) return this.token("word", word);
    const number = this.match(NUMBER, pos);
    if (number > pos) return this.token("number", number);
    return this.token("char", pos + (s.codePointAt(pos)! > 0xffff ? 2 : 1));
  }

  /** Moves past the current token if it has the given type, and says whether it did. */
  eat(type: TokenType): boolean {
    if (this.type !== type) return false;
    this.next();
    return true;
  }

  /** Moves past a token of the given type, or raises "expected WHAT — HINT" (see {@link expected}). */
  expect(type: TokenType, what: string, hint?: string): void {
    if (!this.eat(type)) this.expected(what, hint);
  }

  /**
   * Raises "expected WHAT, found 'x' — HINT" at the current token. At a
   * statement's end it points just past the previous token instead, where the
   * missing text belongs, and leaves "found" out.
   */
  expected(what: string, hint?: string): never {
    const atEnd = this.atStatementEnd();
    const found = atEnd ? "" : `, found ${this.describe()}`;
    const offset = atEnd ? this.previousEnd : this.start;
    this.raise(`expected ${what}${found}${hint === undefined ? "" : ` — ${hint}`}`, offset);
  }

  /** Whether the current token ends a statement: a line end, `;` or the end of the script. */
  atStatementEnd(): boolean {
    return this.type === "newline" || this.type === ";" || this.type === "eof";
  }

  /** The current token for a message: 'text', or "the end of the line/script". */
  describe(): string {
    if (this.type === "newline") return "the end of the line";
    if (this.type === "eof") return "the end of the script";
    return `'${this.text}'`;
  }

  /** Throws a ScriptError at `offset` (default: the current token). */
  raise(reason: string, offset: number = this.start): never {
    throw errorAt(this.source, offset, reason);
  }

  private match(re: RegExp, pos: number): number {
    re.lastIndex = pos;
    return re.test(this.source) ? re.lastIndex : pos;
  }

  private token(type: TokenType, end: number): void {
    this.type = type;
    this.end = end;
    this.text = type === "newline" || type === "eof" ? "" : this.source.slice(this.start, end);
  }
}

/** A parse-phase ScriptError at `offset` of `source`, with its line and column worked out. */
export function errorAt(source: string, offset: number, reason: string): ScriptError {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf("\n"); i >= 0 && i < offset; i = source.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return new ScriptError(reason, line, offset - lineStart + 1, "parse");
}
