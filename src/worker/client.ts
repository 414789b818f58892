/**
 * The main thread's bridge to the pool worker: the only code that starts,
 * restarts or terminates it, and the only caller of `postMessage`. A
 * restarted worker gets the script back and is brought back to the step the
 * run was at (see `restore.ts`).
 *
 * Worker messages are coalesced: whatever arrives between two animation frames
 * is handed on as one {@link WorkerUpdate}, so the store is written once per frame
 * while a run goes on. A report that settles the run (paused, done, reset, an
 * error) is handed on at once, with whatever was waiting for the frame: Pause
 * and Reset must show within 100 ms, and on a busy page the next frame can be
 * tens of milliseconds away.
 */
import {
  assertNever,
  type FromWorker,
  type RunError,
  type SeriesPoint,
  type Snapshot,
  type SweepProgress,
  type ToWorker,
  type TraceInfo,
} from "./protocol.ts";
import { RunRecord, settlesAt, type RestoreStep } from "./restore.ts";

/** Everything the worker said since the last frame, merged. */
export interface WorkerUpdate {
  /** Absent when only a sweep reported. */
  readonly snapshot?: Snapshot;
  /** Present when the chart series changed. */
  readonly series?: readonly SeriesPoint[];
  /** `null` clears a shown error, a value shows one; absent leaves it as it is. */
  readonly error?: RunError | null;
  /** capacity_per_class in effect, after a load. */
  readonly capacity?: number;
  /** Progress of a capacity sweep, when it changed. */
  readonly sweep?: SweepProgress;
  /** After a load: the trace file that is the workload now, or null for a script. */
  readonly trace?: TraceInfo | null;
}

/** What the worker says about a trace file being read or converted; handed on at once, unmerged. */
export type TraceReport = Extract<
  FromWorker,
  { type: "loadProgress" | "rejected" | "loadCancelled" | "converted" }
>;

type LoadCommand = Extract<ToWorker, { type: "load" | "loadTrace" }>;

/** What the bridge tells its owner. */
export interface PoolClientOptions {
  onUpdate(update: WorkerUpdate): void;
  /** The worker died and was restarted (and the run restored); `reason` says so in words. */
  onCrash(reason: string): void;
  /** Builds the worker (`main.tsx` knows its URL); tests pass a fake. */
  createWorker(): Worker;
  /** Schedules a flush: requestAnimationFrame on the page. */
  frame(callback: () => void): void;
  /**
   * Hears an export's reports as they come, in order and never merged (its
   * chunks are pieces of one file).
   */
  onExport?(report: ExportReport): void;
  /** Hears how a trace file's reading goes (progress, refusal, cancel) and a conversion's script. */
  onTrace?(report: TraceReport): void;
}

/** The reports of an export (`{ type: "export" }`). */
export type ExportReport = Extract<
  FromWorker,
  { type: "exportProgress" | "exportChunk" | "exportDone" | "exportFailed" }
>;

/** How long a reset may go unanswered before the worker is replaced. */
const RESET_TIMEOUT_MS = 1000;
/** How often the bridge checks that the worker still answers, and how long it waits. */
const HEARTBEAT_MS = 500;
const SILENCE_MS = 2000;

/** Owns the worker's lifetime and carries commands to it. */
export class PoolClient {
  private worker: Worker;
  private pending: { -readonly [K in keyof WorkerUpdate]: WorkerUpdate[K] } | null = null;
  private flushQueued = false;
  /** The workload in effect: a restarted worker gets it again (a trace file from the kept Blob). */
  private lastLoad: LoadCommand | null = null;
  /** Compare's last setting: a restarted worker compares again. */
  private lastCompare: Extract<ToWorker, { type: "compare" }> | null = null;
  /** A trace file being read, not yet loaded: a restarted worker reads it again. */
  private pendingTrace: Extract<ToWorker, { type: "loadTrace" }> | null = null;
  private resetTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private pingSentAt = 0;
  private lastHeardAt = 0;
  /** When the heartbeat last looked (see {@link checkAlive}). */
  private lastCheckAt = Date.now();
  /** Where the run stands and how it got there, to restore it after a restart. */
  private readonly record = new RunRecord();
  /** A restore under way: the commands still to send, and the step the last one sent ends at. */
  private restoring: { readonly plan: RestoreStep[]; awaitedStep: number } | null = null;
  /** Commands the page sent during a restore, sent once the run is back (see {@link send}). */
  private held: ToWorker[] = [];

