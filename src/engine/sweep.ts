/**
 * A capacity sweep: the same workload run once per capacity_per_class, to
 * find where misses stop falling and what each capacity costs in memory.
 * Each run is a {@link Replay} (no history is kept), advanced in slices like
 * playback, so it never blocks.
 */
import { PROGRESS_EVERY_STEPS } from "./headless.ts";
import { CLASS_SLOTS } from "./ledger.ts";
import { Replay } from "./replay.ts";
import type { StepSource } from "./stepSource.ts";
import type { SweepClassPoint, SweepPoint } from "./types.ts";

/** Options for a {@link CapacitySweep}. */
export interface SweepOptions {
  readonly capacities: readonly number[];
  /** Steps run per capacity at most (scripts may be endless); `Infinity` runs the whole workload. */
  readonly maxSteps: number;
  readonly memoryBudgetBytes: number;
}

/** One sweep in progress: a run per capacity, one after another. */
export class CapacitySweep {
  private readonly points: SweepPoint[] = [];
  private run: Replay | null = null;

  constructor(
    private readonly source: StepSource,
    private readonly options: SweepOptions,
  ) {}

  /** Capacities finished so far. */
  get done(): number {
    return this.points.length;
  }

  get total(): number {
    return this.options.capacities.length;
  }

  get finished(): boolean {
    return this.done >= this.total;
  }

  /** Steps of the capacity being run, for progress within it. */
  get currentSteps(): number {
    return this.run?.step ?? 0;
  }

  /** Runs up to `maxSteps` steps; returns how many ran. */
  advance(maxSteps: number): number {
    let ran = 0;
    while (ran < maxSteps && !this.finished) {
      const capacity = this.options.capacities[this.done]!;
      this.run ??= new Replay(this.source, {
        capacity,
        capacityOverride: capacity,
        memoryBudgetBytes: this.options.memoryBudgetBytes,
      });
      const run = this.run;
      const left = Math.min(maxSteps - ran, this.options.maxSteps - run.step);
      const stepped = left > 0 ? run.next(left) : 0;
      ran += stepped;
      if (stepped === 0 || run.step >= this.options.maxSteps) {
        this.points.push(pointOf(capacity, run));
        this.run = null;
      }
    }
    return ran;
  }

  /** The results so far, in the order of the capacities. */
  results(): readonly SweepPoint[] {
    return this.points.slice();
  }
}

/**
 * Runs a whole sweep at once (the CLI, the tests). `onProgress` hears, now
 * and then, how many capacities are done and the steps run in all.
 */
export function runSweep(
  source: StepSource,
  options: SweepOptions,
  onProgress?: (done: number, steps: number) => void,
): readonly SweepPoint[] {
  const sweep = new CapacitySweep(source, options);
  let steps = 0;
  while (!sweep.finished) {
    steps += sweep.advance(PROGRESS_EVERY_STEPS);
    onProgress?.(sweep.done, steps);
  }
  return sweep.results();
}

/** What a finished (or stopped) run measured at `capacity`. */
function pointOf(capacity: number, run: Replay): SweepPoint {
  const { ledger } = run;
  const stats = ledger.pool.stats();
  const classes: SweepClassPoint[] = [];
  for (let slot = 0; slot < CLASS_SLOTS; slot++) {
    classes.push({
      recycles: ledger.recycles[slot]!,
      misses: ledger.misses[slot]!,
      retainedBytes: run.retainedBytesByClass[slot]!,
      peakRetainedBytes: run.peakRetainedBytesByClass[slot]!,
    });
  }
  return {
    capacity,
    steps: run.step,
    allocations: stats.allocations,
    recycles: stats.recycles,
    misses: stats.misses,
    recycleRate: stats.recycleRate,
    retainedBytes: run.retainedBytes,
    peakRetainedBytes: run.peakRetainedBytes,
    classes,
    complete: run.finished,
    error: run.error,
  };
}
