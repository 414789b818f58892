/**
 * What a run reports and what playback obeys: the engine's own vocabulary.
 * `worker/protocol.ts` carries these across the worker boundary as they are.
 * Every command and report has a literal `type`; switches over them end in
 * {@link assertNever}.
 */
import { SIZE_CLASSES } from "../pool/sizeClasses.ts";
import type { TraceFormat, TraceLineError } from "../workload/index.ts";
import type { CompareSnapshot, Divergence } from "./compare.ts";

export type { CompareSnapshot, Divergence, TraceFormat, TraceLineError };

/** Number of size classes (4 KiB … 1 MiB). */
export const CLASS_COUNT = SIZE_CLASSES.length;

/** Playback state, as shown by `data-testid="run-status"`. */
export type RunStatus = "idle" | "running" | "paused" | "done" | "error";

/** Steps per second, or `"max"` for as fast as the worker can go. */
export type Speed = number | "max";

/** What a release did with the buffer. */
export type ReleaseOutcome = "pooled" | "dropped-full" | "dropped-oversized";

/** What an acquire did: served from the free list, or freshly allocated. */
export type AcquireOutcome = "recycle" | "miss";

/** One pool operation as it happened. `line` is 0 for clicks on the page. */
export type PoolEvent =
  | {
      readonly op: "acquire";
      readonly step: number;
      readonly line: number;
      readonly name: string;
      /** Bytes asked for. */
      readonly size: number;
      /** Size class index 0…8, or -1 when oversized. */
      readonly sizeClass: number;
      readonly outcome: AcquireOutcome;
      /** Capacity of the buffer handed out (a recycled grown buffer keeps its capacity). */
      readonly capacity: number;
    }
  | {
      readonly op: "release";
      readonly step: number;
      readonly line: number;
      readonly name: string;
      readonly sizeClass: number;
      readonly outcome: ReleaseOutcome;
      readonly capacity: number;
    }
  | {
      readonly op: "resize";
      readonly step: number;
      readonly line: number;
      readonly name: string;
      readonly sizeClass: number;
      readonly length: number;
      readonly previousCapacity: number;
      readonly capacity: number;
    };

/** A buffer the script (or a click) still holds. */
export interface HeldBuffer {
  readonly name: string;
  /** Size class index 0…8, or -1 when oversized. */
  readonly sizeClass: number;
  readonly length: number;
  readonly capacity: number;
}

/** The pool and the run at one step: everything the page draws. */
export interface Snapshot {
  readonly status: RunStatus;
  /** Steps executed so far (0 before the first). */
  readonly step: number;
  /** Steps recorded in history (the furthest step reached; ≥ `step`). */
  readonly recordedSteps: number;
  /** Source line of the last step, 0 when none. */
  readonly line: number;
  readonly lastEvent: PoolEvent | null;
  /** Most recent events, oldest first, at most {@link EVENT_LOG_LIMIT}. */
  readonly recentEvents: readonly PoolEvent[];
  readonly capacityPerClass: number;
  readonly allocations: number;
  readonly recycles: number;
  readonly misses: number;
  readonly recycleRate: number;
  /** Free-list length per class. */
  readonly free: readonly number[];
  /** Held buffer count per class. */
  readonly held: readonly number[];
  readonly oversizedHeld: number;
  /** Bytes of backing store sitting in free lists. */
  readonly retainedBytes: number;
  /** Bytes of backing store in held buffers. */
  readonly heldBytes: number;
  /** Held buffers, oldest first, at most {@link HELD_LIST_LIMIT}. */
  readonly heldBuffers: readonly HeldBuffer[];
  /** Total held buffers (may exceed `heldBuffers.length`). */
  readonly heldCount: number;
  /** Per-class metrics at this step (SPEC §9): the nine classes, then oversized. */
  readonly classes: readonly ClassMetrics[];
  /** B's side while comparing (SPEC §4 Compare); absent when not. */
  readonly compare?: CompareSnapshot;
  /**
   * Per class, the buffers on its free list, top (the next one handed out)
   * first: at most {@link STACK_LIST_LIMIT} each, or {@link STACK_RUNNING_LIMIT}
   * while running (`free` has the whole lengths).
   */
  readonly stacks: readonly (readonly FreeBuffer[])[];
}

/** A buffer on a free list: the name of its last holder and its capacity in bytes. */
export interface FreeBuffer {
  readonly name: string;
  readonly capacity: number;
}

/** One size class's metrics (SPEC §9); `size` is null for oversized buffers. */
export interface ClassMetrics {
  readonly size: number | null;
  /** Acquires whose size falls in the class. */
  readonly requests: number;
  readonly recycles: number;
  readonly misses: number;
  /** The most buffers of the class held at once. */
  readonly peakHeld: number;
  /** The longest the class's free list has been. */
  readonly peakFree: number;
  /** Σ (class size − requested size) over the class's acquires; 0 for oversized. */
  readonly wasteBytes: number;
  /** The capacities of the buffers on the class's free list now. */
  readonly retainedBytes: number;
}

