/**
 * The script language: text → AST (`parse`) → program (`compile`) → steps,
 * produced lazily by a saveable cursor. Pure: imports nothing from the pool.
 */
export type {
  AcquireStatement,
  CapacityStatement,
  Pos,
  ReleasePick,
  ReleaseStatement,
  ReleaseTarget,
  RepeatCount,
  RepeatStatement,
  ResizeStatement,
  Script,
  SeedStatement,
  SizeSpec,
  Statement,
  WeightedSize,
} from "./ast.ts";
/** Words that can't name a buffer (a trace converted to a script renames IDs that are). */
export { RESERVED_WORDS } from "./ast.ts";
export { format, formatStatement } from "./format.ts";
export { DEFAULT_SEED, LIMITS } from "./limits.ts";
export { parse } from "./parse.ts";
export { compile, type CursorState, type Program, type Step, type StepCursor } from "./program.ts";
export { StepBatch, StepKind, repeatInto } from "./stepBatch.ts";
export { ScriptError, type ScriptErrorPhase } from "./scriptError.ts";
export { formatSize } from "./sizes.ts";
