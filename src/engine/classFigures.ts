/**
 * What a snapshot shows of each class, read from the ledger: the per-class
 * metrics of SPEC §9 and the free lists as stacks of their last holders.
 */
import { SIZE_CLASSES } from "../pool/index.ts";
import type { Ledger } from "./ledger.ts";
import { CLASS_SLOTS } from "./slots.ts";
import { CLASS_COUNT, type ClassMetrics, type FreeBuffer } from "./types.ts";

/** Each class's free list, top first, at most `limit` buffers each: last holder and capacity. */
export function freeStacks(
  ledger: Ledger,
  limit: number,
  free: readonly (readonly number[])[],
  nameOf: (id: number) => string,
): FreeBuffer[][] {
  const stacks: FreeBuffer[][] = [];
  for (let k = 0; k < CLASS_COUNT; k++) {
    const capacities = free[k]!;
    const ids = ledger.freeHoldersTopFirst(k, limit);
    stacks.push(
      ids.map((id, i) => ({
        name: nameOf(id),
        capacity: capacities[capacities.length - 1 - i]!,
      })),
    );
  }
  return stacks;
}

/** The per-class metrics of SPEC §9: the nine classes, then oversized. */
export function classMetrics(ledger: Ledger, free: readonly (readonly number[])[]): ClassMetrics[] {
  const metrics: ClassMetrics[] = [];
  for (let slot = 0; slot < CLASS_SLOTS; slot++) {
    const recycles = ledger.recycles[slot]!;
    const misses = ledger.misses[slot]!;
    const retained = free[slot] ?? [];
    metrics.push({
      size: SIZE_CLASSES[slot] ?? null,
      requests: recycles + misses,
      recycles,
      misses,
      peakHeld: ledger.peakHeld[slot]!,
      peakFree: ledger.peakFree[slot]!,
      wasteBytes: ledger.wasteBytes[slot]!,
      retainedBytes: retained.reduce((sum, capacity) => sum + capacity, 0),
    });
  }
  return metrics;
}
