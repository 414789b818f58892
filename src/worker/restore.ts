/**
 * Bringing a restarted worker back to where the run was. The bridge notes
 * where each report leaves the run, and each click on the page (a click is a
 * step the script cannot replay); after a restart it plays the same path
 * again at full speed: load, then for each click in the order they were made
 * the run to the step before it (forward, or back by seeking when it was made
 * after stepping back) and the click, then on to the furthest step recorded,
 * and back to the step that was shown. The engine is deterministic, so the
 * same path ends in the same state, clicked buffers' names (@1, @2, …) and
 * the steps a later click made the history forget included.
 */
import type { FromWorker, PoolEvent, RunStatus, Snapshot, ToWorker } from "./protocol.ts";

/** One command of a restore, and the step the run stands at once it is done. */
export interface RestoreStep {
  readonly command: ToWorker;
  /** The step a settled report must show before the next command is sent. */
  readonly step: number;
}

/** A click on the page, as a command that makes it again. */
interface Click {
  readonly step: number;
  readonly command: ToWorker;
}

/** Where the run stands and how it got there, from what the page sent and the worker said. */
export class RunRecord {
  private status: RunStatus = "idle";
  private step = 0;
  private recordedSteps = 0;
  /** True when the run stopped at an error of the script (a line), not of a click. */
  private stoppedByScript = false;
  /** Every click since the load, in the order made. */
  private clicks: Click[] = [];
  /** Clicks sent whose report has not come yet. */
  private clicksAwaited = 0;

  /** Notes a command the page sends. */
  sent(command: ToWorker): void {
    switch (command.type) {
      // A `loadTrace` is noted by the bridge once the trace file has loaded: a fresh run of it.
      case "load":
      case "loadTrace":
      case "reset":
        // A fresh run: nothing before it is to be restored.
        this.status = "idle";
        this.step = 0;
        this.recordedSteps = 0;
        this.stoppedByScript = false;
        this.clicks = [];
        this.clicksAwaited = 0;
        return;
      case "acquireClass":
      case "releaseBuffer":
        this.clicksAwaited++;
        return;
      default:
        return;
    }
  }

  /** Notes a report from the worker. */
  heard(report: FromWorker): void {
    if (report.type !== "loaded" && report.type !== "snapshot" && report.type !== "error") return;
    const { snapshot } = report;
    this.status = snapshot.status;
    this.step = snapshot.step;
    this.recordedSteps = snapshot.recordedSteps;
    this.stoppedByScript = report.type === "error" && report.error.line > 0;
    if (this.clicksAwaited > 0 && snapshot.status !== "running") this.noteClick(snapshot);
  }

  /** A click's report: the run stops at the click, which is the last event. */
  private noteClick(snapshot: Snapshot): void {
    this.clicksAwaited--;
    const event = snapshot.lastEvent;
    if (event === null || event.line !== 0 || event.step !== snapshot.step) {
      // The click did nothing (a stale name); no later report is its.
      this.clicksAwaited = 0;
      return;
    }
    this.clicks.push({ step: event.step, command: clickCommand(event) });
  }

  /** The step the page shows. */
  get shownStep(): number {
    return this.step;
  }

  /**
   * The commands, after the `load`, that bring a fresh worker back to the
   * step shown, with every recorded step and click still there; empty when
   * there is nothing to restore.
   */
  plan(): RestoreStep[] {
    const { step, recordedSteps, status } = this;
    if (recordedSteps === 0) return [];
    const plan: RestoreStep[] = [];
    let at = 0;
    for (const click of this.clicks) {
      const before = click.step - 1;
      plan.push({
        command:
          before < at
            ? { type: "seek", step: before }
            : { type: "run", speed: "max", untilStep: before },
        step: before,
      });
      plan.push({ command: click.command, step: click.step });
      at = click.step;
    }
    const toEnd = status === "done" || (status === "error" && this.stoppedByScript);
    plan.push({
      // To the end, or to the same error, when the run stopped there; else to the furthest step.
      command: toEnd
        ? { type: "run", speed: "max" }
        : { type: "run", speed: "max", untilStep: recordedSteps },
      step: recordedSteps,
    });
    if (step < recordedSteps) plan.push({ command: { type: "seek", step }, step });
    return plan;
  }
}

function clickCommand(event: PoolEvent): ToWorker {
  return event.op === "acquire"
    ? { type: "acquireClass", sizeClass: event.sizeClass }
    : { type: "releaseBuffer", name: event.name };
}

/**
 * Whether `report` settles the run at `step`: not running, and there. A run
 * stopped by an error settles with the error's own report, which comes after
 * the series' (see `Playback.report`): settled on the series, the page would
 * show the run without its error for a moment.
 */
export function settlesAt(report: FromWorker, step: number): boolean {
  if (report.type !== "loaded" && report.type !== "snapshot" && report.type !== "error")
    return false;
  const { status } = report.snapshot;
  if (status === "error" && report.type !== "error") return false;
  return status !== "running" && report.snapshot.step === step;
}
