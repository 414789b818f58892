/// <reference lib="webworker" />
/** The worker entry: owns the pool through a {@link Runner} and does nothing else. */
import type { ToWorker } from "./protocol.ts";
import { Runner } from "./runner.ts";
import { createScheduler } from "./schedule.ts";

declare const self: DedicatedWorkerGlobalScope;

const runner = new Runner({
  post: (message) => self.postMessage(message),
  now: () => performance.now(),
  schedule: createScheduler().schedule,
});

self.onmessage = (event: MessageEvent<ToWorker>) => runner.handle(event.data);
self.postMessage({ type: "ready" });