/** Counters sampled over the run for the chart. */
export interface SeriesPoint {
  readonly step: number;
  readonly recycleRate: number;
  readonly misses: number;
}

/** One class's numbers at the end of a sweep's run (SPEC §9). */
export interface SweepClassPoint {
  readonly recycles: number;
  readonly misses: number;
  /** Bytes left on the class's free list at the end. */
  readonly retainedBytes: number;
  /** The most bytes the class's free list held at once. */
  readonly peakRetainedBytes: number;
}

/** The result of running the workload at one capacity_per_class. */
export interface SweepPoint {
  readonly capacity: number;
  /** Steps run (the sweep caps endless scripts). */
  readonly steps: number;
  readonly allocations: number;
  readonly recycles: number;
  readonly misses: number;
  readonly recycleRate: number;
  /** Bytes left in free lists at the end. */
  readonly retainedBytes: number;
  /** The most bytes all free lists held at once during the run (SPEC §9). */
  readonly peakRetainedBytes: number;
  /** Per class: the nine classes, then oversized. */
  readonly classes: readonly SweepClassPoint[];
  /** True when the script ran to its end within the cap. */
  readonly complete: boolean;
  /** Why the run stopped early, or null. */
  readonly error: RunError | null;
}

/** Progress of a capacity sweep. */
export interface SweepProgress {
  readonly running: boolean;
  /** True when Cancel (or a new load) stopped it before the end. */
  readonly cancelled: boolean;
  /** Capacities finished. */
  readonly done: number;
  readonly total: number;
  /** Steps of the workload run so far, at every capacity at once (the sweep runs them in one pass). */
  readonly steps: number;
  /** Steps the workload has (up to the sweep's cap), or null while they are still being counted. */
  readonly totalSteps: number | null;
  /** Milliseconds since the sweep started, by the worker's clock (for the time left). */
  readonly elapsedMs: number;
  readonly points: readonly SweepPoint[];
}

/** The most events a snapshot carries. */
export const EVENT_LOG_LIMIT = 50;
/** The most held buffers a snapshot lists one by one. */
export const HELD_LIST_LIMIT = 200;
/** The most buffers per free list a settled snapshot lists one by one. */
export const STACK_LIST_LIMIT = 1000;
/** The most buffers per free list a snapshot lists while running, so a frame's message stays small. */
export const STACK_RUNNING_LIMIT = 16;

