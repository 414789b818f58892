/// <reference lib="webworker" />
/**
 * The worker entry: owns the pool through a {@link Runner} and does nothing else.
 * Scheduling uses a MessageChannel so full-speed slices are not clamped like setTimeout(0).
 */
import type { ToWorker } from "./protocol.ts";
import { Runner } from "./runner.ts";

declare const self: DedicatedWorkerGlobalScope;

const channel = new MessageChannel();
const soon: Array<() => void> = [];
channel.port1.onmessage = () => soon.shift()?.();

const runner = new Runner({
  post: (message) => self.postMessage(message),
  now: () => performance.now(),
  schedule(task, delayMs) {
    if (delayMs > 0) {
      setTimeout(task, delayMs);
    } else {
      soon.push(task);
      channel.port2.postMessage(null);
    }
  },
});

self.onmessage = (event: MessageEvent<ToWorker>) => runner.handle(event.data);
self.postMessage({ type: "ready" });
