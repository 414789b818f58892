/**
 * A capacity sweep: the same script run once per capacity_per_class, to find
 * where misses stop falling. Runs in slices like playback, so it never blocks.
 */
import { Session } from "./session.ts";
import type { StepSource } from "./stepSource.ts";
import type { SweepPoint } from "./types.ts";

/** Options for a {@link CapacitySweep}. */
export interface SweepOptions {
  readonly capacities: readonly number[];
  /** Steps run per capacity at most (scripts may be endless). */
  readonly maxSteps: number;
  readonly memoryBudgetBytes: number;
}

/** One sweep in progress: a session per capacity, run one after another. */
export class CapacitySweep {
  private readonly points: SweepPoint[] = [];
  private session: Session | null = null;

  constructor(
    private readonly program: StepSource,
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
    return this.session?.step ?? 0;
  }

  /** Runs up to `maxSteps` steps; returns how many ran. */
  advance(maxSteps: number): number {
    if (this.finished) return 0;
    const capacity = this.options.capacities[this.done]!;
    this.session ??= new Session(this.program, {
      capacity,
      capacityOverride: capacity,
      memoryBudgetBytes: this.options.memoryBudgetBytes,
    });
    const session = this.session;
    const ran = session.advance(Math.min(maxSteps, this.options.maxSteps - session.step));
    if (session.finished || session.error || session.step >= this.options.maxSteps) {
      const snapshot = session.snapshot("done");
      this.points.push({
        capacity,
        steps: snapshot.step,
        misses: snapshot.misses,
        recycleRate: snapshot.recycleRate,
        retainedBytes: snapshot.retainedBytes,
        complete: session.finished,
        error: session.error,
      });
      this.session = null;
    }
    return ran;
  }

  /** The results so far, in capacity order. */
  results(): readonly SweepPoint[] {
    return this.points.slice();
  }
}
