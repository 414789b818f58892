/** A {@link Playback} on a fake clock, for tests of the worker's command handler. */
import type { Command, Report } from "../engine/types.ts";
import { Playback } from "../engine/playback.ts";

/**
 * A runner on a fake clock: scheduled tasks run when time is advanced past them,
 * and every look at the clock costs a little time, as real work does.
 */
export function harness(msPerClockRead = 0.05) {
  const posted: Report[] = [];
  /** The fake time of each posted message. */
  const postedAt: number[] = [];
  let now = 0;
  let queue: { at: number; task: () => void }[] = [];
  const runner = new Playback({
    post: (message) => {
      posted.push(structuredClone(message));
      postedAt.push(now);
    },
    now: () => (now += msPerClockRead),
    schedule: (task, delayMs) => queue.push({ at: now + delayMs, task }),
  });
  const send = (message: Command) => runner.handle(message);
  /** Runs scheduled tasks until `ms` of fake time has passed. */
  const elapse = (ms: number) => {
    const end = now + ms;
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue[0];
      if (!next || next.at > end) break;
      queue = queue.slice(1);
      now = Math.max(now, next.at);
      next.task();
    }
    now = Math.max(now, end);
  };
  const last = () => posted.at(-1)!;
  const snapshots = () => posted.filter((m) => m.type === "snapshot");
  const clearPosted = () => {
    posted.length = 0;
    postedAt.length = 0;
  };
  return { send, elapse, last, posted, postedAt, snapshots, clearPosted };
}
