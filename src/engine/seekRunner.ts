/**
 * A seek (the scrubber, Step back) driven in the worker a slice at a time.
 * Replaying to a step far from its checkpoint takes seconds on a workload of
 * megabyte buffers (an oracle trace, 2,000 steps of up to 5 MB, took 1-3 s a
 * Step back in Chromium), and the page replaces a worker that answers nothing
 * for 2 s. Between slices the worker answers the page's pings.
 *
 * What the seek leaves is what an instant seek would have left: the commands
 * that come during it wait, in order, and are handed back when it is done; a
 * further seek or Step back with nothing waiting moves the target instead
 * (the same end, sooner), and a load or Reset with nothing waiting ends it.
 */
import type { PlaybackHost } from "./playback.ts";
import type { Session } from "./session.ts";
import { Stretches } from "./stretch.ts";
import type { Command } from "./types.ts";

/** What waits for a seek: a command from the page, or the playback's own task (a trace file loaded). */
export type Waiting = Command | (() => void);

/** Runs one seek at a time in the playback's session. */
export class SeekRunner {
  private session: Session | null = null;
  private target = 0;
  /** What waits for the seek under way; null when none is. */
  private waiting: Waiting[] | null = null;
  private generation = 0;
  /** Steps between looks at the clock. */
  private readonly stretches = new Stretches();

  /** `settled`: the seek is done, and what waited for it, in order, to handle now. */
  constructor(
    private readonly host: PlaybackHost,
    private readonly sliceMs: number,
    private readonly settled: (waiting: readonly Waiting[]) => void,
  ) {}

  /** True while a seek is under way. */
  get active(): boolean {
    return this.waiting !== null;
  }

  /** Brings `session` to `step` (at most its recorded steps): at once when a slice is enough. */
  start(session: Session, step: number): void {
    this.session = session;
    this.target = stepIn(session, step);
    this.waiting = [];
    this.slice(++this.generation);
  }

  /**
   * Takes a command that came during a seek: true when the seek took it (it
   * waits, or moves the target), false when it is to be handled now (a ping,
   * no seek under way, or a load or Reset that ends the seek).
   */
  take(command: Command): boolean {
    const { waiting, session } = this;
    if (waiting === null || session === null || command.type === "ping") return false;
    if (waiting.length === 0) {
      switch (command.type) {
        case "seek":
          this.target = stepIn(session, command.step);
          return true;
        case "stepBack":
          this.target = Math.max(0, this.target - 1);
          return true;
        case "load":
        case "reset":
          this.cancel();
          return false;
        default:
          break;
      }
    }
    waiting.push(command);
    return true;
  }

  /** Runs `task` once no seek is under way: now, or after the one under way and what waits for it. */
  whenSettled(task: () => void): void {
    if (this.waiting === null) task();
    else this.waiting.push(task);
  }

  /** Ends the seek under way, if one is, where it stands (the session is being replaced). */
  cancel(): void {
    this.generation++;
    this.waiting = null;
    this.session = null;
  }

  private slice(generation: number): void {
    const session = this.session;
    if (generation !== this.generation || session === null) return;
    const now = () => this.host.now();
    const there = (steps: number) => session.seek(this.target, steps) || session.error !== null;
    if (!this.stretches.run(now, now() + this.sliceMs, there)) {
      this.host.schedule(() => this.slice(generation), 0);
      return;
    }
    const waiting = this.waiting ?? [];
    this.cancel();
    this.settled(waiting);
  }
}

/** The step a seek to `step` ends at, as `Session.seek` takes it: a recorded one. */
function stepIn(session: Session, step: number): number {
  return Math.max(0, Math.min(Math.floor(step), session.recordedSteps));
}
