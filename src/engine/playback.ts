/**
 * Playback: turns the page's commands into steps of a {@link Session}, paced
 * by the chosen speed, and reports snapshots at most once per frame.
 *
 * Globals come in as arguments (`post`, `now`, `schedule`), so the runner is
 * tested in Node with a fake clock; `pool.worker.ts` passes the real ones.
 */
import { compile } from "../script/index.ts";
import { toScript, type Trace } from "../workload/index.ts";
import { CompareRunner } from "./compareRunner.ts";
import { toRunError } from "./errors.ts";
import { ExportRunner } from "./exportJob.ts";
import { SeekRunner, type Waiting } from "./seekRunner.ts";
import { Session } from "./session.ts";
import type { StepSource } from "./stepSource.ts";
import { Stretches } from "./stretch.ts";
import { SweepRunner } from "./sweepRunner.ts";
import { TraceLoad, traceInfo } from "./traceLoad.ts";
import {
  assertNever,
  emptySnapshot,
  type Report,
  type RunStatus,
  type Speed,
  type Command,
  type Snapshot,
} from "./types.ts";

/** Snapshots are posted at most this often while running. */
export const FRAME_MS = 16;
/** The chart series is posted at most this often while running: no chart redraws faster. */
export const SERIES_EVERY_MS = 200;
/** Longest stretch of uninterrupted work, so a pause is answered quickly. */
export const SLICE_MS = 12;
/** What the runner needs from its host. */
export interface PlaybackHost {
  post(message: Report): void;
  now(): number;
  /** Calls `task` after about `delayMs` (0 = as soon as other messages are handled). */
  schedule(task: () => void, delayMs: number): void;
}

/** The worker's state machine: one loaded workload (a script or a trace) and how it is being played. */
export class Playback {
  private session: Session | null = null;
  private status: RunStatus = "idle";
  private speed: Speed = 1;
  private untilStep = Number.POSITIVE_INFINITY;
  /** Incremented on every command that changes playback, so stale ticks stop. */
  private generation = 0;
  /** Steps between looks at the clock at full speed. */
  private readonly stretches = new Stretches();
  private lastPost = Number.NEGATIVE_INFINITY;
  private postedSeries = -1;
  private lastSeriesPost = Number.NEGATIVE_INFINITY;
  private runStartedAt = 0;
  private runStartStep = 0;
  private source = "";
  private capacity = 4;
  private memoryBudgetBytes = 512 * 1024 * 1024;
  /** The workload when it is a trace file; null for a script (`source`). */
  private trace: Trace | null = null;
  /** The steps of the loaded workload, once it compiled. */
  private stepSource: StepSource | null = null;
  /** A trace file being read, if one is. */
  private traceLoad: TraceLoad | null = null;
  private readonly sweeps: SweepRunner;
  private readonly exports: ExportRunner;
  /** Compare's B beside the session. */
  private readonly compares: CompareRunner;
  /** A seek under way, a slice at a time, and the commands that wait for it. */
  private readonly seeks: SeekRunner;

  constructor(private readonly host: PlaybackHost) {
    this.exports = new ExportRunner(host, SLICE_MS, FRAME_MS);
    this.sweeps = new SweepRunner(host, SLICE_MS, FRAME_MS);
    this.seeks = new SeekRunner(host, SLICE_MS, (waiting) => this.seekSettled(waiting));
    this.compares = new CompareRunner(host, SLICE_MS, {
      // While A seeks, B waits: it follows A to the step A settles at.
      running: () => this.status === "running" || this.seeks.active,
      progress: (done) => (done ? this.report(this.status) : this.postEvery(FRAME_MS)),
    });
  }