  constructor(private readonly options: PoolClientOptions) {
    this.worker = this.start();
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
  }

  /**
   * A worker can stop without an error event (closed, or killed by the browser
   * for memory): one that leaves a ping unanswered for {@link SILENCE_MS} is replaced.
   */
  private checkAlive(): void {
    const now = Date.now();
    const late = now - this.lastCheckAt > 2 * HEARTBEAT_MS;
    this.lastCheckAt = now;
    // A check that runs late ran after the page itself was busy, before the answers that
    // queued up meanwhile are read: it proves nothing about the worker. The next one will.
    if (late) return;
    if (this.pingSentAt > this.lastHeardAt && now - this.pingSentAt > SILENCE_MS) {
      this.restart("The pool worker stopped answering, so it was restarted");
      return;
    }
    if (this.pingSentAt <= this.lastHeardAt) {
      this.pingSentAt = now;
      this.send({ type: "ping" });
    }
  }

  /**
   * Posts one command to the worker. A `load` is remembered, so a restarted
   * worker gets the script back (a `loadTrace`, once loaded, gets its file back); a `reset` the worker does not answer within
   * {@link RESET_TIMEOUT_MS} replaces the worker (a runaway run must not hold
   * the page).
   *
   * During a restore the page still shows the run as it was, so a command
   * made meanwhile (Run, a speed, a click) is meant for that run: it waits
   * until the restore is done. A new run (`load`, `loadTrace`, `reset`) ends
   * the restore instead, and what waited with it.
   */
  send(command: ToWorker): void {
    if (this.restoring !== null && command.type !== "ping") {
      if (!startsOver(command)) {
        this.held.push(command);
        return;
      }
      this.restoring = null;
      this.held = [];
      this.pending = null;
    }
    if (command.type === "load") {
      this.lastLoad = command;
      this.pendingTrace = null;
    }
    if (command.type === "loadTrace") this.pendingTrace = command;
    if (command.type === "compare") this.lastCompare = command;
    if (command.type === "cancelLoad") this.pendingTrace = null;
    // A trace file is a fresh run only once it has loaded (the workload before it stays till then).
    if (command.type !== "ping" && command.type !== "loadTrace") this.record.sent(command);
    this.post(command);
  }

  private post(command: ToWorker): void {
    this.worker.postMessage(command);
    if (command.type === "reset") {
      clearTimeout(this.resetTimer);
      this.resetTimer = setTimeout(
        () => this.restart("The pool worker did not answer Reset in time, so it was restarted"),
        RESET_TIMEOUT_MS,
      );
    }
  }

  /** Stops the worker for good. */
  terminate(): void {
    clearTimeout(this.resetTimer);
    clearInterval(this.heartbeat);
    this.worker.terminate();
  }

