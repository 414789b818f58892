/**
 * A ledger saved for a checkpoint (`Ledger.save`), packed in numbers: what
 * the history keeps, and what `new Ledger(…, state)` rebuilds a ledger from.
 */
import { SIZE_CLASSES, type PoolState } from "../pool/index.ts";
import { CLASS_SLOTS } from "./slots.ts";

/**
 * Numbers a checkpoint keeps per held buffer, in this order: the source's
 * handle (-1 for a buffer a click acquired), its id, its per-class index
 * (0…8, or `OVERSIZED_SLOT`), length, capacity, and acquisition order
 * (larger is newer).
 */
export const HELD_FIELDS = 6;
/** The metrics a checkpoint keeps, `CLASS_SLOTS` numbers each, in this order; then oversized bytes. */
export const METRIC_ARRAYS = ["recycles", "misses", "peakHeld", "peakFree", "wasteBytes"] as const;

/** Where a metric's `CLASS_SLOTS` numbers start in a saved state's `metrics` (and in the ledger's own array). */
export function metricAt(name: (typeof METRIC_ARRAYS)[number]): number {
  return METRIC_ARRAYS.indexOf(name) * CLASS_SLOTS;
}

/**
 * Everything a ledger needs to be rebuilt exactly (see `Ledger.save`).
 * Numbers are packed in flat arrays: a long run keeps thousands of
 * checkpoints, and an object per held buffer would cost several times more.
 * Plain arrays, not typed ones: a typed array's backing store, allocated
 * mid-run while the pool churns its own, cost more than the whole rest of a
 * checkpoint (`docs/performance-history.md`, session 20).
 */
export interface LedgerState {
  readonly pool: PoolState;
  /** {@link HELD_FIELDS} numbers per held buffer. */
  readonly held: readonly number[];
  readonly releasedByClick: readonly number[];
  /** The metrics of {@link METRIC_ARRAYS}, then bytes acquired in oversized buffers. */
  readonly metrics: readonly number[];
  readonly order: number;
  /** The last holders of the buffers on the free lists, as `FreeHolders.save` packs them. */
  readonly freeHolders: readonly number[];
}

/** Buffers held in a saved ledger. */
export function heldInState(state: LedgerState): number {
  return state.held.length / HELD_FIELDS;
}

/**
 * Buffers the saved ledger's run had dropped because their class's free list
 * was full: every pooled buffer was made by a miss and is now held, free, or
 * dropped (as `Session.droppedFull` counts them live).
 */
export function droppedInState(state: LedgerState): number {
  const missesAt = metricAt("misses");
  let dropped = 0;
  for (let k = 0; k < SIZE_CLASSES.length; k++) {
    dropped += state.metrics[missesAt + k]! - state.pool.freeLists[k]!.length;
  }
  const { held } = state;
  for (let i = 0; i < held.length; i += HELD_FIELDS) {
    if (held[i + 2]! < SIZE_CLASSES.length) dropped--;
  }
  return dropped;
}

/**
 * Whether a run at capacity `other` would be in this very state too: the
 * state's run dropped no buffer and no free list ever grew longer than
 * `other`. Until the run with the smaller capacity drops a buffer, two runs
 * of one workload at two capacities hold the same buffers in the same
 * lists; a release that makes a list longer than the smaller capacity is
 * the first one the smaller run drops. (For a run at the smaller capacity,
 * its lists never grow past it, and "dropped none" says it all.)
 */
export function sameAtCapacity(state: LedgerState, other: number): boolean {
  if (droppedInState(state) > 0) return false;
  const peakFreeAt = metricAt("peakFree");
  for (let k = 0; k < SIZE_CLASSES.length; k++) {
    if (state.metrics[peakFreeAt + k]! > other) return false;
  }
  return true;
}