  /** Handles one message from the page. */
  handle(message: Command): void {
    if (this.seeks.take(message)) return;
    switch (message.type) {
      case "load":
        this.cancelLoad(false);
        this.trace = null;
        this.source = message.source;
        this.capacity = message.capacity;
        this.memoryBudgetBytes = message.memoryBudgetBytes;
        this.load();
        return;
      case "run":
        this.speed = message.speed;
        this.untilStep = message.untilStep ?? Number.POSITIVE_INFINITY;
        this.start();
        return;
      case "speed":
        this.speed = message.speed;
        if (this.status === "running") this.start();
        return;
      case "pause":
        if (this.status === "running") this.stop("paused");
        return;
      case "step":
        this.stepOnce();
        return;
      case "seek":
        this.seek(message.step);
        return;
      case "stepBack":
        if (this.session && this.session.step > 0) this.seek(this.session.step - 1);
        return;
      case "ping":
        this.host.post({ type: "pong" });
        return;
      case "reset":
        this.load();
        return;
      case "acquireClass":
        this.click((session) => session.acquireClass(message.sizeClass));
        return;
      case "releaseBuffer":
        this.click((session) => session.releaseBuffer(message.name));
        return;
      case "sweep":
        if (!this.stepSource) return;
        if (this.status === "running") this.stop("paused");
        this.sweeps.start(
          this.stepSource,
          message.capacities,
          message.maxSteps,
          this.memoryBudgetBytes,
        );
        return;
      case "cancelSweep":
        this.sweeps.cancel();
        return;
      case "compare":
        this.compare(message.capacity);
        return;
      case "loadTrace":
        this.loadTrace(message);
        return;
      case "cancelLoad":
        this.cancelLoad(true);
        return;
      case "export":
        this.exports.start(message.kind, {
          source: this.stepSource,
          options: { capacity: this.capacity, memoryBudgetBytes: this.memoryBudgetBytes },
          total: this.trace?.events ?? (this.session?.finished ? this.session.recordedSteps : null),
          classes: this.session?.classMetrics() ?? null,
          sweepPoints: this.sweeps.points,
        });
        return;
      case "cancelExport":
        this.exports.cancel();
        return;
      case "convertToScript":
        this.convert();
        return;
      default:
        assertNever(message);
    }
  }

  private load(): void {
    this.generation++;
    this.seeks.cancel();
    this.sweeps.cancel();
    this.session = null;
    this.compares.attach(null);
    this.stepSource = null;
    this.status = "idle";
    this.postedSeries = -1;
    try {
      const trace = this.trace;
      const source: StepSource = trace ?? compile(this.source);
      this.stepSource = source;
      this.session = new Session(source, {
        capacity: this.capacity,
        memoryBudgetBytes: this.memoryBudgetBytes,
      });
      this.compares.attach(this.session);
      const loaded = {
        type: "loaded",
        capacity: this.session.capacityPerClass,
        snapshot: this.snapshotOf(this.session, "idle"),
      } as const;
      this.host.post(trace === null ? loaded : { ...loaded, trace: traceInfo(trace) });
      this.postSeries();
    } catch (thrown) {
      this.status = "error";
      const error = toRunError(thrown);
      this.host.post({ type: "error", error, snapshot: emptySnapshot(this.capacity, "error") });
    }
  }

  /** Starts reading a trace file; the workload before it plays on until the trace is ready. */
  private loadTrace(message: Extract<Command, { type: "loadTrace" }>): void {
    this.cancelLoad(false);
    const { name } = message;
    const load = new TraceLoad(name, message.source, {
      now: () => this.host.now(),
      progress: (bytesRead, totalBytes) =>
        this.host.post({ type: "loadProgress", name, bytesRead, totalBytes }),
    });
    this.traceLoad = load;
    void load.done.then(
      (result) => {
        if (this.traceLoad !== load || result === null) return;
        this.traceLoad = null;
        if (!result.ok) {
          this.host.post({ type: "rejected", name, ...result.rejection });
          return;
        }
        // The trace replaces the run once a seek under way, and what waits for it, are done.
        this.seeks.whenSettled(() => {
          this.trace = result.trace;
          this.capacity = message.capacity;
          this.memoryBudgetBytes = message.memoryBudgetBytes;
          this.load();
        });
      },
      (thrown: unknown) => {
        if (this.traceLoad !== load) return;
        this.traceLoad = null;
        const reason = thrown instanceof Error ? thrown.message : String(thrown);
        this.host.post({
          type: "rejected",
          name,
          message: `${name} could not be read: ${reason}`,
          errors: [],
          more: 0,
        });
      },
    );
  }

  /** Posts the loaded trace as a script; a trace too big to be one is refused, and stays loaded. */
  private convert(): void {
    const trace = this.trace;
    if (trace === null) return;
    const { name } = trace;
    try {
      this.host.post({ type: "converted", name, script: toScript(trace) });
    } catch (thrown) {
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      this.host.post({ type: "rejected", name, message: reason, errors: [], more: 0 });
    }
  }

  /** Stops a trace file being read, if one is; `report` says so to the page. */
  private cancelLoad(report: boolean): void {
    const load = this.traceLoad;
    if (load === null) return;
    this.traceLoad = null;
    load.cancel();
    if (report) this.host.post({ type: "loadCancelled", name: load.name });
  }

  private start(): void {
    const session = this.session;
    if (!session || session.error || session.finished || session.step >= this.untilStep) {
      this.report(this.settledStatus());
      return;
    }
    this.generation++;
    this.status = "running";
    this.runStartedAt = this.host.now();
    this.runStartStep = session.step;
    this.postNow();
    this.tick(this.generation);
  }

