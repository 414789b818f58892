/**
 * A ledger saved for a checkpoint (`Ledger.save`), packed in numbers: what
 * the history keeps, and what `new Ledger(…, state)` rebuilds a ledger from.
 */
import type { PoolState } from "../pool/index.ts";

/**
 * Numbers a checkpoint keeps per held buffer, in this order: the source's
 * handle (-1 for a buffer a click acquired), its id, its per-class index
 * (0…8, or `OVERSIZED_SLOT`), length, capacity, and acquisition order
 * (larger is newer).
 */
export const HELD_FIELDS = 6;
/** The metrics a checkpoint keeps, `CLASS_SLOTS` numbers each, in this order; then oversized bytes. */
export const METRIC_ARRAYS = ["recycles", "misses", "peakHeld", "peakFree", "wasteBytes"] as const;

/**
 * Everything a ledger needs to be rebuilt exactly (see `Ledger.save`).
 * Numbers are packed in typed arrays: a long run keeps thousands of
 * checkpoints, and an object per held buffer would cost several times more.
 */
export interface LedgerState {
  readonly pool: PoolState;
  /** {@link HELD_FIELDS} numbers per held buffer. */
  readonly held: Float64Array;
  readonly releasedByClick: readonly number[];
  /** The metrics of {@link METRIC_ARRAYS}, then bytes acquired in oversized buffers. */
  readonly metrics: Float64Array;
  readonly order: number;
  /** The last holders of the buffers on the free lists, as `FreeHolders.save` packs them. */
  readonly freeHolders: Float64Array;
}

/** Buffers held in a saved ledger. */
export function heldInState(state: LedgerState): number {
  return state.held.length / HELD_FIELDS;
}
