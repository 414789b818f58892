import type { PlaybackHost } from "../engine/playback.ts";

/** A scheduler and the way to stop it. */
export interface Scheduler {
  readonly schedule: PlaybackHost["schedule"];
  /** Closes the channel; scheduled tasks with no delay never run. */
  close(): void;
}

/**
 * Schedules worker tasks: a delay through setTimeout, "as soon as possible"
 * through a MessageChannel, so full-speed slices are not clamped to 4 ms as
 * nested setTimeout(0) calls are, and page messages still get in between.
 */
export function createScheduler(): Scheduler {
  const channel = new MessageChannel();
  const soon: Array<() => void> = [];
  channel.port1.onmessage = () => soon.shift()?.();
  return {
    schedule(task, delayMs) {
      if (delayMs > 0) {
        setTimeout(task, delayMs);
      } else {
        soon.push(task);
        channel.port2.postMessage(null);
      }
    },
    close: () => channel.port1.close(),
  };
}
