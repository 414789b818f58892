/**
 * Oracle traces: the op format of the Rust reference oracle (`trace`), parsed
 * into ops, and replayed against any pool with the seed's API into the same
 * records the oracle prints, one per op.
 *
 * Format: one op per line; blank lines and lines whose first non-blank
 * character is `#` are ignored; tokens are separated by ASCII whitespace.
 *
 * ```text
 * capacity N        first op: the pool's capacity per class
 * acquire ID SIZE   acquire(SIZE) and name the buffer ID (any token)
 * release ID        release the buffer named ID
 * resize ID LEN     resize it to LEN bytes (new bytes 0)
 * ```
 *
 * Numbers are decimal digits only (no sign). Pure: imports nothing.
 */

/** Where an op came from: its 1-based source line, and its tokens joined by single spaces. */
export interface TraceSource {
  readonly line: number;
  readonly text: string;
}

/** One op of a trace. A malformed line is kept as `invalid` (it still counts as an op), with the oracle's reason. */
export type TraceOp = TraceSource &
  (
    | { readonly kind: "capacity"; readonly capacity: number }
    | { readonly kind: "acquire"; readonly id: string; readonly size: number }
    | { readonly kind: "release"; readonly id: string }
    | { readonly kind: "resize"; readonly id: string; readonly len: number }
    | { readonly kind: "invalid"; readonly reason: string }
  );

/** The pool as a replay needs it: structurally the project's `BufferPool`. */
export interface TracePool {
  /** A buffer of at least `minSize` bytes. */
  acquire(minSize: number): TraceBuffer;
  /** The counters, `recycleRate` included. */
  stats(): { allocations: number; recycles: number; misses: number; recycleRate: number };
  /** The nine free lists' lengths. */
  freeListLengths(): number[];
}

/** A held buffer as a replay needs it: structurally the project's `PooledBuffer`. */
export interface TraceBuffer {
  /** Bytes in use. */
  readonly length: number;
  /** Bytes allocated. */
  readonly capacity: number;
  /** Resize to `newLength` bytes, new bytes 0. */
  resize(newLength: number): void;
  /** Give the buffer back to its pool. */
  release(): void;
}

/**
 * The state after one op, exactly as the oracle prints it (field names included):
 * `len`/`capacity` are the buffer's after an acquire or resize, else null.
 */
export interface TraceState {
  /** The op's index among the trace's ops, from 0. */
  readonly i: number;
  /** The op's tokens joined by single spaces. */
  readonly op: string;
  readonly allocations: number;
  readonly recycles: number;
  readonly misses: number;
  /** `recycles / allocations`, 0 when there are none. */
  readonly recycle_rate: number;
  /** The nine free lists' lengths. */
  readonly free: readonly number[];
  readonly len: number | null;
  readonly capacity: number | null;
}

/** A rejected op, which changed nothing. The message is informational, as in the oracle. */
export interface TraceError {
  /** The op's index among the trace's ops, from 0. */
  readonly i: number;
  /** Why it was rejected. */
  readonly error: string;
}

/** What one op produced: the oracle's output line for it. */
export type TraceRecord = TraceState | TraceError;

const WHITESPACE = /[\t\n\f\r ]+/;
const DIGITS = /^[0-9]+$/;

/** The ops of a trace, in order; ignored lines are skipped and malformed ones kept as `invalid`. */
export function parseTrace(text: string): TraceOp[] {
  const ops: TraceOp[] = [];
  text.split("\n").forEach((source, index) => {
    const tokens = source.split(WHITESPACE).filter((token) => token !== "");
    if (tokens.length === 0 || tokens[0]!.startsWith("#")) return;
    ops.push(parseOp(tokens, index + 1));
  });
  return ops;
}

