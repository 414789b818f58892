/**
 * A parsed trace: its events as columns of typed arrays (about 21 bytes an
 * event), and a step source over them. A trace is static, so each event's
 * handle (see `StepBatch`) is worked out once while it is read, and a
 * cursor's whole state is the index of its next event.
 */
import { StepKind, type StepBatch } from "../script/index.ts";
import type { BufferIds } from "./bufferIds.ts";
import type { TraceFormat } from "./limits.ts";

/** The columns of a trace's events, index k holding the k-th. */
export interface TraceColumns {
  readonly kinds: Uint8Array;
  /** An acquire's size or a resize's length; 0 for a release (all ≤ 2^31). */
  readonly amounts: Uint32Array; // 32-bit: sizes are at most 2^31 (LIMITS.maxSizeBytes)
  readonly ids: Float64Array;
  readonly handles: Int32Array; // 32-bit: below the most buffers held at once
  readonly lines: Int32Array; // 32-bit: a trace of at most 1 GiB has < 2^30 lines
}

/** A trace read whole and checked: every event is valid, so a run of it never fails on its own. */
export class Trace {
  /** How many events (steps) it has. */
  readonly events: number;

  constructor(
    /** The file's name, as the page shows it. */
    readonly name: string,
    readonly format: TraceFormat,
    /** capacity_per_class from a `capacity` line (pool traces only), else undefined. */
    readonly capacity: number | undefined,
    private readonly columns: TraceColumns,
    private readonly ids: BufferIds,
  ) {
    this.events = columns.kinds.length;
  }

  /** A cursor at the first event, or at the event index a cursor of this trace saved. */
  cursor(state?: number): TraceCursor {
    const index = state ?? 0;
    if (!Number.isSafeInteger(index) || index < 0 || index > this.events) {
      throw new RangeError(`this cursor state was not saved by a cursor of this trace`);
    }
    return new TraceCursor(this.columns, index);
  }

  /** The trace's own ID token for a buffer id. */
  bufferName(id: number): string {
    return this.ids.tokenOf(id);
  }

  /** The id of the buffer the trace calls `name`, or -1. */
  bufferId(name: string): number {
    return this.ids.find(name);
  }

  /** Event `k` (0-based) as the script language's `Step` shape, for conversion and tests. */
  event(k: number): TraceEvent {
    const { kinds, amounts, ids, lines } = this.columns;
    const name = this.ids.tokenOf(ids[k]!);
    const line = lines[k]!;
    switch (kinds[k]) {
      case StepKind.Acquire:
        return { kind: "acquire", name, size: amounts[k]!, line };
      case StepKind.Release:
        return { kind: "release", name, line };
      default:
        return { kind: "resize", name, length: amounts[k]!, line };
    }
  }

  /** The events in order, as the script language's `Program.steps()` gives steps. */
  *steps(): Generator<TraceEvent, undefined> {
    for (let k = 0; k < this.events; k++) yield this.event(k);
    return undefined;
  }

  /** Bytes the event columns take. */
  get byteLength(): number {
    const c = this.columns;
    return (
      c.kinds.byteLength +
      c.amounts.byteLength +
      c.ids.byteLength +
      c.handles.byteLength +
      c.lines.byteLength
    );
  }
}

/** One event, in the shape of the script language's `Step`. */
export type TraceEvent =
  | {
      readonly kind: "acquire";
      readonly name: string;
      readonly size: number;
      readonly line: number;
    }
  | { readonly kind: "release"; readonly name: string; readonly line: number }
  | {
      readonly kind: "resize";
      readonly name: string;
      readonly length: number;
      readonly line: number;
    };

/** A position in a trace; it never fails, as every event was checked when the trace was read. */
export class TraceCursor {
  constructor(
    private readonly columns: TraceColumns,
    private index: number,
  ) {}

  /** Copies the next events, at most `max`, into `batch` from index 0; returns how many. */
  fill(batch: StepBatch, max: number = batch.capacity): number {
    const { kinds, amounts, ids, handles, lines } = this.columns;
    const from = this.index;
    const to = Math.min(kinds.length, from + Math.min(max, batch.capacity));
    batch.repeats = 0;
    batch.kinds.set(kinds.subarray(from, to));
    batch.handles.set(handles.subarray(from, to));
    batch.lines.set(lines.subarray(from, to));
    batch.buffers.set(ids.subarray(from, to));
    const batchAmounts = batch.amounts;
    for (let k = from; k < to; k++) batchAmounts[k - from] = amounts[k]!;
    this.index = to;
    return to - from;
  }

  /** The index of the next event. */
  save(): number {
    return this.index;
  }
}
