/**
 * A trace's buffer IDs as numbers. A trace names buffers with any token; most
 * are a prefix and a counter (`17`, `h42`, `buf_7`), so an id packs the
 * counter with the index of its prefix and no string is kept per buffer: a
 * trace of 10^7 distinct IDs costs a few prefixes. Other tokens (no digits at
 * the end, a counter of more than 12 digits) are kept in a table.
 */

/** Prefix slots in an id; the last one marks a token kept whole in the table. */
const PREFIX_SLOTS = 4096;
const WHOLE = PREFIX_SLOTS - 1;
/** Longest counter packed into an id: 10^12 × 4096 < 2^53, so ids stay exact. */
const MAX_COUNTER_DIGITS = 12;

const ZERO = 48;
const NINE = 57;

/** The ids of one trace's tokens, and back. */
export class BufferIds {
  private readonly prefixes: string[] = [];
  private readonly prefixIndex = new Map<string, number>();
  private readonly tokens: string[] = [];
  private readonly tokenIndex = new Map<string, number>();

  /** The id of `token`, giving it one if it has none yet. */
  idOf(token: string): number {
    const split = splitCounter(token);
    if (split >= 0) {
      const prefix = token.slice(0, split);
      let p = this.prefixIndex.get(prefix);
      if (p === undefined && this.prefixes.length < WHOLE) {
        p = this.prefixes.length;
        this.prefixes.push(prefix);
        this.prefixIndex.set(prefix, p);
      }
      if (p !== undefined) return Number(token.slice(split)) * PREFIX_SLOTS + p;
    }
    let k = this.tokenIndex.get(token);
    if (k === undefined) {
      k = this.tokens.length;
      this.tokens.push(token);
      this.tokenIndex.set(token, k);
    }
    return k * PREFIX_SLOTS + WHOLE;
  }

  /** The id `token` has, or -1 when it was never given one. */
  find(token: string): number {
    const split = splitCounter(token);
    if (split >= 0) {
      const p = this.prefixIndex.get(token.slice(0, split));
      if (p !== undefined) return Number(token.slice(split)) * PREFIX_SLOTS + p;
    }
    const k = this.tokenIndex.get(token);
    return k === undefined ? -1 : k * PREFIX_SLOTS + WHOLE;
  }

  /** The token of an id this table gave. */
  tokenOf(id: number): string {
    const p = id % PREFIX_SLOTS;
    const n = (id - p) / PREFIX_SLOTS;
    return p === WHOLE ? (this.tokens[n] ?? "") : `${this.prefixes[p] ?? ""}${n}`;
  }
}

/**
 * Where the token's counter starts: the shortest run of digits at its end
 * written the way `String(n)` writes it (no leading zero unless it is `0`),
 * so prefix + String(counter) gives the token back. -1 when there is none
 * or it is too long to pack.
 */
function splitCounter(token: string): number {
  let start = token.length;
  while (start > 0) {
    const c = token.charCodeAt(start - 1);
    if (c < ZERO || c > NINE) break;
    start--;
  }
  if (start === token.length) return -1;
  // Leading zeros belong to the prefix; a run of zeros keeps its last as the counter.
  while (start < token.length - 1 && token.charCodeAt(start) === ZERO) start++;
  return token.length - start > MAX_COUNTER_DIGITS ? -1 : start;
}
