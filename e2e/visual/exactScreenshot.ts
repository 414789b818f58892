/**
 * `toHaveScreenshot`, then the very bytes of the baseline. Playwright compares
 * with pixelmatch, which leaves out every pixel it takes for anti-aliasing even
 * at `threshold: 0` and `maxDiffPixels: 0`: a bar one pixel shorter can pass.
 * Equal PNG bytes mean equal pixels, with nothing forgiven.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";

/** What to shoot: the viewport (the default) or the whole page. */
export interface ShotOptions {
  readonly fullPage?: boolean;
}

/** Fails unless the page draws the baseline `name` byte for byte; rewrites it under `--update-snapshots`. */
export async function expectExactScreenshot(
  page: Page,
  name: string,
  options: ShotOptions = {},
): Promise<void> {
  // The pointer is left where the last click put it, and Chromium draws a control under
  // it hovered only once it has hit-tested the page again after a change of layout (a
  // checkbox's tick is lighter then): a timer's matter. No pixel may hang on it.
  await page.mouse.move(0, 0);
  const shot = {
    animations: "disabled",
    caret: "hide",
    fullPage: options.fullPage ?? false,
  } as const;
  // First Playwright's own check: it waits for two equal shots in a row, writes a
  // missing baseline, and leaves expected, actual and diff images when it fails.
  await expect(page).toHaveScreenshot(name, shot);

  const info = test.info();
  const path = info.snapshotPath(name, { kind: "screenshot" });
  const actual = await page.screenshot(shot);
  const expected = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
  if (actual.equals(expected)) return;
  const { updateSnapshots } = info.config;
  if (updateSnapshots === "all" || updateSnapshots === "changed") {
    writeFileSync(path, actual);
    return;
  }
  await info.attach(`${name} (actual)`, { body: actual, contentType: "image/png" });
  expect(actual.equals(expected), `${name}: not the baseline's bytes`).toBe(true);
}
