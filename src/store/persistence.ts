/**
 * Saving what the user typed and chose, so a reload brings it back, and saying
 * so when it cannot be saved (site data blocked, storage full).
 */
import type { Speed } from "../worker/protocol.ts";

/** What survives a reload. */
export interface Saved {
  readonly source: string;
  readonly capacity: number;
  readonly speed: Speed;
  readonly memoryBudgetMiB: number;
}

/** The key in storage; bump the version if {@link Saved} changes shape. */
export const STORAGE_KEY = "pool-playground:v1";

/** A place to save: localStorage, sessionStorage, or a map in tests. */
export type SaveArea = Pick<Storage, "getItem" | "setItem">;

/**
 * Why the work is not being saved: the browser refuses this site storage
 * (site data blocked, or reading `localStorage` throws), or the storage is full.
 */
export type SaveProblem = "blocked" | "full";

/**
 * The storage `open` returns, or undefined when opening it throws: a browser
 * that blocks site data throws a SecurityError on merely reading `window.localStorage`.
 */
export function openStorage(open: () => Storage): Storage | undefined {
  try {
    return open();
  } catch {
    return undefined;
  }
}

/** Reads the saved state, or null when there is none or it is unreadable. */
export function loadSaved(area: Pick<Storage, "getItem"> | undefined): Saved | null {
  try {
    return parseSaved(area?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return null;
  }
}

/** Reads a saved value as written by {@link save}, or null. */
export function parseSaved(raw: string | null): Saved | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return isSaved(value) ? value : null;
  } catch {
    return null;
  }
}

/** Saves; returns why it could not, or null when it did. */
export function save(area: SaveArea | undefined, saved: Saved): SaveProblem | null {
  if (area === undefined) return "blocked";
  try {
    area.setItem(STORAGE_KEY, JSON.stringify(saved));
    return null;
  } catch (thrown) {
    return isQuotaExceeded(thrown) ? "full" : "blocked";
  }
}

function isQuotaExceeded(thrown: unknown): boolean {
  return (
    typeof thrown === "object" &&
    thrown !== null &&
    "name" in thrown &&
    (thrown.name === "QuotaExceededError" || thrown.name === "NS_ERROR_DOM_QUOTA_REACHED")
  );
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
