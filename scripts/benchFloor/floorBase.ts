/**
 * A floor loop (`floorLoop.ts`, `burstLoop.ts`), as the measurement and its
 * tests take one: the pool, the script's generator, and what it notes of
 * each step, as the engine notes it.
 */
import { BufferPool, type PooledBuffer } from "../../src/pool/index.ts";
import { Outcome, stepCode } from "../../src/engine/outcomes.ts";
import { BATCH_STEPS } from "../../src/engine/session.ts";
import { slotForSize } from "../../src/engine/slots.ts";
import { StepKind } from "../../src/script/index.ts";
import { Mulberry32 } from "../../src/script/prng.ts";
import type { FloorOptions, FloorWorkload } from "./workloads.ts";

/** Steps kept in a floor loop's rings of codes and released ids: a batch's, as the engine keeps them. */
export const RING = BATCH_STEPS;

// Where each count sits in `FloorBase.counts`.
const RECYCLES = 0;
const MISSES = 1;
const HELD = 2;
const PEAK_HELD = 3;
const PEAK_FREE = 4;

/** One run of a floor workload, a number of steps at a time. */
export abstract class FloorBase {
  readonly pool: BufferPool;
  /** Each step's outcome code (`engine/outcomes.ts`), at its step number modulo {@link RING}. */
  readonly codes = new Uint8Array(RING);
  /** Each release's buffer id (the n-th acquired is n - 1), likewise; -1 for an acquire. */
  readonly releasedIds = new Float64Array(RING);
  /** Of the workload's one class: recycles, misses, held, peak held, peak free. */
  readonly counts = new Float64Array(5);
  /** The workload's steps in all. */
  abstract readonly steps: number;
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

  /** Runs the next `steps` steps (fewer at the end); how many ran. */
  abstract run(steps: number): number;

  /** The handles of the buffers held, in the order they will be released (oldest first when ordered). */
  abstract heldHandles(): number[];

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
