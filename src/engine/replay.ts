/**
 * A replay: a step source run once through a bare ledger, batch by batch,
 * with no history, no event feed and no chart. What a capacity sweep and an
 * event export need, and nothing more, so they cost little beyond the pool.
 * Each batch's steps and the ledger's notes on them stay readable until the
 * next batch, and the bytes retained in free lists are followed step by step
 * from those notes (the peak of SPEC §9), without asking the pool.
 */
import { StepBatch, StepKind } from "../script/index.ts";
import { refusalError, toRunError } from "./errors.ts";
import { Ledger } from "./ledger.ts";
import { CLASS_SLOTS } from "./slots.ts";
import { Outcome, StepOutcomes, kindOf, outcomeOf, slotOfCode } from "./outcomes.ts";
import { BATCH_STEPS, type SessionOptions } from "./session.ts";
import type { SourceCursor, StepSource } from "./stepSource.ts";
import type { RunError } from "./types.ts";

/**
 * How a step changed the bytes retained in free lists: a pooled release adds
 * its buffer's capacity, a recycle takes the recycled buffer's away, nothing
 * else changes them.
 */
export function retainedChange(code: number, capacity: number): number {
  const outcome = outcomeOf(code);
  switch (kindOf(code)) {
    case StepKind.Acquire:
      return outcome === Outcome.Recycle ? -capacity : 0;
    case StepKind.Release:
      return outcome === Outcome.Pooled ? capacity : 0;
    default:
      return 0;
  }
}

/** One run of a step source, with no way back. */
export class Replay<State = unknown> {
  /** capacity_per_class in effect (the source's own wins, unless overridden). */
  readonly capacityPerClass: number;
  readonly ledger: Ledger;
  /** The steps of the last {@link next}, from index 0. */
  readonly batch = new StepBatch(BATCH_STEPS);
  /** The ledger's notes on them, at the same index. */
  readonly outcomes = new StepOutcomes(BATCH_STEPS);
  /** Bytes retained per class now (index `CLASS_SLOTS - 1`, oversized, stays 0). */
  readonly retainedBytesByClass = new Float64Array(CLASS_SLOTS);
  /** The most bytes each class's free list held at once. */
  readonly peakRetainedBytesByClass = new Float64Array(CLASS_SLOTS);
  /** Bytes retained in all free lists now. */
  retainedBytes = 0;
  /** The most bytes all free lists held at once (SPEC §9). */
  peakRetainedBytes = 0;
  private readonly cursor: SourceCursor<State>;
  private steps = 0;
  private ended = false;
  private stopped: RunError | null = null;

  constructor(
    private readonly source: StepSource<State>,
    options: SessionOptions,
  ) {
    this.capacityPerClass = options.capacityOverride ?? source.capacity ?? options.capacity;
    this.ledger = new Ledger(this.capacityPerClass, options.memoryBudgetBytes);
    this.cursor = source.cursor();
  }

  /** Steps run so far. */
  get step(): number {
    return this.steps;
  }

  /** True when the source has no more steps. */
  get finished(): boolean {
    return this.ended;
  }

  /** Why the run stopped early, if it did. */
  get error(): RunError | null {
    return this.stopped;
  }

  /**
   * Runs the next steps, at most `max` (and {@link BATCH_STEPS}); they are at
   * index 0… of {@link batch} and {@link outcomes}. Returns how many ran: 0 at
   * the end of the source or once the run has stopped ({@link error} says why).
   * A batch that stops at an error returns the steps before it.
   */
  next(max: number = BATCH_STEPS): number {
    if (this.ended || this.stopped) return 0;
    const { batch, ledger } = this;
    try {
      const count = this.cursor.fill(batch, Math.min(max, BATCH_STEPS));
      if (count === 0) {
        this.ended = true;
        return 0;
      }
      const reached = ledger.run(batch, this.outcomes, 0, count);
      this.follow(reached);
      this.steps += reached;
      if (reached < count) {
        const id = batch.buffers[reached]!;
        this.stopped = refusalError(ledger.refusal, {
          kind: batch.kinds[reached] as StepKind,
          name: this.source.bufferName(id),
          line: batch.lines[reached]!,
          releasedByClick: false,
          totalBytes: ledger.refusedTotal,
          budgetBytes: ledger.budgetBytes,
        }).error;
      }
      return reached;
    } catch (thrown) {
      this.stopped = toRunError(thrown);
      return 0;
    }
  }

  /** Follows the bytes retained through the batch's first `to` steps. */
  private follow(to: number): void {
    const { codes, capacities } = this.outcomes;
    const byClass = this.retainedBytesByClass;
    const peakByClass = this.peakRetainedBytesByClass;
    let retained = this.retainedBytes;
    let peak = this.peakRetainedBytes;
    for (let k = 0; k < to; k++) {
      const code = codes[k]!;
      const change = retainedChange(code, capacities[k]!);
      if (change === 0) continue;
      const slot = slotOfCode(code);
      const inClass = (byClass[slot] = byClass[slot]! + change);
      retained += change;
      if (change > 0) {
        if (inClass > peakByClass[slot]!) peakByClass[slot] = inClass;
        if (retained > peak) peak = retained;
      }
    }
    this.retainedBytes = retained;
    this.peakRetainedBytes = peak;
  }
}
