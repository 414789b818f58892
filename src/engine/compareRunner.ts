/**
 * Compare in the worker (SPEC §4): B beside the page's run, brought to A's
 * step a slice at a time. Turned on late in a long run, B has every step
 * up to A's to replay; it does so in slices, reporting its progress, while
 * Pause, Reset, the scrubber and Compare itself are answered between them.
 * While B catches up, A does not run ahead of it (`Playback.tick` waits).
 */
import { Comparison } from "./compare.ts";
import type { PlaybackHost } from "./playback.ts";
import type { Session } from "./session.ts";
import type { CompareSnapshot } from "./types.ts";

/** Steps B replays between looks at the clock while it catches up. */
const CATCH_UP_STEPS = 4096;

/** What the runner asks of playback. */
export interface CompareHooks {
  /** Whether A is running (its ticks then catch B up, and no task of the runner's does). */
  running(): boolean;
  /** B caught up a slice more (`done`: all the way) while A was not running. */
  progress(done: boolean): void;
}

/** Compare's B for the loaded run, following it a slice at a time. */
export class CompareRunner {
  private comparison: Comparison | null = null;
  /** Capacity B, kept across loads; null when not comparing. */
  private capacity: number | null = null;
  private scheduled = false;

  constructor(
    private readonly host: PlaybackHost,
    private readonly sliceMs: number,
    private readonly hooks: CompareHooks,
  ) {}

  /** Compares `session` (a new load) at the capacity B chosen, if any: B starts at A's step 0. */
  attach(session: Session | null): void {
    const capacity = this.capacity;
    this.comparison = session && capacity !== null ? new Comparison(session, capacity) : null;
  }

  /**
   * Starts comparing `session` at `capacity`, or stops (null). B starts where
   * A is, catching up from step 0 a slice at a time.
   */
  compare(session: Session | null, capacity: number | null): void {
    this.capacity = capacity;
    this.comparison = session && capacity !== null ? new Comparison(session, capacity, 0) : null;
    if (!this.hooks.running()) this.follow();
  }

  /**
   * Brings B to A's step, working until `deadline` at most. False while B
   * is still behind: a task goes on with it, unless A is running (then the
   * next tick does).
   */
  follow(deadline = this.host.now() + this.sliceMs): boolean {
    const comparison = this.comparison;
    if (comparison === null) return true;
    while (!comparison.follow(CATCH_UP_STEPS)) {
      if (this.host.now() >= deadline) {
        this.scheduleCatchUp();
        return false;
      }
    }
    return true;
  }

  /** After a command: if B is still behind, goes on catching it up (unless A is running). */
  catchUpLater(): void {
    if (this.comparison?.caughtUp === false) this.scheduleCatchUp();
  }

  /**
   * A click on the page, made on A and, when comparing, on B as well. While
   * B is still catching up, the click is made on A alone, and a new B, made
   * with A's clicks, catches up in its place: nothing waits for the old one.
   */
  click(session: Session, action: (run: Session) => void): void {
    const comparison = this.comparison;
    if (comparison === null) {
      action(session);
    } else if (comparison.caughtUp) {
      comparison.click(action);
    } else {
      action(session);
      this.compare(session, this.capacity);
    }
  }

  /** B's side of the snapshot, when comparing. */
  snapshot(): CompareSnapshot | undefined {
    return this.comparison?.snapshot();
  }

  /** Goes on catching B up, a slice at a time, while A is not running. */
  private scheduleCatchUp(): void {
    if (this.scheduled || this.hooks.running()) return;
    this.scheduled = true;
    this.host.schedule(() => {
      this.scheduled = false;
      // Turned off: nothing to catch up. Running: the ticks catch up.
      if (this.comparison === null || this.hooks.running()) return;
      this.hooks.progress(this.follow());
    }, 0);
  }
}
