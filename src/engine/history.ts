/**
 * What makes every recorded step reachable again: checkpoints of the whole
 * run state, and the clicks made on the page. Steps themselves are not kept:
 * a step source is deterministic, so the steps after a checkpoint are
 * replayed from it. Checkpoints are spaced by what replay costs (steps, and
 * bytes acquired, which are zero-filled or allocated again on replay), and
 * thinned when they would outgrow {@link HISTORY_BUDGET_BYTES}, so a run of
 * any length keeps a history of bounded size.
 *
 * Steps are JavaScript numbers, exact up to 2^53: the history records no step
 * past {@link MAX_STEPS}. A run that gets there stops with a message naming
 * the limit (SPEC §7) rather than count steps it could no longer tell apart.
 */
import type { StepKind } from "../script/index.ts";
import type { LedgerState } from "./ledgerState.ts";

/** Steps between checkpoints at first: replaying this many takes a few milliseconds. */
export const CHECKPOINT_STEPS = 1 << 18; // 32-bit: a constant, 2^18
/** Bytes acquired between checkpoints at first: zero-filling them again takes about as long. */
export const CHECKPOINT_BYTES = 512 * 1024 * 1024;
/**
 * Bytes allocated fresh (misses, oversized buffers) between checkpoints at
 * first: allocating them again costs several times what zero-filling a
 * recycled buffer does (7–18 MiB a millisecond in Node, about 1 in Chromium),
 * so a run of megabyte buffers keeps a checkpoint every few dozen steps.
 */
export const CHECKPOINT_FRESH_BYTES = 32 * 1024 * 1024;
/** Steps a recording run takes before it knows how many bytes a step acquires (see {@link History.stepsUntilDue}). */
const PROBE_STEPS = 64;
/** The most memory checkpoints may take before every other one is dropped. */
export const HISTORY_BUDGET_BYTES = 32 * 1024 * 1024;

/** The last step a run can reach: 2^53 − 1, the largest step number that is exact, as is every step before it. */
export const MAX_STEPS = Number.MAX_SAFE_INTEGER;

/** The error a run that reaches its last step (`maxSteps`, {@link MAX_STEPS}) stops with: a RangeError, a limit. */
export function stepLimitError(maxSteps: number): RangeError {
  return new RangeError(
    `the run stopped at step ${maxSteps.toLocaleString("en-US")}, the most steps a run can count ` +
      `exactly (2^53 − 1); every step up to it can still be shown`,
  );
}

/** The run state at one step. */
export interface Checkpoint<State> {
  readonly step: number;
  /** The step source's cursor, saved with no step taken from it still to run. */
  readonly cursor: State;
  readonly cursorDone: boolean;
  readonly ledger: LedgerState;
  /** The ledger's acquired bytes then (for spacing). */
  readonly acquiredBytes: number;
  /** Of those, the bytes allocated fresh (for spacing). */
  readonly freshBytes: number;
  /** What it costs to keep, roughly. */
  readonly bytes: number;
}

/** A pool operation made by a click on the page rather than by the step source. */
export interface Click {
  readonly kind: typeof StepKind.Acquire | typeof StepKind.Release;
  /** The buffer's id: a source buffer's, or -k for `@k`. */
  readonly id: number;
  /** An acquire's size. */
  readonly size: number;
}

/** Checkpoints and clicks of one run. */
export class History<State> {
  private checkpoints: Checkpoint<State>[] = [];
  private readonly clicks = new Map<number, Click>();
  private stepsApart = CHECKPOINT_STEPS;
  private bytesApart = CHECKPOINT_BYTES;
  private freshApart = CHECKPOINT_FRESH_BYTES;
  private keptBytes = 0;
  /** The step of the first click after the ones passed, or infinity. */
  private nextClickStep = Number.POSITIVE_INFINITY;
  /** The furthest step reached. */
  recorded = 0;

  /** `maxSteps`: the last step a run may record; less than {@link MAX_STEPS} only in tests. */
  constructor(
    first: Checkpoint<State>,
    readonly maxSteps = MAX_STEPS,
  ) {
    this.add(first);
  }

  /** The last checkpoint. */
  get newest(): Checkpoint<State> {
    return this.checkpoints[this.checkpoints.length - 1]!;
  }

  /** Checkpoints kept. */
  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  /** Bytes the history keeps, roughly. */
  get byteLength(): number {
    return this.keptBytes + 64 * this.clicks.size;
  }

  /**
   * Steps from `step` until a checkpoint is due at the latest, or until
   * {@link maxSteps} (at least 1). The session takes no more steps from its
   * source before asking {@link isDue}, so a run stops exactly at the limit.
   * Given the bytes acquired and allocated fresh so far, it also stops about
   * where the bytes make one due, guessed from the bytes a step took since
   * the newest checkpoint (or between the two newest; at first, it takes
   * {@link PROBE_STEPS} to find out).
   */
  stepsUntilDue(step: number, acquiredBytes?: number, freshBytes = 0): number {
    const newest = this.newest;
    let steps = Math.min(newest.step + this.stepsApart, this.maxSteps) - step;
    if (acquiredBytes !== undefined) {
      const from = step > newest.step ? newest : this.checkpoints.at(-2);
      const to = step > newest.step ? { step, acquiredBytes, freshBytes } : newest;
      if (from === undefined || from.step >= to.step)
        return Math.max(1, Math.min(steps, PROBE_STEPS));
      const span = to.step - from.step;
      const left = (apart: number, done: number, rate: number): number =>
        rate > 0 ? Math.ceil(((apart - done) * span) / rate) : Number.POSITIVE_INFINITY;
      steps = Math.min(
        steps,
        left(
          this.bytesApart,
          acquiredBytes - newest.acquiredBytes,
          to.acquiredBytes - from.acquiredBytes,
        ),
        left(this.freshApart, freshBytes - newest.freshBytes, to.freshBytes - from.freshBytes),
      );
    }
    return Math.max(1, steps);
  }

