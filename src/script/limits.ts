/**
 * The bounds a script must stay within. Each error that enforces one names
 * the limit in its message, so a user can see what to change.
 */
export const LIMITS = {
  /** Largest size of an acquire or length of a resize, in bytes: 2^31 (2048MB). */
  maxSizeBytes: 2 ** 31,
  /** Largest repeat count: 10^9. A count of 0 is allowed and runs the body zero times. */
  maxRepeatCount: 1_000_000_000,
  /** Largest sum of the weights of one weighted choice (`4KB:80, 64KB:20`): 10^9. */
  maxWeightTotal: 1_000_000_000,
  /** How many repeat blocks may nest inside one another. */
  maxRepeatDepth: 32,
  /** Longest script, in characters (UTF-16 code units): 1 MiB of text. */
  maxScriptChars: 1_048_576,
  /** Largest `capacity` (buffers kept per size class); 0 is allowed and pools nothing. */
  maxCapacity: 1_000_000,
  /** Largest `seed`: seeds are unsigned 32-bit numbers. */
  maxSeed: 0xffff_ffff,
} as const;

/** The seed of a script that has no `seed` line, so its `random` choices still repeat exactly. */
export const DEFAULT_SEED = 1;