/** Why a run stopped early, with the line it stopped at (0 when not tied to one). */
export interface RunError {
  readonly kind: "syntax" | "runtime" | "limit" | "crash";
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** What playback obeys (see `Playback.handle`); the page sends these to the worker. */
export type Command =
  | {
      readonly type: "load";
      readonly source: string;
      /** Used when the script has no `capacity` line. */
      readonly capacity: number;
      readonly memoryBudgetBytes: number;
    }
  | {
      readonly type: "run";
      readonly speed: Speed;
      /** Stop at this step (pause). */ readonly untilStep?: number;
    }
  | { readonly type: "speed"; readonly speed: Speed }
  | { readonly type: "pause" }
  | { readonly type: "step" }
  | { readonly type: "seek"; readonly step: number }
  /** One step back from wherever the worker is (so quick repeats add up). */
  | { readonly type: "stepBack" }
  /** Are you there? Answered with `pong`. */
  | { readonly type: "ping" }
  | { readonly type: "reset" }
  | { readonly type: "acquireClass"; readonly sizeClass: number }
  | { readonly type: "releaseBuffer"; readonly name: string }
  | {
      readonly type: "sweep";
      readonly capacities: readonly number[];
      /** Steps per capacity at most. */
      readonly maxSteps: number;
    }
  | { readonly type: "cancelSweep" }
  /** Compare: runs the workload at capacity B beside this run, in lock-step (null: stop comparing). */
  | { readonly type: "compare"; readonly capacity: number | null }
  /**
   * Reads a trace file (SPEC §2b) in the worker, streaming, with `loadProgress`
   * reports; then `loaded` (with `trace`), and the trace is the workload that
   * run, step, seek and reset play, or `rejected`, and the workload before
   * it stays. A `load`, another `loadTrace` or `cancelLoad` stops a read under way.
   */
  | {
      readonly type: "loadTrace";
      /** The file's name, as the page shows it. */
      readonly name: string;
      /** The file (read through `stream()`), or pasted text. */
      readonly source: Blob | string;
      /** Used when the trace has no `capacity` line. */
      readonly capacity: number;
      readonly memoryBudgetBytes: number;
    }
  /** Stops a `loadTrace` under way; answered with `loadCancelled` if one was. */
  | { readonly type: "cancelLoad" }
  /**
   * Writes one export file (SPEC §5) in the worker: `exportProgress` reports
   * while it is being written, its text in `exportChunk`s (join them in
   * order), then `exportDone`; or `exportFailed`. Another `export` or
   * `cancelExport` stops one under way.
   */
  | { readonly type: "export"; readonly kind: ExportKind }
  /** Stops an export under way; answered with `exportFailed` (`cancelled: true`) if one was. */
  | { readonly type: "cancelExport" }
  /**
   * Writes the loaded trace as a script (`toScript`), where the trace is:
   * answered with `converted`, or `rejected` when it is too big to be one.
   */
  | { readonly type: "convertToScript" };

/** The files the worker writes (the charts are drawn, and so written, by the page). */
export type ExportKind = "events" | "classes" | "run" | "sweep";

/** A trace the worker loaded: what the editor shows in place of the text. */
export interface TraceInfo {
  readonly name: string;
  readonly format: TraceFormat;
  /** Events (steps) in it. */
  readonly events: number;
  /** Its own `capacity` line's value, if it has one. */
  readonly capacity: number | undefined;
}

/** What playback reports; the worker posts these to the page. */
export type Report =
  /** The worker has started. */
  | { readonly type: "ready" }
  | { readonly type: "pong" }
  | {
      readonly type: "loaded";
      readonly capacity: number;
      readonly snapshot: Snapshot;
      /** Set when the workload is a trace file. */
      readonly trace?: TraceInfo;
    }
  /** How far a `loadTrace` has read, at most about ten times a second. */
  | {
      readonly type: "loadProgress";
      readonly name: string;
      readonly bytesRead: number;
      readonly totalBytes: number;
    }
  /** A trace was refused (bad lines, a limit, no known format); the workload before it stays. */
  | {
      readonly type: "rejected";
      readonly name: string;
      /** One sentence saying why. */
      readonly message: string;
      /** The first bad lines, at most ten, with the file's line numbers. */
      readonly errors: readonly TraceLineError[];
      /** Bad lines beyond those listed. */
      readonly more: number;
    }
  /** A `loadTrace` was stopped by `cancelLoad`; the workload before it stays. */
  | { readonly type: "loadCancelled"; readonly name: string }
  /** The loaded trace `name` written as a script, in answer to `convertToScript`. */
  | { readonly type: "converted"; readonly name: string; readonly script: string }
  | {
      readonly type: "snapshot";
      readonly snapshot: Snapshot;
      readonly series?: readonly SeriesPoint[];
    }
  | { readonly type: "error"; readonly error: RunError; readonly snapshot: Snapshot }
  | { readonly type: "sweep"; readonly progress: SweepProgress }
  /** How far an export is: steps written of `total` (null when not known ahead). */
  | {
      readonly type: "exportProgress";
      readonly kind: ExportKind;
      readonly done: number;
      readonly total: number | null;
    }
  /** The next piece of an export's text. */
  | { readonly type: "exportChunk"; readonly kind: ExportKind; readonly text: string }
  /** An export is whole: its chunks, joined, are the file `fileName`. */
  | { readonly type: "exportDone"; readonly kind: ExportKind; readonly fileName: string }
  /** An export stopped: cancelled, or nothing to write (`message` says why). */
  | {
      readonly type: "exportFailed";
      readonly kind: ExportKind;
      readonly message: string;
      readonly cancelled: boolean;
    };

/** The snapshot of a fresh pool before the first step. */
export function emptySnapshot(capacityPerClass: number, status: RunStatus = "idle"): Snapshot {
  return {
    status,
    step: 0,
    recordedSteps: 0,
    line: 0,
    lastEvent: null,
    recentEvents: [],
    capacityPerClass,
    allocations: 0,
    recycles: 0,
    misses: 0,
    recycleRate: 0,
    free: Array<number>(CLASS_COUNT).fill(0),
    held: Array<number>(CLASS_COUNT).fill(0),
    oversizedHeld: 0,
    retainedBytes: 0,
    heldBytes: 0,
    heldBuffers: [],
    heldCount: 0,
    classes: [...SIZE_CLASSES, null].map((size) => ({
      size,
      requests: 0,
      recycles: 0,
      misses: 0,
      peakHeld: 0,
      peakFree: 0,
      wasteBytes: 0,
      retainedBytes: 0,
    })),
    stacks: SIZE_CLASSES.map(() => []),
  };
}

/** Ends an exhaustive switch: the compiler proves it unreachable, the runtime reports it. */
export function assertNever(value: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(value)}`);
}
