/**
 * Compare's slice: capacity B, or null when not comparing. B's numbers come
 * in the snapshot (`snapshot.compare`), with A's, in the same update.
 */
import type { StateCreator } from "zustand/vanilla";
import type { ToWorker } from "../worker/protocol.ts";
import type { PlaygroundState } from "./store.ts";

/** Compare (SPEC §4): the workload at a second capacity, B, beside the run. */
export interface CompareSlice {
  /** Compare's capacity B, or null when not comparing. */
  compareCapacity: number | null;
  /** Compares with capacity B = `capacity` (kept across loads), or stops comparing (null). */
  setCompare(capacity: number | null): void;
}

/** The compare slice, sending its setting to the worker as it changes. */
export const createCompareSlice =
  (send: (command: ToWorker) => void): StateCreator<PlaygroundState, [], [], CompareSlice> =>
  (set, get) => ({
    compareCapacity: null,
    setCompare(capacity) {
      if (get().compareCapacity === capacity) return;
      set({ compareCapacity: capacity });
      send({ type: "compare", capacity });
    },
  });
