/** Waiting until nothing on a visual spec's screen can still change. */
import { expect, type Page } from "@playwright/test";

/** Waits for the bundled fonts, the lazily loaded charts and the editor. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await expect(page.getByTestId("class-chart")).toBeVisible();
  await expect(page.getByTestId("recycle-chart")).toBeVisible();
  await expect(page.locator(".cm-content")).toBeVisible();
}
