/**
 * Per-class indexes ("slots"): the nine classes 0…8, then one for oversized
 * buffers, so per-class arrays of the engine have {@link CLASS_SLOTS} entries.
 */
import {
  LARGEST_CLASS,
  OVERSIZED,
  SIZE_CLASSES,
  SMALLEST_CLASS,
  pooledClassFor,
} from "../pool/index.ts";

/** Per-class arrays have this many entries: the nine classes, then oversized. */
export const CLASS_SLOTS = SIZE_CLASSES.length + 1;
/** The per-class index of oversized buffers. */
export const OVERSIZED_SLOT = SIZE_CLASSES.length;

/** The per-class index of an acquire of `size` bytes: its class, or {@link OVERSIZED_SLOT}. */
export function slotForSize(size: number): number {
  return size > LARGEST_CLASS ? OVERSIZED_SLOT : pooledClassFor(size);
}

/** The bytes an acquire of `size` in `slot` takes: its class's size, or, oversized, its own. */
export function bytesTaken(size: number, slot: number): number {
  // 32-bit: a pooled slot is 0…8, so the shift is at most 2^20 (1 MiB)
  return slot === OVERSIZED_SLOT ? size : SMALLEST_CLASS << slot;
}

/** The per-class index of a buffer's `sizeClass`. */
export function slotOf(sizeClass: number): number {
  return sizeClass === OVERSIZED ? OVERSIZED_SLOT : sizeClass;
}

/** The bytes of `counts` buffers of each pooled class (the oversized slot left out). */
export function classBytes(counts: Float64Array): number {
  let bytes = 0;
  for (let k = 0; k < OVERSIZED_SLOT; k++) bytes += counts[k]! * SIZE_CLASSES[k]!;
  return bytes;
}
