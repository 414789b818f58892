/**
 * The one message union between the page and the pool worker. Both sides
 * import this file; the page imports only its types (and the few constants
 * it shows). The engine defines the vocabulary (`engine/types.ts`): a message
 * to the worker is a playback {@link Command}, a message back is a {@link Report}.
 */
import type { Command, Report } from "../engine/types.ts";

/** Messages from the page to the worker. */
export type ToWorker = Command;
/** Messages from the worker to the page. */
export type FromWorker = Report;

export type {
  AcquireOutcome,
  ClassMetrics,
  Command,
  CompareSnapshot,
  Divergence,
  ExportKind,
  FreeBuffer,
  HeldBuffer,
  PoolEvent,
  ReleaseOutcome,
  Report,
  RunError,
  RunStatus,
  SeriesPoint,
  Snapshot,
  Speed,
  SweepClassPoint,
  SweepPoint,
  SweepProgress,
  TraceFormat,
  TraceInfo,
  TraceLineError,
} from "../engine/types.ts";
export {
  CLASS_COUNT,
  EVENT_LOG_LIMIT,
  HELD_LIST_LIMIT,
  STACK_LIST_LIMIT,
  STACK_RUNNING_LIMIT,
  assertNever,
  emptySnapshot,
} from "../engine/types.ts";
export { formatRunError } from "../engine/formatError.ts";
/** The sweep's words and its recommendation: the page asks the same functions as the CLI. */
export { DEFAULT_SWEEP, MAX_SWEEP_CAPACITY, parseCapacities } from "../engine/capacities.ts";
export { DEFAULT_TARGET, recommend, type Recommendation } from "../engine/recommend.ts";
export { SIZE_CLASSES } from "../pool/sizeClasses.ts";
/** The bounds of a trace file (events, bytes, convertible to a script). */
export { TRACE_LIMITS, convertsToScript } from "../workload/limits.ts";
/** The script language's limits: the page holds its settings to the same ones. */
export { LIMITS } from "../script/limits.ts";
/** "Use capacity N" rewrites a script's own `capacity` line, which wins over the setting. */
export { withCapacity } from "../script/capacityLine.ts";
