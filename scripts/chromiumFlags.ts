/**
 * The one list of Chromium command-line flags for everything here that drives
 * a browser: the Playwright suite (`playwright.config.ts`) and `bench:ui`
 * (`scripts/benchUi/`). Test authors who screenshot the playground can import
 * it too:
 *
 * ```ts
 * import { chromiumLaunchOptions } from "./scripts/chromiumFlags.ts";
 * export default defineConfig({ use: { launchOptions: chromiumLaunchOptions() } });
 * ```
 *
 * Why each flag is here is written beside it; docs/testing.md says what goes
 * wrong without the pixel flags.
 */
import type { LaunchOptions } from "@playwright/test";
import { chromiumPath } from "./chromium.ts";

/** Flags that keep Debian's Chromium quiet on a machine without internet access. */
export const OFFLINE_FLAGS = {
  /** No window: CI machines have no display. */
  headless: "--headless",
  /** CI runs as root, where Chromium's sandbox refuses to start. */
  noSandbox: "--no-sandbox",
  /** Software rendering, the same on every machine, whatever its GPU and drivers. */
  disableGpu: "--disable-gpu",
  /** No QUIC probes to Google's servers. */
  disableQuic: "--disable-quic",
  /** No welcome page or first-run dialogs on a fresh profile. */
  noFirstRun: "--no-first-run",
  /** No background requests (safe browsing lists, variations, …) that would time out offline. */
  disableBackgroundNetworking: "--disable-background-networking",
  /** No component updates (Widevine, certificate lists) fetched at start. */
  disableComponentUpdate: "--disable-component-update",
  /** No account sync. */
  disableSync: "--disable-sync",
} as const;

/**
 * Flags that make the same page rasterize to the same bytes on every load.
 * Without them two loads of one URL can differ at anti-aliased edges.
 */
export const SAME_PIXELS_FLAGS = {
  /**
   * Raster a changed tile whole, never only its changed part. With partial
   * raster, a small repaint that cuts across a rounded corner redraws that
   * corner clipped to the small rectangle, and Skia's anti-aliasing then gives
   * its edge pixels one level of colour more or less than a whole-tile raster
   * does. Which rectangles get repainted depends on which frame each update
   * lands in, so two loads differed by a few dozen pixels at the panels'
   * rounded corners; this flag alone made them equal.
   */
  disablePartialRaster: "--disable-partial-raster",
  /**
   * One raster worker, so tiles are rastered one after another in the same
   * order on every run. Not what fixed the corners (partial raster was); kept
   * as a cheap guard.
   */
  oneRasterThread: "--num-raster-threads=1",
  /**
   * Greyscale text anti-aliasing everywhere. Subpixel (LCD) text is used only
   * on opaque layers, so a layer Chromium promotes or drops for its own reasons
   * would change the colour fringes of the text in it.
   */
  disableLcdText: "--disable-lcd-text",
  /**
   * Colours in sRGB, not in the machine's display profile. Playwright passes
   * this too; it is here for drivers that do not.
   */
  srgb: "--force-color-profile=srgb",
} as const;

/** Every flag, in the order Chromium is given them. */
export const CHROMIUM_ARGS: readonly string[] = [
  ...Object.values(OFFLINE_FLAGS),
  ...Object.values(SAME_PIXELS_FLAGS),
];

/**
 * Playwright's `launchOptions`: {@link CHROMIUM_ARGS}, and the Chromium that
 * `chromiumPath` finds (else Playwright's own).
 */
export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  const executablePath = chromiumPath(env);
  return { ...(executablePath ? { executablePath } : {}), args: [...CHROMIUM_ARGS] };
}
