/**
 * The nine size classes and how a request finds its class: the one place the
 * class sizes are written. Pure, tiny, and safe for the page to import.
 */

/** The smallest size class, 4 KiB. */
export const SMALLEST_CLASS = 4096;
/** The largest size class, 1 MiB: a larger request is oversized. */
export const LARGEST_CLASS = 1_048_576;
/** The nine size classes in bytes: 4 KiB, 8 KiB, … 1 MiB, each twice the one before. */
export const SIZE_CLASSES: readonly number[] = Object.freeze(
  // 32-bit: k is 0…8, so the shift is at most 2^20 (1 MiB)
  Array.from({ length: 9 }, (_, k) => SMALLEST_CLASS << k),
);

/**
 * The `sizeClass` of a buffer that belongs to no class because its request
 * exceeded 1 MiB (the seed's `usize::MAX`). Such a buffer is never pooled.
 */
export const OVERSIZED: number = Number.MAX_SAFE_INTEGER;

/** The least capacity a resize grows an empty buffer to: Rust's `RawVec::MIN_NON_ZERO_CAP` for one-byte elements. */
export const MIN_NON_ZERO_CAPACITY = 8;

/**
 * How a buffer stores OVERSIZED: one past the last class. Engines keep a field
 * that only ever holds small integers unboxed; a single OVERSIZED (not a small
 * integer) stored there would make V8 with pointer compression (Chrome) box
 * that field in every buffer made after it.
 */
export const OVERSIZED_INDEX = 9;

/**
 * The index (0…8) of the smallest size class holding `minSize` bytes, or
 * {@link OVERSIZED} when `minSize` exceeds 1 MiB. 0 and 1 fall in class 0 (4 KiB).
 *
 * @throws RangeError naming `minSize` unless it is a non-negative safe integer.
 */
export function sizeClassOf(minSize: number): number {
  if (!isSize(minSize)) throw badArgument("minSize", minSize, "a non-negative safe integer");
  return classFor(minSize);
}

/** Whether `n` is a size the pool accepts: a non-negative safe integer. */
export function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/**
 * The class index (0…8) for a size, or {@link OVERSIZED} above 1 MiB; the
 * size must already be known to be valid ({@link isSize}).
 */
export function classFor(minSize: number): number {
  return minSize > LARGEST_CLASS ? OVERSIZED : pooledClassFor(minSize);
}

/**
 * {@link classFor} of a size up to 1 MiB: always a small integer, so the
 * compiler keeps it an int32 where it indexes (`OVERSIZED` is a double).
 */
export function pooledClassFor(minSize: number): number {
  if (minSize <= SMALLEST_CLASS) return 0;
  // minSize - 1 has its top bit at position 12 + k for class k ≥ 1.
  return 20 - Math.clz32(minSize - 1);
}

/** The RangeError the pool throws for a bad argument, naming it. */
export function badArgument(name: string, value: unknown, expected: string): RangeError {
  return new RangeError(`${name} must be ${expected}, got ${String(value)}`);
}
