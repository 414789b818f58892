/**
 * A stand-in for the pool worker that runs the real engine (a `Playback`) in
 * Node on a fake clock, so a test of the page's bridge can crash a worker in
 * the middle of a run and compare where a new one ends up. Messages go both
 * ways through queues, as a worker's do, and are delivered by {@link settle}.
 */
import { Playback } from "../engine/playback.ts";
import type { FromWorker, Snapshot, ToWorker } from "../worker/protocol.ts";
import { workerFactory } from "./fakeWorker.ts";

/** One worker: the real engine behind the members the bridge uses. */
export class EngineWorker {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  terminated = false;
  /** Every report the engine made, oldest first. */
  readonly reports: FromWorker[] = [];
  private readonly inbox: ToWorker[] = [];
  private readonly outbox: FromWorker[] = [];
  private tasks: { at: number; task: () => void }[] = [];
  private now = 0;
  private readonly playback = new Playback({
    post: (report) => {
      this.reports.push(structuredClone(report));
      this.outbox.push(structuredClone(report));
    },
    // Every look at the clock costs a little time, as real work does.
    now: () => (this.now += 0.05),
    schedule: (task, delayMs) => this.tasks.push({ at: this.now + delayMs, task }),
  });

  postMessage(command: ToWorker): void {
    if (!this.terminated) this.inbox.push(structuredClone(command));
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker throws an uncaught error. */
  crash(message: string): void {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }

  /**
   * Delivers commands and reports and runs the engine's tasks until nothing is
   * left to do or `maxMs` of fake time has passed (a paced run never ends).
   */
  settle(maxMs = 60_000): void {
    const end = this.now + maxMs;
    while (!this.terminated) {
      const command = this.inbox.shift();
      if (command !== undefined) {
        this.playback.handle(command);
        continue;
      }
      const report = this.outbox.shift();
      if (report !== undefined) {
        this.onmessage?.({ data: report } as MessageEvent<FromWorker>);
        continue;
      }
      this.tasks.sort((a, b) => a.at - b.at);
      const next = this.tasks[0];
      if (next === undefined || next.at > end) return;
      this.tasks = this.tasks.slice(1);
      this.now = Math.max(this.now, next.at);
      next.task();
    }
  }

  /** The last report that carried a snapshot. */
  lastSnapshot(): Snapshot | undefined {
    for (let i = this.reports.length - 1; i >= 0; i--) {
      const report = this.reports[i]!;
      if (report.type === "loaded" || report.type === "snapshot" || report.type === "error") {
        return report.snapshot;
      }
    }
    return undefined;
  }
}

/** A factory of {@link EngineWorker}s; `workers` keeps each one it made, newest last. */
export function engineWorkers() {
  return workerFactory(() => new EngineWorker());
}