  private tick(generation: number): void {
    const session = this.session;
    if (generation !== this.generation || !session) return;
    const started = this.host.now();
    if (!this.compares.follow(started + SLICE_MS)) {
      // A waits, with its clock, while Compare's B catches up with it.
      this.runStartedAt = this.host.now();
      this.runStartStep = session.step;
      this.postEvery(FRAME_MS);
      this.host.schedule(() => this.tick(generation), 0);
      return;
    }
    if (this.speed === "max") {
      const untilStep = this.untilStep;
      this.stretches.run(
        () => this.host.now(),
        started + SLICE_MS,
        (steps) => session.advance(steps, untilStep) < steps,
      );
    } else {
      const due = Math.floor(((started - this.runStartedAt) * this.speed) / 1000) + 1;
      const behind = this.runStartStep + due - session.step;
      if (behind > 0) session.advance(Math.min(behind, 100_000), this.untilStep);
    }
    this.compares.follow();
    if (session.error || session.finished || session.step >= this.untilStep) {
      this.stop(this.settledStatus());
      return;
    }
    this.postEvery(this.speed === "max" ? FRAME_MS : 0);
    const delay = this.speed === "max" ? 0 : this.delayToNextStep(this.host.now());
    this.host.schedule(() => this.tick(generation), delay);
  }

  private delayToNextStep(now: number): number {
    const speed = this.speed as number;
    const session = this.session!;
    const nextDueAt = this.runStartedAt + ((session.step - this.runStartStep) * 1000) / speed;
    return Math.max(FRAME_MS, nextDueAt - now);
  }

  private settledStatus(): RunStatus {
    const session = this.session;
    if (!session) return "error";
    if (session.error) return "error";
    if (session.finished) return "done";
    if (session.step === 0 && session.recordedSteps === 0) return "idle";
    return "paused";
  }

  private stop(status: RunStatus): void {
    this.generation++;
    this.report(status);
  }

  private stepOnce(): void {
    const session = this.session;
    if (!session) return;
    this.generation++;
    session.advance(1);
    this.compares.follow();
    this.report(this.settledStatus());
  }

  /** Seeks a slice at a time (see {@link SeekRunner}); reports once there. */
  private seek(step: number): void {
    const session = this.session;
    if (!session) return;
    this.generation++;
    this.seeks.start(session, step);
  }

  private seekSettled(waiting: readonly Waiting[]): void {
    this.compares.follow();
    this.report(this.settledStatus());
    for (const next of waiting) {
      if (typeof next === "function") this.seeks.whenSettled(next);
      else this.handle(next);
    }
  }

  private click(action: (session: Session) => void): void {
    const session = this.session;
    if (!session) return;
    this.generation++;
    try {
      this.compares.click(session, action);
    } catch (thrown) {
      this.host.post({
        type: "error",
        error: toRunError(thrown),
        snapshot: this.snapshotOf(session, "error"),
      });
      return;
    }
    this.report(this.settledStatus());
  }

  /** Posts the settled state (a command finished), including the error if there is one. */
  private report(status: RunStatus): void {
    this.status = status;
    const session = this.session;
    if (!session) return;
    this.compares.catchUpLater();
    if (session.error) {
      this.postSeries();
      this.host.post({
        type: "error",
        error: session.error,
        snapshot: this.snapshotOf(session, "error"),
      });
    } else {
      this.postNow();
    }
  }

  /** Posts a snapshot, with the series if it changed (while `running`, not too often). */
  private postNow(running = false): void {
    const session = this.session;
    if (!session) return;
    const now = this.host.now();
    this.lastPost = now;
    const changed = session.seriesRevision !== this.postedSeries;
    if (changed && !(running && now - this.lastSeriesPost < SERIES_EVERY_MS)) this.postSeries();
    else this.host.post({ type: "snapshot", snapshot: this.snapshotOf(session, this.status) });
  }

  private postSeries(): void {
    const session = this.session;
    if (!session) return;
    this.postedSeries = session.seriesRevision;
    this.lastSeriesPost = this.host.now();
    this.host.post({
      type: "snapshot",
      snapshot: this.snapshotOf(session, this.status),
      series: session.chartSeries(),
    });
  }

  /** Starts comparing with capacity B (or stops, for null), in lock-step from the step shown. */
  private compare(capacity: number | null): void {
    this.compares.compare(this.session, capacity);
    if (this.session) this.postNow(this.status === "running");
  }

  /** Posts a snapshot unless one went out less than `ms` ago. */
  private postEvery(ms: number): void {
    if (this.host.now() - this.lastPost >= ms) this.postNow(this.status === "running");
  }

  /** The session's snapshot, with B's side when comparing. */
  private snapshotOf(session: Session, status: RunStatus): Snapshot {
    const snapshot = session.snapshot(status);
    const compare = this.compares.snapshot();
    return compare ? { ...snapshot, compare } : snapshot;
  }
}
