/**
 * Saving what the user typed and chose, so a reload brings it back, and saying
 * so when it cannot be saved (site data blocked, storage full).
 *
 * Two places hold it: the tab's own (sessionStorage), which a reload of that
 * tab opens, and the one saved last by any tab (localStorage), which a new tab
 * opens. So two tabs never take each other's script on a reload.
 */
import type { Speed } from "../worker/protocol.ts";
import { isSpeed, isWithinLimit } from "./settings.ts";

/** What survives a reload. */
export interface Saved {
  readonly source: string;
  readonly capacity: number;
  readonly speed: Speed;
  readonly memoryBudgetMiB: number;
}

/**
 * What can be used of a saved value: the script always, each setting only
 * when it is within its limit (the page's defaults stand in for the rest).
 */
export type Loaded = Pick<Saved, "source"> & Partial<Omit<Saved, "source">>;

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
): { readonly saved: Loaded; readonly own: boolean } | null {
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

/** Reads the saved state, or null when there is none or it holds no script. */
export function loadSaved(area: Pick<Storage, "getItem"> | undefined): Loaded | null {
  try {
    return parseSaved(area?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return null;
  }
}

/**
 * Reads a saved value as written by {@link save}, or null when it holds no
 * script. A setting that is missing or outside its limit is left out rather
 * than costing the script.
 */
export function parseSaved(raw: string | null): Loaded | null {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? "null");
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { source, capacity, speed, memoryBudgetMiB } = value as Record<string, unknown>;
  if (typeof source !== "string") return null;
  return {
    source,
    ...(isWithinLimit("capacity", capacity) ? { capacity } : {}),
    ...(isSpeed(speed) ? { speed } : {}),
    ...(isWithinLimit("memoryBudgetMiB", memoryBudgetMiB) ? { memoryBudgetMiB } : {}),
  };
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
