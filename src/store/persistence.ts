/**
 * Saving what the user typed and chose, so a reload brings it back, and saying
 * so when it cannot be saved (site data blocked, storage full).
 *
 * Two places hold it: the tab's own (sessionStorage), which a reload of that
 * tab opens, and the one saved last by any tab (localStorage), which a new tab
 * opens. So two tabs never take each other's script on a reload.
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
export type SaveArea = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Where the work is saved; an area is undefined when the browser blocks it. */
export interface SaveAreas {
  /** This tab's own copy (sessionStorage): what a reload of this tab opens. */
  readonly tab: SaveArea | undefined;
  /** The copy saved last by any tab (localStorage): what a new tab opens. */
  readonly shared: SaveArea | undefined;
}

/** What a page opens: its tab's own copy (a reload), else the one saved last by any tab (a new tab). */
export function loadWork(
  areas: SaveAreas,
): { readonly saved: Saved; readonly own: boolean } | null {
  const own = loadSaved(areas.tab);
  if (own !== null) return { saved: own, own: true };
  const last = loadSaved(areas.shared);
  return last === null ? null : { saved: last, own: false };
}

/**
 * Saves to both areas. The answer is the shared area's: when only it takes
 * the work, a reload still brings it back. When only the tab's copy cannot be
 * written, it is removed, or the stale copy would win over the new one on reload.
 */
export function saveWork(areas: SaveAreas, saved: Saved): SaveProblem | null {
  const problem = save(areas.shared, saved);
  const tabProblem = areas.tab === undefined ? null : save(areas.tab, saved);
  if (tabProblem !== null) {
    try {
      areas.tab?.removeItem(STORAGE_KEY);
    } catch {
      return problem ?? tabProblem;
    }
  }
  return problem;
}

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

/** Saves to one area; returns why it could not, or null when it did. */
export function save(area: Pick<Storage, "setItem"> | undefined, saved: Saved): SaveProblem | null {
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
