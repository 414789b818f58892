/**
 * Splits one line of a pool script into coloured tokens for the editor.
 *
 * Only for highlighting: it never rejects anything (the worker's parser does that),
 * and it reads one line at a time because no token spans lines.
 */

/** What a token is, which picks its colour. */
export type TokenKind = "keyword" | "number" | "name" | "comment" | "brace" | "operator";

/** A token: `from` and `to` are offsets into the line. */
export interface Token {
  readonly kind: TokenKind;
  readonly from: number;
  readonly to: number;
}

/** The words of the language (SPEC §2); `log` is one only after a range (see {@link tokenizeLine}). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  "capacity",
  "seed",
  "acquire",
  "release",
  "resize",
  "repeat",
  "random",
  "newest",
  "oldest",
  "all",
]);

const PATTERNS: readonly [TokenKind | null, RegExp][] = [
  [null, /\s+/y],
  ["comment", /#.*/y],
  ["number", /\d[\d_]*(?:KiB|MiB|KB|MB|K|M|B)?(?![\w])/iy],
  ["name", /[A-Za-z_][\w]*/y],
  ["brace", /[{}]/y],
  ["operator", /\.\.|[=;:,]/y],
];

/** The tokens of `line`, left to right; characters no pattern knows are skipped. */
export function tokenizeLine(line: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  outer: while (pos < line.length) {
    for (const [kind, pattern] of PATTERNS) {
      pattern.lastIndex = pos;
      const match = pattern.exec(line);
      if (match === null) continue;
      const to = pos + match[0].length;
      if (kind !== null) {
        const word = match[0];
        const keyword =
          kind === "name" && (KEYWORDS.has(word) || (word === "log" && endsRange(line, tokens)));
        tokens.push({ kind: keyword ? "keyword" : kind, from: pos, to });
      }
      pos = to;
      continue outer;
    }
    pos += 1;
  }
  return tokens;
}

/**
 * Whether the tokens so far end in a range, `..` and a number: there `log`
 * makes it log-uniform. Elsewhere `log` may name a buffer, so it is not
 * coloured as a keyword.
 */
function endsRange(line: string, tokens: readonly Token[]): boolean {
  const [range, high] = tokens.slice(-2);
  return (
    high?.kind === "number" && range !== undefined && line.slice(range.from, range.to) === ".."
  );
}
