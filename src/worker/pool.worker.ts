/// <reference lib="webworker" />
/** The worker entry: owns the pool through a {@link Playback} and does nothing else. */
import { Playback } from "../engine/playback.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import { createScheduler } from "./schedule.ts";

declare const self: DedicatedWorkerGlobalScope;

const playback = new Playback({
  post: (message: FromWorker) => self.postMessage(message),
  now: () => performance.now(),
  schedule: createScheduler().schedule,
});

self.onmessage = (event: MessageEvent<ToWorker>) => playback.handle(event.data);
self.postMessage({ type: "ready" } satisfies FromWorker);
