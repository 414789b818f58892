/** The runtime hooks of a measurement in Node (see `Probe`). */
import type { Probe } from "./measure.ts";

/** Node's: forced collections (node runs with `--expose-gc`), heap and array buffers, CPU time. */
export function nodeProbe(): Probe {
  const gc = globalThis.gc;
  if (gc === undefined) {
    throw new Error("run node with --expose-gc (fork.ts does): memory needs a forced GC");
  }
  return {
    // Twice: a buffer found dead by one collection may be counted in `arrayBuffers` until the next.
    gc: () => {
      gc();
      gc();
    },
    memoryBytes: () => {
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    },
    // CPU time of this process, not wall time: on a shared machine another
    // process's time slice would land on whichever side happened to be running.
    now: () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
  };
}
