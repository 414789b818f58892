/**
 * What every floor loop has (`floorLoop.ts`, `burstLoop.ts`): the pool, the
 * script's generator, and what it notes of each step, as the engine notes it.
 */
import { BufferPool, type PooledBuffer } from "../../src/pool/index.ts";
import { Outcome, stepCode } from "../../src/engine/outcomes.ts";
import { slotForSize } from "../../src/engine/slots.ts";
import { StepKind } from "../../src/script/index.ts";
import { Mulberry32 } from "../../src/script/prng.ts";
import {
  HELD,
  MISSES,
  PEAK_FREE,
  PEAK_HELD,
  RECYCLES,
  RING,
  type FloorOptions,
  type FloorWorkload,
} from "./workloads.ts";

/** The pool, the generator and the notes of a floor loop (see `FloorSide`). */
export abstract class FloorBase {
  readonly pool: BufferPool;
  readonly codes = new Uint8Array(RING);
  readonly releasedIds = new Float64Array(RING);
  readonly counts = new Float64Array(5);
  protected readonly rng: Mulberry32;
  /** The class of the workload's one size. */
  protected readonly slot: number;
  protected readonly ordered: boolean;
  protected readonly notes: boolean;
  private readonly capacity: number;

  constructor(workload: FloorWorkload, { ordered = true, notes = true }: FloorOptions) {
    this.ordered = ordered;
    this.notes = notes;
    this.capacity = workload.capacity;
    this.pool = new BufferPool(workload.capacity);
    this.rng = new Mulberry32(workload.seed);
    this.slot = slotForSize(workload.size);
  }

  /** Notes the acquire at ring index `at`: recycled or missed, and one more held. */
  protected noteAcquire(at: number, recycled: boolean): void {
    const { counts } = this;
    counts[recycled ? RECYCLES : MISSES]!++;
    const heldNow = ++counts[HELD]!;
    if (heldNow > counts[PEAK_HELD]!) counts[PEAK_HELD] = heldNow;
    this.codes[at] = stepCode(
      StepKind.Acquire,
      recycled ? Outcome.Recycle : Outcome.Miss,
      this.slot,
    );
    this.releasedIds[at] = -1;
  }

  /** Releases `buffer`, held as `handle` (its id in `ids`), at ring index `at`, and notes it unless told not to. */
  protected give(buffer: PooledBuffer, at: number, ids: Float64Array, handle: number): void {
    if (!this.notes) {
      buffer.release();
      return;
    }
    const free = this.pool.freeListLength(this.slot) + 1;
    buffer.release();
    this.noteRelease(at, ids[handle]!, free);
  }

  /**
   * Notes the release at ring index `at` of buffer `id`, which made its
   * class's free list `free` long, counting itself, had it been kept.
   */
  private noteRelease(at: number, id: number, free: number): void {
    const { counts } = this;
    this.releasedIds[at] = id;
    counts[HELD]!--;
    const pooled = free <= this.capacity;
    if (pooled && free > counts[PEAK_FREE]!) counts[PEAK_FREE] = free;
    this.codes[at] = stepCode(
      StepKind.Release,
      pooled ? Outcome.Pooled : Outcome.DroppedFull,
      this.slot,
    );
  }
}
