/**
 * Light or dark: the page follows prefers-color-scheme until the user picks one,
 * and the pick is remembered. `index.html` applies a saved pick before first paint.
 */

/** A theme the user chose, or null to follow the system. */
export type Theme = "light" | "dark";

/** localStorage key of the user's pick (also read by the script in index.html). */
export const THEME_KEY = "pool-playground:theme";

/** The saved pick, or null. */
export function readTheme(storage: Pick<Storage, "getItem"> | undefined): Theme | null {
  try {
    const value = storage?.getItem(THEME_KEY);
    return value === "light" || value === "dark" ? value : null;
  } catch {
    return null;
  }
}

/**
 * Saves the pick and applies it to `root` (sets `data-theme`, which CSS turns
 * into color-scheme). `storage` is undefined when site data is blocked.
 */
export function applyTheme(
  theme: Theme,
  root: HTMLElement,
  storage: Pick<Storage, "setItem"> | undefined,
) {
  root.dataset.theme = theme;
  try {
    storage?.setItem(THEME_KEY, theme);
  } catch {
    // Storage may be full or blocked; the pick still holds for this visit.
  }
}
