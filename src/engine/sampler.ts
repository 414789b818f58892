/**
 * The chart's series: recycle rate and misses sampled over the recorded run,
 * at most {@link SERIES_LIMIT} points. When it fills, every other point goes
 * and the stride doubles, so a run of any length draws in the same space.
 */
import type { BufferPool } from "../pool/index.ts";
import { StepKind } from "../script/index.ts";
import { Outcome, kindOf, outcomeOf } from "./outcomes.ts";
import type { SeriesPoint } from "./types.ts";

/** A pool's counters at one moment. */
export interface PoolCounters {
  readonly allocations: number;
  readonly recycles: number;
  readonly misses: number;
}

/** Where {@link ADDED} keeps recycles: above the acquires of a run of under 2^16 steps. */
const RECYCLES_SHIFT = 16;
const ACQUIRED_MASK = (1 << RECYCLES_SHIFT) - 1; // 32-bit: a mask of 16 bits
/** By step code: what the step adds to the pool's acquires (low bits) and recycles (from {@link RECYCLES_SHIFT}). */
// 32-bit: counts packed as in `sampleRun`
const ADDED = Int32Array.from({ length: 256 }, (_, code) => {
  if (kindOf(code) !== StepKind.Acquire) return 0;
  return outcomeOf(code) === Outcome.Recycle ? 1 + (1 << RECYCLES_SHIFT) : 1; // 32-bit: as above
});

/** `pool`'s counters now. */
export function poolCounters(pool: BufferPool): PoolCounters {
  return { allocations: pool.allocations(), recycles: pool.recycles(), misses: pool.misses() };
}

/** The most points the series keeps. */
export const SERIES_LIMIT = 512;

/** Samples a run's counters at every `stride`-th step. */
export class SeriesSampler {
  private points: SeriesPoint[] = [];
  private stride = 1;
  /** The next step to sample; the session stops there to call {@link sample}. */
  nextStep = 1;
  /** Changes whenever the series does. */
  revision = 0;

  /** Samples `pool` at `step`, the step due ({@link nextStep}). */
  sample(step: number, pool: BufferPool): void {
    const { allocations, recycles, misses } = poolCounters(pool);
    this.sampleCounts(step, allocations, recycles, misses);
  }

  /**
   * Samples every step due among steps `stepBefore + 1 … stepBefore + to -
   * from`, which ran at batch indices `from…to-1` (their codes in `codes`),
   * from the pool's counters before them (`before`) and the acquires up to
   * each, or at the last of them from `pool` itself: a run need not stop at
   * a sample. The same points as sampling the pool at each due step (a test
   * holds it so).
   */
  sampleRun(
    codes: Uint8Array,
    from: number,
    to: number,
    stepBefore: number,
    before: PoolCounters,
    pool: BufferPool,
  ): void {
    if (to - from > ACQUIRED_MASK)
      throw new RangeError(`a run of ${to - from} steps is too long to sample at once`);
    const lastStep = stepBefore + (to - from);
    // What the steps up to `k` added, by table (no branch that goes either way
    // at random), acquires in the low bits and recycles above them.
    let added = 0;
    let k = from;
    while (this.nextStep < lastStep) {
      for (const end = from + (this.nextStep - stepBefore); k < end; k++) {
        added = (added + ADDED[codes[k]!]!) | 0; // 32-bit: under 2^16 of each, read unsigned
      }
      const acquired = added & ACQUIRED_MASK; // 32-bit: as above
      const recycled = added >>> RECYCLES_SHIFT; // 32-bit: as above
      const { allocations, recycles, misses } = before;
      // An acquire is a recycle or a miss.
      this.sampleCounts(
        this.nextStep,
        allocations + acquired,
        recycles + recycled,
        misses + acquired - recycled,
      );
    }
    if (this.nextStep === lastStep) this.sample(lastStep, pool);
  }

  private sampleCounts(step: number, allocations: number, recycles: number, misses: number): void {
    if (this.points.length >= SERIES_LIMIT) {
      this.points = this.points.filter((_, i) => i % 2 === 1);
      this.stride *= 2;
    }
    if (step % this.stride === 0) {
      const recycleRate = allocations === 0 ? 0 : recycles / allocations;
      this.points.push({ step, recycleRate, misses });
      this.revision++;
    }
    this.nextStep = (Math.floor(step / this.stride) + 1) * this.stride;
  }

  /** Forgets the points after `step` (a click changed the future). */
  truncate(step: number): void {
    this.points = this.points.filter((point) => point.step <= step);
    this.revision++;
    this.nextStep = (Math.floor(step / this.stride) + 1) * this.stride;
  }

  /** The points, oldest first. */
  series(): SeriesPoint[] {
    return this.points.slice();
  }
}
