/** Saving what the user typed and chose, so a reload brings it back. */
import type { Speed } from "../worker/protocol.ts";

/** What survives a reload. */
export interface Saved {
  readonly source: string;
  readonly capacity: number;
  readonly speed: Speed;
  readonly memoryBudgetMiB: number;
}

/** The localStorage key; bump the version if {@link Saved} changes shape. */
export const STORAGE_KEY = "pool-playground:v1";

/** Reads the saved state, or null when there is none or it is unreadable. */
export function loadSaved(storage: Pick<Storage, "getItem"> | undefined): Saved | null {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (!isSaved(value)) return null;
    return value;
  } catch {
    return null;
  }
}

/** Saves; a full or blocked storage is ignored (the page keeps working). */
export function save(storage: Pick<Storage, "setItem"> | undefined, saved: Saved): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(saved));
  } catch {
    // Private mode or quota: nothing to do but keep going.
  }
}

function isSaved(value: unknown): value is Saved {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.source === "string" &&
    Number.isInteger(v.capacity) &&
    (v.speed === "max" || (typeof v.speed === "number" && v.speed > 0)) &&
    typeof v.memoryBudgetMiB === "number" &&
    v.memoryBudgetMiB > 0
  );
}