  /**
   * Whether a checkpoint is due at `step`, with the ledger's acquired bytes at
   * `acquiredBytes` and its bytes allocated fresh at `freshBytes`. Throws
   * {@link stepLimitError} at {@link maxSteps}: a recording run asks before
   * every batch, and no step after it can be recorded.
   */
  isDue(step: number, acquiredBytes: number, freshBytes = 0): boolean {
    if (step >= this.maxSteps) throw stepLimitError(this.maxSteps);
    const newest = this.newest;
    return (
      step > newest.step &&
      (step - newest.step >= this.stepsApart ||
        acquiredBytes - newest.acquiredBytes >= this.bytesApart ||
        freshBytes - newest.freshBytes >= this.freshApart)
    );
  }

  /** Keeps a checkpoint (later than every other), thinning the older ones if they grow too big. */
  add(checkpoint: Checkpoint<State>): void {
    this.checkpoints.push(checkpoint);
    this.keptBytes += checkpoint.bytes;
    if (this.keptBytes > HISTORY_BUDGET_BYTES && this.checkpoints.length > 2) this.thin();
  }

  /** The last checkpoint at or before `step`. */
  atOrBefore(step: number): Checkpoint<State> {
    const checkpoints = this.checkpoints;
    let low = 0;
    let high = checkpoints.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (checkpoints[middle]!.step <= step) low = middle;
      else high = middle - 1;
    }
    return checkpoints[low]!;
  }

  /** The checkpoints at steps between `after` and `before` (both excluded), oldest first. */
  between(after: number, before: number): Checkpoint<State>[] {
    return this.checkpoints.filter(({ step }) => step > after && step < before);
  }

  /**
   * Takes `other`'s clicks, and its checkpoints, oldest first, while `keep`
   * accepts them (at least the first), with its spacing: a run at another
   * capacity (Compare's B) starts from the newest, and can go back to any of
   * them. They are shared, not copied: a checkpoint never changes. The steps
   * up to the newest count as recorded.
   */
  adopt(other: History<State>, keep: (checkpoint: Checkpoint<State>) => boolean): void {
    for (const [step, click] of other.clicks) this.addClick(step, click);
    const first = other.checkpoints.findIndex((checkpoint, i) => i > 0 && !keep(checkpoint));
    this.keepOnly(other.checkpoints.slice(0, first < 0 ? undefined : first));
    this.stepsApart = other.stepsApart;
    this.bytesApart = other.bytesApart;
    this.freshApart = other.freshApart;
    this.recorded = this.newest.step;
  }

  /** Records a click as step `step`. */
  addClick(step: number, click: Click): void {
    this.clicks.set(step, click);
    this.nextClickStep = Math.min(this.nextClickStep, step);
  }

  /** The click made as `step`, if any. */
  clickAt(step: number): Click | undefined {
    return this.clicks.size === 0 ? undefined : this.clicks.get(step);
  }

  /** The step of the first click after `step`, or infinity. */
  nextClickAfter(step: number): number {
    if (this.nextClickStep > step) return this.nextClickStep;
    let next = Number.POSITIVE_INFINITY;
    for (const at of this.clicks.keys()) if (at > step && at < next) next = at;
    // Steps only move forward between seeks, so the answer holds until one goes back.
    this.nextClickStep = next;
    return next;
  }

  /** Seeking back: the clicks after `step` lie ahead again. */
  rewindTo(step: number): void {
    let next = Number.POSITIVE_INFINITY;
    for (const at of this.clicks.keys()) if (at > step && at < next) next = at;
    this.nextClickStep = next;
  }

  /** Forgets everything after `step`: a click there changes the future. */
  truncateAfter(step: number): void {
    this.recorded = Math.min(this.recorded, step);
    for (const at of [...this.clicks.keys()]) if (at > step) this.clicks.delete(at);
    this.rewindTo(step);
    this.keepOnly(this.checkpoints.filter((checkpoint) => checkpoint.step <= step));
  }

  /** Drops every other checkpoint but the first and the newest, and spaces new ones twice as far. */
  private thin(): void {
    const last = this.checkpoints.length - 1;
    this.keepOnly(this.checkpoints.filter((_, i) => i % 2 === 0 || i === last));
    this.stepsApart *= 2;
    this.bytesApart *= 2;
    this.freshApart *= 2;
  }

  /** Keeps these checkpoints and no others. */
  private keepOnly(checkpoints: Checkpoint<State>[]): void {
    this.checkpoints = checkpoints;
    this.keptBytes = checkpoints.reduce((bytes, checkpoint) => bytes + checkpoint.bytes, 0);
  }
}
