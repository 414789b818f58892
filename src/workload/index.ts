/**
 * Trace files (SPEC §2b): detect the format, read the file as it streams in,
 * and run it as a step source. Pure: imports only the script language and
 * the pool.
 */
export { BufferIds } from "./bufferIds.ts";
export { rejectionLines, type TraceLineError, type TraceRejection } from "./builder.ts";
export { detectFormat } from "./detect.ts";
export { TRACE_LIMITS, convertsToScript, formatBytes, type TraceFormat } from "./limits.ts";
export { TraceReader, readTrace, type TraceReaderOptions, type TraceResult } from "./reader.ts";
export { toScript } from "./toScript.ts";
export { readWorkload, type Workload } from "./workloadFile.ts";
export { Trace, TraceCursor, type TraceEvent } from "./trace.ts";
