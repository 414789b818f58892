import type { WorkerUpdate } from "../worker/client.ts";
import type { PlaygroundState } from "./store.ts";

/** Writes one coalesced worker update into the store with a single `setState`. */
export function applyUpdate(
  setState: (partial: Partial<PlaygroundState>) => void,
  update: WorkerUpdate,
): void {
  const partial: Partial<PlaygroundState> = {};
  if (update.snapshot) partial.snapshot = update.snapshot;
  if (update.sweep) partial.sweep = update.sweep;
  if (update.series) partial.series = update.series;
  if (update.error !== undefined) partial.error = update.error;
  if (update.capacity !== undefined) partial.effectiveCapacity = update.capacity;
  setState(partial);
}