function parseOp(tokens: readonly string[], line: number): TraceOp {
  const text = tokens.join(" ");
  const invalid = (reason: string): TraceOp => ({ kind: "invalid", line, text, reason });
  const [keyword = "", id = "", argument = ""] = tokens;
  const usage = USAGE.get(keyword);
  if (usage === undefined) return invalid(`unknown op '${keyword}'`);
  const words = usage.split(" ");
  if (tokens.length !== words.length) return invalid(`malformed: expected '${usage}'`);
  if (keyword === "release") return { kind: "release", line, text, id };
  const what = words.at(-1);
  const token = keyword === "capacity" ? id : argument;
  if (!DIGITS.test(token)) {
    return invalid(`malformed ${what}: '${token}' is not a non-negative decimal integer`);
  }
  const value = Number(token);
  if (!Number.isSafeInteger(value))
    return invalid(`malformed ${what}: '${token}' is not a safe integer`);
  switch (keyword) {
    case "capacity":
      return { kind: "capacity", line, text, capacity: value };
    case "acquire":
      return { kind: "acquire", line, text, id, size: value };
    default:
      return { kind: "resize", line, text, id, len: value };
  }
}

/** Each op's usage line; its last word names the number argument in error messages. */
const USAGE = new Map([
  ["capacity", "capacity N"],
  ["acquire", "acquire ID SIZE"],
  ["release", "release ID"],
  ["resize", "resize ID LEN"],
]);

/**
 * Replay a trace the way the oracle does: `createPool(N)` at the `capacity`
 * op, then one record per op. An op is rejected (an error record, nothing
 * changed) when it is malformed, comes before `capacity`, repeats `capacity`,
 * acquires an ID still held, or releases or resizes an unknown ID.
 * Buffers still held at the end are left held.
 * Messages are the oracle's, checked in its order (a misplaced `capacity` or
 * an op before it is named so even when the line is also malformed).
 */
export function replayTrace(
  text: string,
  createPool: (capacity: number) => TracePool,
): TraceRecord[] {
  let pool: TracePool | undefined;
  const held = new Map<string, TraceBuffer>();
  return parseTrace(text).map((op, i): TraceRecord => {
    const error = (message: string): TraceError => ({ i, error: message });
    if (op.kind === "invalid") return error(misplaced(op.text, pool !== undefined) ?? op.reason);
    if (op.kind === "capacity") {
      if (pool !== undefined) return error(CAPACITY_ALREADY_SET);
      pool = createPool(op.capacity);
      return state(i, op.text, pool, null);
    }
    if (pool === undefined) return error(NO_POOL);
    if (op.kind === "acquire") {
      if (held.has(op.id)) return error(`duplicate id '${op.id}' (still live)`);
      const buffer = pool.acquire(op.size);
      held.set(op.id, buffer);
      return state(i, op.text, pool, buffer);
    }
    const buffer = held.get(op.id);
    if (buffer === undefined) return error(`unknown id '${op.id}'`);
    if (op.kind === "release") {
      held.delete(op.id);
      buffer.release();
      return state(i, op.text, pool, null);
    }
    buffer.resize(op.len);
    return state(i, op.text, pool, buffer);
  });
}

const CAPACITY_ALREADY_SET = "capacity already set (capacity must be the first op)";
const NO_POOL = "no pool: first op must be 'capacity N'";

/** The oracle's message for a malformed line of a known op that is also out of order, if it is. */
function misplaced(text: string, poolExists: boolean): string | undefined {
  const words = text.split(" ");
  if (words[0] === "capacity")
    return poolExists && words.length === 2 ? CAPACITY_ALREADY_SET : undefined;
  return !poolExists && USAGE.has(words[0] ?? "") ? NO_POOL : undefined;
}

function state(i: number, op: string, pool: TracePool, buffer: TraceBuffer | null): TraceState {
  const { allocations, recycles, misses, recycleRate } = pool.stats();
  return {
    i,
    op,
    allocations,
    recycles,
    misses,
    recycle_rate: recycleRate,
    free: pool.freeListLengths(),
    len: buffer === null ? null : buffer.length,
    capacity: buffer === null ? null : buffer.capacity,
  };
}

/** The records of an oracle output file (`*.expected.jsonl`): one JSON object per non-blank line. */
export function parseRecords(jsonl: string): TraceRecord[] {
  return jsonl
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as TraceRecord);
}
