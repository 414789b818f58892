import type { ToWorker } from "../worker/protocol.ts";
import type { WorkerUpdate } from "../worker/client.ts";
import { receiveSnapshot } from "./predict.ts";
import type { PlaygroundState } from "./store.ts";

/**
 * Writes one coalesced worker update into the store with a single `setState`;
 * its snapshot goes where predict mode says (shown, or held back as a question).
 * `send` reaches the worker (predict mode asks it for the next step).
 */
export function applyUpdate(
  store: {
    setState(partial: Partial<PlaygroundState>): void;
    getState(): PlaygroundState;
  },
  update: WorkerUpdate,
  send: (command: ToWorker) => void,
): void {
  const partial: Partial<PlaygroundState> = {};
  if (update.sweep) partial.sweep = update.sweep;
  if (update.series) partial.series = update.series;
  if (update.error !== undefined) partial.error = update.error;
  if (update.capacity !== undefined) {
    partial.effectiveCapacity = update.capacity;
    // A workload loaded: predict mode starts over at its step 0. A step asked
    // for since the load was sent comes after it: that is step 1, asked from 0.
    partial.predictAnswers = [];
    partial.predictAskedFrom = store.getState().predictAskedSinceLoad ? 0 : -1;
    partial.predictHidden = null;
  }
  const { snapshot } = update;
  const received = snapshot && receiveSnapshot({ ...store.getState(), ...partial }, snapshot);
  store.setState(received ? { ...partial, ...received.partial } : partial);
  if (received?.askNext) send({ type: "step" });
}
