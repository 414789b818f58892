/**
 * A capacity sweep: the same workload at each capacity_per_class, to find
 * where misses stop falling and what each capacity costs in memory.
 *
 * It runs in **one pass**: each batch of steps is read from the source once
 * and played on a counting model of the pool (`sweepModel.ts`) for every
 * capacity. Runs at different capacities are the same run until a release
 * finds a list full at the smaller one, so the capacities start as one group
 * on one model, and a capacity splits off onto its own model (a copy of the
 * group's) at the first release that finds its list full. Capacities that no
 * release ever fills are one model to the end.
 *
 * {@link runSweepSeparately} runs each capacity on the real pool instead
 * (a {@link Replay} per capacity); a property test holds the two equal, and
 * `npm run bench:sweep` measures both.
 */
import { StepBatch, type StepKind } from "../script/index.ts";
import { refusalError, toRunError } from "./errors.ts";
import { PROGRESS_EVERY_STEPS } from "./headless.ts";
import { CLASS_SLOTS } from "./slots.ts";
import { Replay } from "./replay.ts";
import { BATCH_STEPS } from "./session.ts";
import type { SourceCursor, StepSource } from "./stepSource.ts";
import { Stop, SweepModel } from "./sweepModel.ts";
import type { RunError, SweepClassPoint, SweepPoint } from "./types.ts";

/** Options for a {@link CapacitySweep}. */
export interface SweepOptions {
  readonly capacities: readonly number[];
  /** Steps run per capacity at most (scripts may be endless); `Infinity` runs the whole workload. */
  readonly maxSteps: number;
  readonly memoryBudgetBytes: number;
  /**
   * Count the workload's steps first (up to `maxSteps`), so progress can say
   * how far along the sweep is ({@link CapacitySweep.totalSteps}). Reading a
   * workload costs a few percent of sweeping it.
   */
  readonly countSteps?: boolean;
}

/** A model and the capacities it stands for, ascending. */
interface Group {
  readonly model: SweepModel;
  readonly members: number[];
}

/** One sweep in progress: every capacity advanced together, step by step. */
export class CapacitySweep {
  private readonly cursor: SourceCursor<unknown>;
  private readonly batch = new StepBatch(BATCH_STEPS);
  private groups: Group[];
  private readonly points = new Map<number, SweepPoint>();
  private readonly distinct: number;
  private steps = 0;
  /** The cursor that counts the steps first, while it does. */
  private counter: SourceCursor<unknown> | null = null;
  private counted = 0;

  constructor(
    private readonly source: StepSource,
    private readonly options: SweepOptions,
  ) {
    this.cursor = source.cursor();
    const members = [...new Set(options.capacities)].sort((a, b) => a - b);
    this.distinct = members.length;
    this.groups = members.length === 0 ? [] : [{ model: this.model(members), members }];
    if (options.countSteps === true) this.counter = source.cursor();
  }

  /** The steps the workload has (at most `maxSteps`), once counted; null before. */
  get totalSteps(): number | null {
    return this.counter === null ? this.counted : null;
  }

  /** Capacities finished so far (all finish together, unless a run stops early). */
  get done(): number {
    return this.finished ? this.total : this.pointsDone();
  }

  get total(): number {
    return this.options.capacities.length;
  }

  get finished(): boolean {
    return this.groups.length === 0;
  }

  /** Steps of the workload run so far (by every capacity still running). */
  get currentSteps(): number {
    return this.steps;
  }

  /** Models running now: how many runs the pass does per step. */
  get modelCount(): number {
    return this.groups.length;
  }

  /** Runs up to `maxSteps` steps of the workload (at every capacity); returns how many ran. */
  advance(maxSteps: number): number {
    if (this.counter !== null) return this.count(maxSteps);
    let ran = 0;
    while (ran < maxSteps && !this.finished) {
      const left = Math.min(maxSteps - ran, this.options.maxSteps - this.steps, BATCH_STEPS);
      if (left <= 0) {
        this.finishAll(false, null);
        break;
      }
      let count: number;
      try {
        count = this.cursor.fill(this.batch, left);
      } catch (thrown) {
        this.finishAll(false, toRunError(thrown));
        break;
      }
      if (count === 0) {
        this.finishAll(true, null);
        break;
      }
      this.play(count);
      this.steps += count;
      ran += count;
    }
    return ran;
  }

  /** The results of the capacities finished, in the order they were asked for. */
  results(): readonly SweepPoint[] {
    const points: SweepPoint[] = [];
    for (const capacity of this.options.capacities) {
      const point = this.points.get(capacity);
      if (point) points.push(point);
    }
    return points;
  }

  /** Counts up to `maxSteps` steps of the workload; the count is over at its end, an error or the cap. */
  private count(maxSteps: number): number {
    const counter = this.counter!;
    let read = 0;
    while (read < maxSteps) {
      const left = Math.min(maxSteps - read, this.options.maxSteps - this.counted, BATCH_STEPS);
      let count = 0;
      try {
        count = left > 0 ? counter.fill(this.batch, left) : 0;
      } catch {
        // The sweep itself meets the error at this step and reports it.
      }
      if (count === 0) {
        this.counter = null;
        break;
      }
      this.counted += count;
      read += count;
    }
    return read;
  }

  private pointsDone(): number {
    return this.options.capacities.filter((capacity) => this.points.has(capacity)).length;
  }

