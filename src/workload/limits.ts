/** The trace formats of SPEC §2b, and the limits every trace is held to. */

/** A trace file's format, detected from its content. */
export type TraceFormat = "pool-trace" | "malloc-lab" | "csv" | "jsonl";

/** The bounds a trace must stay within; each refusal names the one it broke. */
export const TRACE_LIMITS = {
  /** Most events (pool operations) in a trace: 10^7. */
  maxEvents: 10_000_000,
  /** Largest trace file: 1 GiB, refused before it is read. */
  maxBytes: 2 ** 30,
  /** Most bad lines listed one by one; the rest are counted. */
  listedErrors: 10,
  /** Most events a trace may have to be converted to a script. */
  maxConvertEvents: 10_000,
} as const;

/** Whether a trace of `events` events converts to a script (Convert to script; a link holds only a script). */
export function convertsToScript(events: number): boolean {
  return events <= TRACE_LIMITS.maxConvertEvents;
}

/** Bytes as people read them, for the limit messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${+(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}
