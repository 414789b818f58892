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
 * other keeps it). Once that run has dropped a buffer, a fork of it (a third
 * session, so neither A nor B moves) replays from its last checkpoint with
 * nothing dropped until it drops one, a slice at a time.
 */
import { SIZE_CLASSES } from "../pool/index.ts";
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
  /**
   * While the smaller capacity's run is known to have dropped a buffer but
   * the step is still being looked for: how far the search has got, and the
   * step it ends at at the latest. Null otherwise.
   */
  readonly searching: { readonly step: number; readonly of: number } | null;
};

/** Steps the search for the parting replays between looks: fewer than the event feed keeps. */
const SEARCH_STRIDE = 32;

/** A search for the parting: a fork of the run that dropped, replaying up to `bound` at the latest. */
interface Search<State> {
  readonly fork: Session<State>;
  readonly which: "A" | "B";
  readonly bound: number;
}

/** A run (A) and its twin at another capacity (B), in lock-step. */
export class Comparison<State = unknown> {
  /** B: the same workload and clicks at B's capacity. */
  readonly b: Session<State>;
  private divergence: Divergence | null = null;
  private search: Search<State> | null = null;
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

  /**
   * Whether B is at A's step (or stopped short of it at an error of its
   * own), with where they part known as far as they have run: false while B
   * catches up or the parting is looked for.
   */
  get caughtUp(): boolean {
    return (this.b.step === this.a.step || this.b.error !== null) && this.search === null;
  }

  /**
   * Brings B to A's step (seeking to a step it has recorded, or replaying
   * new steps, at most `maxSteps` of them, so a B far behind catches up a
   * slice at a time), then looks for where they part, replaying at most
   * `maxSteps` steps more. Returns {@link caughtUp}.
   */
  follow(maxSteps = Number.POSITIVE_INFINITY): boolean {
    const { a, b } = this;
    const target = a.step;
    // A seek clears A's error: B, stopped at the same step, seeks there too and clears its own.
    if (b.step !== target || (b.error !== null && a.error === null)) {
      if (target < b.step || target <= b.recordedSteps) b.seek(target, maxSteps);
      else if (!b.error) b.advance(Math.min(maxSteps, target - b.step), target);
    }
    // A stopped at the step after its own: B tries it too, and fails the same way
    // (a success of B's alone, under the memory budget, is taken back).
    if (a.error && !b.error && b.step === target) {
      b.advance(1);
      if (b.step !== target) b.seek(target);
    }
    this.notePart(maxSteps);
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
      // The fork searches a future the click has changed.
      this.search = null;
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
      searching:
        this.search === null ? null : { step: this.search.fork.step, of: this.search.bound },
    };
  }

  /**
   * Looks for the parting in the steps the smaller capacity's run has
   * reached since the last look, replaying at most `maxSteps` steps.
   */
  private notePart(maxSteps: number): void {
    const { a, b } = this;
    if (this.divergence !== null || a.capacityPerClass === b.capacityPerClass) return;
    if (this.search === null) {
      const smaller = a.capacityPerClass < b.capacityPerClass ? a : b;
      const at = smaller.step;
      if (at <= this.clearTo) return;
      if (smaller.droppedFull === 0) {
        this.clearTo = at;
        return;
      }
      // A fork at the run's own capacity starts at its last checkpoint with nothing dropped.
      const fork = smaller.atCapacity(smaller.capacityPerClass);
      this.search = { fork, which: smaller === a ? "A" : "B", bound: at };
    }
    this.searchOn(maxSteps);
  }

  /**
   * Replays the fork, at most `maxSteps` steps, a stride at a time, until it
   * drops a buffer: the first release that did, among the stride's events,
   * is where A and B part.
   */
  private searchOn(maxSteps: number): void {
    const search = this.search!;
    const { fork, bound } = search;
    let left = maxSteps;
    while (left > 0 && fork.step < bound && !fork.error) {
      const from = fork.step;
      // Up to the step known clear, nothing is looked at.
      const stride = from < this.clearTo ? this.clearTo - from : SEARCH_STRIDE;
      const ran = fork.advance(Math.min(stride, left, bound - from));
      if (ran === 0) break;
      left -= ran;
      if (fork.droppedFull > 0) {
        this.found(search, from);
        return;
      }
      this.clearTo = Math.max(this.clearTo, fork.step);
    }
    // The run dropped a buffer by `bound`, so the fork does too, unless it cannot go on at all.
    if (fork.step >= bound || fork.error !== null || left > 0) this.search = null;
  }

  /** The fork dropped a buffer in the stride after `from`: notes the first release that did. */
  private found(search: Search<State>, from: number): void {
    const { fork, which } = search;
    const events = fork.snapshot("paused").recentEvents;
    let event: (typeof events)[number] | undefined;
    for (const candidate of events) {
      const dropped = candidate.op === "release" && candidate.outcome === "dropped-full";
      if (
        dropped &&
        candidate.step > from &&
        (event === undefined || candidate.step < event.step)
      ) {
        event = candidate;
      }
    }
    this.search = null;
    if (event === undefined) return;
    this.divergence = {
      step: event.step,
      dropped: which,
      name: event.name,
      sizeClass: event.sizeClass < SIZE_CLASSES.length ? event.sizeClass : -1,
      capacityPerClass: fork.capacityPerClass,
    };
  }
}