  /** A model for a group of `members`, ascending. */
  private model(members: readonly number[]): SweepModel {
    const model = new SweepModel(members[members.length - 1]!);
    model.budgetBytes = this.options.memoryBudgetBytes;
    model.splitAt = members.length > 1 ? members[0]! : Number.POSITIVE_INFINITY;
    return model;
  }

  /** Plays the batch's first `count` steps on every group, splitting and stopping groups as they go. */
  private play(count: number): void {
    const pending: { group: Group; from: number }[] = this.groups.map((group) => ({
      group,
      from: 0,
    }));
    const kept: Group[] = [];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const { group } = next;
      const { model, members } = group;
      const at = model.run(this.batch, next.from, count);
      if (model.stop === Stop.Split) {
        // The smallest capacity finds its list full here: it goes on alone.
        const capacity = members.shift()!;
        const alone = model.clone(capacity);
        alone.budgetBytes = model.budgetBytes;
        model.splitAt = members.length > 1 ? members[0]! : Number.POSITIVE_INFINITY;
        pending.push(
          { group, from: at },
          { group: { model: alone, members: [capacity] }, from: at },
        );
      } else if (model.stop === Stop.Refused) {
        this.finish(group, false, this.refusal(model, at));
      } else {
        kept.push(group);
      }
    }
    this.groups = kept;
  }

  /** The error of the step at `index` that `model` refused. */
  private refusal(model: SweepModel, index: number): RunError {
    const { batch } = this;
    return refusalError(model.refusal, {
      kind: batch.kinds[index] as StepKind,
      name: this.source.bufferName(batch.buffers[index]!),
      line: batch.lines[index]!,
      releasedByClick: false,
      totalBytes: model.refusedTotal,
      budgetBytes: model.budgetBytes,
    }).error;
  }

  private finishAll(complete: boolean, error: RunError | null): void {
    for (const group of this.groups) this.finish(group, complete, error);
    this.groups = [];
  }

  private finish(group: Group, complete: boolean, error: RunError | null): void {
    for (const capacity of group.members) {
      this.points.set(capacity, modelPoint(capacity, group.model, complete, error));
    }
  }
}

/**
 * Runs a whole sweep at once (the CLI, the tests). `onProgress` hears, now
 * and then, how many capacities are done and the steps run so far.
 */
export function runSweep(
  source: StepSource,
  options: SweepOptions,
  onProgress?: (done: number, steps: number) => void,
): readonly SweepPoint[] {
  const sweep = new CapacitySweep(source, options);
  while (!sweep.finished) {
    sweep.advance(PROGRESS_EVERY_STEPS);
    onProgress?.(sweep.done, sweep.currentSteps);
  }
  return sweep.results();
}

/**
 * The same sweep the slow way: one real run of the pool per capacity, one
 * after another. What the one-pass sweep is checked and measured against.
 */
export function runSweepSeparately(source: StepSource, options: SweepOptions): SweepPoint[] {
  return options.capacities.map((capacity) => {
    const run = new Replay(source, {
      capacity,
      capacityOverride: capacity,
      memoryBudgetBytes: options.memoryBudgetBytes,
    });
    while (run.step < options.maxSteps) {
      if (run.next(Math.min(BATCH_STEPS, options.maxSteps - run.step)) === 0) break;
    }
    return replayPoint(capacity, run);
  });
}

/** The numbers of a sweep point, from counters per class. */
function point(
  capacity: number,
  steps: number,
  counts: {
    recycles: ArrayLike<number>;
    misses: ArrayLike<number>;
    retained: ArrayLike<number>;
    peak: ArrayLike<number>;
  },
  retainedBytes: number,
  peakRetainedBytes: number,
  complete: boolean,
  error: RunError | null,
): SweepPoint {
  const classes: SweepClassPoint[] = [];
  let recycles = 0;
  let misses = 0;
  for (let slot = 0; slot < CLASS_SLOTS; slot++) {
    recycles += counts.recycles[slot]!;
    misses += counts.misses[slot]!;
    classes.push({
      recycles: counts.recycles[slot]!,
      misses: counts.misses[slot]!,
      retainedBytes: counts.retained[slot]!,
      peakRetainedBytes: counts.peak[slot]!,
    });
  }
  const allocations = recycles + misses;
  return {
    capacity,
    steps,
    allocations,
    recycles,
    misses,
    recycleRate: allocations === 0 ? 0 : recycles / allocations,
    retainedBytes,
    peakRetainedBytes,
    classes,
    complete,
    error,
  };
}

function modelPoint(
  capacity: number,
  model: SweepModel,
  complete: boolean,
  error: RunError | null,
): SweepPoint {
  const counts = {
    recycles: model.recycles,
    misses: model.misses,
    retained: model.retainedByClass,
    peak: model.peakRetainedByClass,
  };
  return point(
    capacity,
    model.steps,
    counts,
    model.retainedBytes,
    model.peakRetainedBytes,
    complete,
    error,
  );
}

/** What a finished (or stopped) real run measured at `capacity`. */
function replayPoint(capacity: number, run: Replay): SweepPoint {
  const counts = {
    recycles: run.ledger.recycles,
    misses: run.ledger.misses,
    retained: run.retainedBytesByClass,
    peak: run.peakRetainedBytesByClass,
  };
  return point(
    capacity,
    run.step,
    counts,
    run.retainedBytes,
    run.peakRetainedBytes,
    run.finished,
    run.error,
  );
}
