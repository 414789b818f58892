/** Waiting until nothing on a visual spec's screen can still change. */
import { expect, type Page } from "@playwright/test";

/** Waits for the bundled fonts, the lazily loaded charts and the editor. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await expect(page.getByTestId("class-chart")).toBeVisible();
  // The chart panel shows the run's chart, or the sweep's once a sweep has run.
  await expect(page.getByTestId("recycle-chart").or(page.getByTestId("sweep-chart"))).toBeVisible();
  await expect(page.locator(".cm-content")).toBeVisible();
}