  private start(): Worker {
    const worker = this.options.createWorker();
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.restart(
        `The pool worker crashed (${event.message || "unknown error"}) and was restarted`,
      );
    };
    worker.onmessageerror = () =>
      this.restart("A message from the pool worker was unreadable; it was restarted");
    return worker;
  }

  /**
   * Replaces the worker, sends it the script and plays the run back to where
   * it was; `what` says what happened, up to "…was restarted". A worker that
   * fails again while being restored is not restored again.
   */
  private restart(what: string): void {
    clearTimeout(this.resetTimer);
    this.pingSentAt = 0;
    this.lastHeardAt = Date.now();
    this.worker.terminate();
    this.worker = this.start();
    const failedRestoring = this.restoring !== null;
    // The run starts over when a restore fails: what waited for it is dropped with it.
    this.held = [];
    // What the failed restore reported, held back (see {@link merge}), is not where the run is.
    if (failedRestoring) this.pending = null;
    const plan = failedRestoring ? [] : this.record.plan();
    this.restoring = plan.length > 0 ? { plan, awaitedStep: 0 } : null;
    if (this.lastLoad) {
      this.post(this.lastLoad);
      if (this.restoring === null) this.record.sent(this.lastLoad);
    }
    if (this.lastCompare) this.post(this.lastCompare);
    // The file the page was opening is read again; the restore waits for the workload before it.
    if (this.pendingTrace && this.restoring === null) this.post(this.pendingTrace);
    this.options.onCrash(
      plan.length > 0
        ? `${what} and restored to step ${this.record.shownStep}. Your script is safe.`
        : failedRestoring
          ? `${what}. It failed again while the run was being restored, so the run starts over. Your script is safe.`
          : `${what}. Your script is safe.`,
    );
  }

  /** Sends a restore's next command once the last one has settled the run where it should. */
  private continueRestoring(report: FromWorker): void {
    const restoring = this.restoring;
    if (restoring === null || !settlesAt(report, restoring.awaitedStep)) return;
    const next = restoring.plan.shift();
    if (next === undefined) {
      this.restoring = null;
      for (const command of this.held.splice(0)) this.send(command);
      return;
    }
    restoring.awaitedStep = next.step;
    this.post(next.command);
  }

  private receive(message: FromWorker): void {
    // A pong may answer a ping the worker read before the Reset: it is no answer to the Reset.
    if (message.type !== "pong") clearTimeout(this.resetTimer);
    this.lastHeardAt = Date.now();
    // While restoring, the record keeps where the run was: the worker is on its way back there.
    if (this.restoring === null) this.record.heard(message);
    else this.continueRestoring(message);
    switch (message.type) {
      case "ready":
      case "pong":
        return;
      case "loaded":
        this.noteLoaded(message);
        this.merge({
          snapshot: message.snapshot,
          capacity: message.capacity,
          error: null,
          trace: message.trace ?? null,
        });
        return;
      case "snapshot":
        this.merge(
          message.series
            ? { snapshot: message.snapshot, series: message.series }
            : { snapshot: message.snapshot },
        );
        return;
      case "error":
        this.merge({ snapshot: message.snapshot, error: message.error });
        return;
      case "sweep":
        this.merge({ sweep: message.progress });
        return;
      case "rejected":
      case "loadCancelled":
        if (this.pendingTrace?.name === message.name) this.pendingTrace = null;
        this.options.onTrace?.(message);
        return;
      case "loadProgress":
      case "converted":
        this.options.onTrace?.(message);
        return;
      case "exportProgress":
      case "exportChunk":
      case "exportDone":
      case "exportFailed":
        this.options.onExport?.(message);
        return;
      default:
        assertNever(message);
    }
  }

  /** A trace file being read is the workload once it has loaded. */
  private noteLoaded(message: Extract<FromWorker, { type: "loaded" }>): void {
    const pending = this.pendingTrace;
    if (message.trace === undefined || pending?.name !== message.trace.name) return;
    this.lastLoad = pending;
    this.pendingTrace = null;
    this.record.sent(pending);
  }

  /**
   * Adds a report to what the next flush hands on. During a restore nothing
   * is handed on: the page goes on showing the run as it was, not the steps
   * the new worker passes on its way back, and the report that ends the
   * restore hands on everything at once.
   */
  private merge(update: WorkerUpdate): void {
    this.pending = this.pending ? { ...this.pending, ...update } : { ...update };
    if (this.restoring !== null) return;
    if (update.snapshot !== undefined && update.snapshot.status !== "running") {
      this.flush();
      return;
    }
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.options.frame(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.restoring !== null) return;
    const pending = this.pending;
    this.pending = null;
    if (pending) this.options.onUpdate(pending);
  }
}

/** Whether `command` starts a new run, so a restore under way is no longer wanted. */
function startsOver(command: ToWorker): boolean {
  return command.type === "load" || command.type === "loadTrace" || command.type === "reset";
}
