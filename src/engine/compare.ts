/**
 * Compare (SPEC §4): the same workload at a second capacity, B, run in
 * lock-step with the page's run, A. B is a {@link Session} of its own (a
 * real pool) that follows A: to A's step, forward or back, and through A's
 * clicks, made at the same steps. A knows nothing of it, so a run without
 * Compare pays nothing for it.
 *
 * Where A and B part: until then both pools hold the same buffers, so the
 * first step where their outcomes differ is the first release that finds a
 * list full in the run with the smaller capacity (it drops the buffer, the
 * other keeps it). Dropped buffers never come back, so "has dropped one" is
 * false up to that step and true from it on, and a bisection over replays
 * finds it.
 */
import { SIZE_CLASSES } from "../pool/index.ts";
import { droppedInState } from "./ledgerState.ts";
import type { Session } from "./session.ts";
import type { RunError, Snapshot } from "./types.ts";

/** Where A and B first differ: a release the smaller capacity's run drops and the other keeps. */
export interface Divergence {
  /** The step, from 1. */
  readonly step: number;
  /** Which run dropped the buffer (the one with the smaller capacity). */
  readonly dropped: "A" | "B";
  /** The buffer released. */
  readonly name: string;
  /** Its size class, 0…8. */
  readonly sizeClass: number;
  /** The dropping run's capacity per class (its list held that many). */
  readonly capacityPerClass: number;
}

/**
 * B's side of the screen, carried in the same snapshot as A's: B's own
 * capacity, step (A's, unless B stopped at an error of its own before it)
 * and counters.
 */
export type CompareSnapshot = Pick<
  Snapshot,
  | "capacityPerClass"
  | "step"
  | "allocations"
  | "recycles"
  | "misses"
  | "recycleRate"
  | "free"
  | "held"
  | "retainedBytes"
> & {
  /** Why B stopped, if it did (a memory budget A stays under). */
  readonly error: RunError | null;
  /**
   * The first step where A and B differ, once the runs have reached it (it
   * may lie after the step shown, when the scrubber went back); null when
   * they have not parted up to the furthest step looked at.
   */
  readonly divergence: Divergence | null;
};

/** Rounds of a bisection: each narrows the stretch to this fraction. */
const BISECT_PARTS = 16;

/** A run (A) and its twin at another capacity (B), in lock-step. */
export class Comparison<State = unknown> {
  /** B: the same workload and clicks at B's capacity. */
  readonly b: Session<State>;
  private divergence: Divergence | null = null;
  /** The smaller capacity's run has dropped nothing up to this step. */
  private clearTo = 0;

  /**
   * B is made at A's last checkpoint where the two are still one (step 0 at
   * the latest, see `Session.atCapacity`) and follows A at once by up to
   * `maxSteps` steps (see {@link follow}).
   */
  constructor(
    private readonly a: Session<State>,
    capacity: number,
    maxSteps = Number.POSITIVE_INFINITY,
  ) {
    this.b = a.atCapacity(capacity);
    // B starts where the two runs are still one: the smaller capacity's has dropped nothing yet.
    this.clearTo = this.b.step;
    this.follow(maxSteps);
  }

  /** Whether B is at A's step, or stopped short of it at an error of its own: false while it catches up. */
  get caughtUp(): boolean {
    return this.b.step === this.a.step || this.b.error !== null;
  }

  /**
   * Brings B to A's step (going back, or forward through steps it has
   * recorded, at once; replaying new steps, at most `maxSteps` of them, so a
   * B far behind catches up a slice at a time), then notes whether they have
   * parted. Returns {@link caughtUp}.
   */
  follow(maxSteps = Number.POSITIVE_INFINITY): boolean {
    const { a, b } = this;
    const target = a.step;
    if (b.step !== target) {
      if (target < b.step || target <= b.recordedSteps) b.seek(target);
      else if (!b.error) b.advance(Math.min(maxSteps, target - b.step), target);
    }
    // The step A failed is used up in A's run: B takes it too, and fails the same way
    // (a failure of A's alone, over the memory budget, is taken back).
    if (a.error && !b.error && b.step === target) {
      b.advance(1);
      if (b.step !== target) b.seek(target);
    }
    this.notePart();
    return this.caughtUp;
  }

  /**
   * A click on the page: `action` is made on A and then on B, as each one's
   * next step. It changes both futures, so a parting found after it is forgotten.
   */
  click(action: (run: Session<State>) => void): void {
    this.follow();
    const { a } = this;
    const step = a.step;
    const recorded = a.recordedSteps;
    action(a);
    action(this.b);
    if (a.step !== step || a.recordedSteps !== recorded) {
      if (this.divergence !== null && this.divergence.step > step) this.divergence = null;
      this.clearTo = Math.min(this.clearTo, step);
    }
    this.follow();
  }

  /** B's numbers now, and where A and B part. */
  snapshot(): CompareSnapshot {
    const { b } = this;
    const snapshot = b.snapshot(b.error ? "error" : "paused");
    return {
      capacityPerClass: snapshot.capacityPerClass,
      step: snapshot.step,
      allocations: snapshot.allocations,
      recycles: snapshot.recycles,
      misses: snapshot.misses,
      recycleRate: snapshot.recycleRate,
      free: snapshot.free,
      held: snapshot.held,
      retainedBytes: snapshot.retainedBytes,
      error: b.error,
      divergence: this.divergence,
    };
  }

  /** Looks for the parting in the steps the smaller capacity's run has reached since the last look. */
  private notePart(): void {
    const { a, b } = this;
    if (this.divergence !== null || a.capacityPerClass === b.capacityPerClass) return;
    const smaller = a.capacityPerClass < b.capacityPerClass ? a : b;
    const at = smaller.step;
    if (at <= this.clearTo) return;
    if (smaller.droppedFull === 0) {
      this.clearTo = at;
      return;
    }
    this.divergence = this.locate(smaller, smaller === a ? "A" : "B", this.clearTo, at);
  }

  /**
   * The first step in (`clear`, `dropped`] after which `run` has dropped a
   * buffer, with that release. Leaves `run` as it was: at `dropped`, finished
   * or stopped by its error if it was (the step that failed fails again, deterministically).
   */
  private locate(
    run: Session<State>,
    which: "A" | "B",
    clear: number,
    dropped: number,
  ): Divergence {
    // Replaying from a checkpoint forgets that the end, or an error, lies just ahead.
    const stoppedAhead = run.error !== null || run.finished;
    let low = clear;
    let high = dropped;
    // The checkpoints say how many buffers were dropped by their steps: the
    // bisection replays only the stretch between the two around the first drop.
    for (const checkpoint of run.checkpointsBetween(low, high)) {
      if (droppedInState(checkpoint.ledger) > 0) {
        high = checkpoint.step;
        break;
      }
      low = checkpoint.step;
    }
    while (high - low > 1) {
      run.seek(low);
      const stride = Math.max(1, Math.ceil((high - low) / BISECT_PARTS));
      while (run.step < high) {
        if (run.advance(Math.min(stride, high - run.step)) === 0) break;
        if (run.droppedFull > 0) break;
        low = run.step;
      }
      high = run.step;
    }
    run.seek(high);
    const event = run.snapshot("paused").lastEvent;
    run.seek(dropped);
    if (stoppedAhead) run.advance(1);
    return {
      step: high,
      dropped: which,
      name: event?.name ?? "",
      sizeClass: event !== null && event.sizeClass < SIZE_CLASSES.length ? event.sizeClass : -1,
      capacityPerClass: run.capacityPerClass,
    };
  }
}
