/**
 * A capacity sweep driven in the worker a slice at a time, so playback and the
 * page stay responsive: progress at most once a frame, Cancel at once. The
 * sweep itself (every capacity in one pass) is `sweep.ts`.
 */
import type { PlaybackHost } from "./playback.ts";
import type { StepSource } from "./stepSource.ts";
import { CapacitySweep } from "./sweep.ts";
import type { SweepPoint, SweepProgress } from "./types.ts";

/** Steps between looks at the clock. */
const CLOCK_EVERY = 1024;

/** Runs one sweep at a time; a new one, or {@link cancel}, stops the one under way. */
export class SweepRunner {
  private sweep: CapacitySweep | null = null;
  private generation = 0;
  private lastPost = Number.NEGATIVE_INFINITY;
  private startedAt = 0;
  /** The last sweep's points, for its export. */
  private lastPoints: readonly SweepPoint[] = [];

  constructor(
    private readonly host: PlaybackHost,
    private readonly sliceMs: number,
    private readonly frameMs: number,
  ) {}

  /** The points of the last sweep (or of the one under way, so far). */
  get points(): readonly SweepPoint[] {
    return this.lastPoints;
  }

  /** Sweeps `source` at each of `capacities`, at most `maxSteps` steps each. */
  start(
    source: StepSource,
    capacities: readonly number[],
    maxSteps: number,
    memoryBudgetBytes: number,
  ): void {
    this.cancel();
    this.sweep = new CapacitySweep(source, {
      capacities,
      maxSteps,
      memoryBudgetBytes,
      countSteps: true,
    });
    this.startedAt = this.host.now();
    const generation = ++this.generation;
    this.post();
    this.host.schedule(() => this.tick(generation), 0);
  }

  /** Stops the sweep under way, if one is, and says so to the page. */
  cancel(): void {
    const sweep = this.sweep;
    if (!sweep) return;
    this.generation++;
    this.sweep = null;
    this.lastPoints = sweep.results();
    this.host.post({ type: "sweep", progress: this.progress(sweep, true) });
  }

  private tick(generation: number): void {
    const sweep = this.sweep;
    if (generation !== this.generation || !sweep) return;
    const deadline = this.host.now() + this.sliceMs;
    do sweep.advance(CLOCK_EVERY);
    while (!sweep.finished && this.host.now() < deadline);
    if (sweep.finished) {
      this.post();
      this.sweep = null;
      return;
    }
    if (this.host.now() - this.lastPost >= this.frameMs) this.post();
    this.host.schedule(() => this.tick(generation), 0);
  }

  private post(): void {
    const sweep = this.sweep;
    if (!sweep) return;
    this.lastPost = this.host.now();
    this.lastPoints = sweep.results();
    this.host.post({ type: "sweep", progress: this.progress(sweep, false) });
  }

  /** What the page is told of a sweep. */
  private progress(sweep: CapacitySweep, cancelled: boolean): SweepProgress {
    return {
      running: !cancelled && !sweep.finished,
      cancelled: cancelled && !sweep.finished,
      done: sweep.done,
      total: sweep.total,
      steps: sweep.currentSteps,
      totalSteps: sweep.totalSteps,
      elapsedMs: this.host.now() - this.startedAt,
      points: sweep.results(),
    };
  }
}
