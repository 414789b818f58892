/**
 * Collects a trace's events as a reader parses its lines: checks each one
 * against the buffers held so far (as the oracle does: a rejected line
 * changes nothing), hands out handles (see `StepBatch`), and keeps the bad
 * lines to report.
 */
import { LIMITS, StepKind, formatSize } from "../script/index.ts";
import { BufferIds } from "./bufferIds.ts";
import { TRACE_LIMITS, type TraceFormat } from "./limits.ts";
import { Trace } from "./trace.ts";

/** A bad line: the file's line number (from 1) and what was wrong with it. */
export interface TraceLineError {
  readonly line: number;
  readonly message: string;
}

/** Why a trace was refused: nothing of it runs. */
export interface TraceRejection {
  /** One sentence for the page or the CLI. */
  readonly message: string;
  /** The first bad lines (at most `TRACE_LIMITS.listedErrors`), in file order. */
  readonly errors: readonly TraceLineError[];
  /** Bad lines found beyond those listed. */
  readonly more: number;
}

/** A refusal's bad lines as text, one line each (indented), and how many more there are. */
export function rejectionLines({ errors, more }: TraceRejection): string[] {
  const lines = errors.map((bad) => `  line ${bad.line}: ${bad.message}`);
  if (more > 0) lines.push(`  … and ${more} more bad line${more === 1 ? "" : "s"}`);
  return lines;
}

const INITIAL_EVENTS = 1024;
const SIZE_LIMIT = `a size is at most ${formatSize(LIMITS.maxSizeBytes)} (2^31 bytes)`;
const WHOLE_NUMBER = /^[0-9]+$/;

/** Shows a token in a message: quoted, and clipped when long (it is shown as text, never markup). */
export function quoteToken(token: string): string {
  return `'${token.length > 40 ? `${token.slice(0, 40)}…` : token}'`;
}

/** The events read so far, their checks, and the bad lines. */
export class TraceBuilder {
  /** Set when the trace can no longer be accepted for a reason other than bad lines (a limit). */
  fatal: string | null = null;
  private count = 0;
  /** Events read, stored or not. */
  private seen = 0;
  private kinds = new Uint8Array(INITIAL_EVENTS);
  private amounts = new Uint32Array(INITIAL_EVENTS); // 32-bit: sizes ≤ 2^31, checked before they are stored
  private bufferIds = new Float64Array(INITIAL_EVENTS);
  private handles = new Int32Array(INITIAL_EVENTS); // 32-bit: below the most buffers held at once
  private lines = new Int32Array(INITIAL_EVENTS); // 32-bit: a trace of ≤ 1 GiB has < 2^30 lines
  private readonly ids = new BufferIds();
  /** Handle of each held buffer, by id. */
  private readonly held = new Map<number, number>();
  /** The line that acquired the buffer a handle holds. */
  private acquiredAt = new Int32Array(64); // 32-bit: line numbers, as above
  private freeHandles: number[] = [];
  private nextHandle = 0;
  private capacity: number | undefined;
  private readonly errors: TraceLineError[] = [];
  private badLines = 0;

  constructor(
    /** Most events accepted (a test may lower it). */
    private readonly maxEvents: number = TRACE_LIMITS.maxEvents,
  ) {}

  /** Whether any line was bad or a limit was passed. */
  get failed(): boolean {
    return this.badLines > 0 || this.fatal !== null;
  }

  /** Notes a bad line. */
  bad(line: number, message: string): void {
    this.badLines++;
    if (this.errors.length < TRACE_LIMITS.listedErrors) this.errors.push({ line, message });
  }

  /** A `capacity` line: allowed once, before the first event. */
  setCapacity(token: string, line: number): void {
    const value = this.wholeNumber(token, "capacity", line);
    if (value === undefined) return;
    if (this.capacity !== undefined)
      this.bad(line, "capacity is set twice; keep one capacity line");
    else if (this.count > 0 || this.badLines > 0)
      this.bad(line, "capacity must come before the first acquire, release or resize");
    else if (value > LIMITS.maxCapacity)
      this.bad(line, `capacity is at most ${LIMITS.maxCapacity} buffers per size class`);
    else this.capacity = value;
  }

