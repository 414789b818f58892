/**
 * A stand-in for the pool worker in Node tests: it records what the page posts
 * and says what a test makes it say. It has only the members the bridge uses.
 */
import type { FromWorker, ToWorker } from "../worker/protocol.ts";

/** One fake worker: `posted` holds the commands, oldest first. */
export class FakeWorker {
  readonly posted: ToWorker[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;

  postMessage(command: ToWorker): void {
    this.posted.push(command);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker posts `report` to the page. */
  report(report: FromWorker): void {
    this.onmessage?.({ data: report } as MessageEvent<FromWorker>);
  }

  /** The worker throws an uncaught error. */
  crash(message: string): void {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

/** A worker factory for the bridge from `make`; `workers` keeps each one it made, newest last. */
export function workerFactory<W>(make: () => W): {
  readonly workers: W[];
  readonly createWorker: () => Worker;
} {
  const workers: W[] = [];
  return {
    workers,
    createWorker() {
      const worker = make();
      workers.push(worker);
      return worker as unknown as Worker;
    },
  };
}

/** A factory of {@link FakeWorker}s. */
export function fakeWorkers() {
  return workerFactory(() => new FakeWorker());
}