  /** An acquire of `size` bytes (a token, checked here) for the buffer `token`. */
  acquire(token: string, sizeToken: string, line: number): void {
    const size = this.size(sizeToken, line);
    if (size === undefined) return;
    const id = this.ids.idOf(token);
    const heldHandle = this.held.get(id);
    if (heldHandle !== undefined) {
      const at = this.acquiredAt[heldHandle]!;
      this.bad(
        line,
        `${quoteToken(token)} is still held (acquired at line ${at}); release it first`,
      );
      return;
    }
    const handle = this.freeHandles.pop() ?? this.nextHandle++;
    this.held.set(id, handle);
    if (handle >= this.acquiredAt.length) this.acquiredAt = grow(this.acquiredAt);
    this.acquiredAt[handle] = line;
    this.push(StepKind.Acquire, size, id, handle, line);
  }

  /** A release of the buffer `token`. */
  release(token: string, line: number): void {
    const id = this.ids.find(token);
    const handle = id < 0 ? undefined : this.held.get(id);
    if (handle === undefined) {
      this.bad(line, `${quoteToken(token)} is not held, so it can't be released`);
      return;
    }
    this.held.delete(id);
    this.freeHandles.push(handle);
    this.push(StepKind.Release, 0, id, handle, line);
  }

  /** A resize of the buffer `token` to `lengthToken` bytes. */
  resize(token: string, lengthToken: string, line: number): void {
    const length = this.size(lengthToken, line);
    if (length === undefined) return;
    const id = this.ids.find(token);
    const handle = id < 0 ? undefined : this.held.get(id);
    if (handle === undefined) {
      this.bad(line, `${quoteToken(token)} is not held, so it can't be resized`);
      return;
    }
    this.push(StepKind.Resize, length, id, handle, line);
  }

  /** The trace, or why it is refused. */
  finish(name: string, format: TraceFormat): Trace | TraceRejection {
    if (this.fatal !== null) return { message: this.fatal, errors: [], more: 0 };
    if (this.badLines > 0) {
      const n = this.badLines;
      return {
        message: `${n === 1 ? "1 bad line" : `${n} bad lines`} in ${name}; nothing runs until ${n === 1 ? "it is" : "they are"} fixed`,
        errors: this.errors,
        more: n - this.errors.length,
      };
    }
    // Each column is trimmed and its growable array let go at once, so at most
    // one column is held twice while the trace is made.
    const n = this.count;
    const kinds = this.kinds.slice(0, n);
    this.kinds = new Uint8Array(0);
    const amounts = this.amounts.slice(0, n);
    this.amounts = new Uint32Array(0); // 32-bit: sizes, as above
    const ids = this.bufferIds.slice(0, n);
    this.bufferIds = new Float64Array(0);
    const handles = this.handles.slice(0, n);
    this.handles = new Int32Array(0); // 32-bit: handles, as above
    const lines = this.lines.slice(0, n);
    this.lines = new Int32Array(0); // 32-bit: line numbers, as above
    this.count = 0;
    return new Trace(
      name,
      format,
      this.capacity,
      { kinds, amounts, ids, handles, lines },
      this.ids,
    );
  }

  private size(token: string, line: number): number | undefined {
    const size = this.wholeNumber(token, "size", line);
    if (size === undefined) return undefined;
    if (size > LIMITS.maxSizeBytes) {
      this.bad(line, `size ${token} is too large: ${SIZE_LIMIT}`);
      return undefined;
    }
    return size;
  }

  private wholeNumber(token: string, what: string, line: number): number | undefined {
    if (!WHOLE_NUMBER.test(token)) {
      this.bad(
        line,
        token === ""
          ? `the ${what} is missing`
          : `${what} ${quoteToken(token)} is not a whole number`,
      );
      return undefined;
    }
    return Number(token);
  }

  private push(kind: StepKind, amount: number, id: number, handle: number, line: number): void {
    if (this.seen++ === this.maxEvents) {
      const most = this.maxEvents.toLocaleString("en-US");
      this.fatal = `this trace has more than ${most} events (line ${line}); a trace has at most ${most} events`;
      return;
    }
    if (this.badLines > 0) {
      // The trace is refused already: only checking goes on, nothing is stored.
      return;
    }
    if (this.count === this.kinds.length) this.growColumns();
    const k = this.count++;
    this.kinds[k] = kind;
    this.amounts[k] = amount;
    this.bufferIds[k] = id;
    this.handles[k] = handle;
    this.lines[k] = line;
  }

  private growColumns(): void {
    this.kinds = grow(this.kinds);
    this.amounts = grow(this.amounts);
    this.bufferIds = grow(this.bufferIds);
    this.handles = grow(this.handles);
    this.lines = grow(this.lines);
  }
}

/** A copy of `from` in an array half as long again. */
// 32-bit: a type, no arithmetic
function grow<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(from: T): T {
  const to = new (from.constructor as new (length: number) => T)(Math.ceil(from.length * 1.5) + 16);
  to.set(from);
  return to;
}
