/**
 * Screenshot baselines of the embed (`&embed=1`) in its 600×400 frame, both
 * themes, compared byte for byte like the rest of the visual suite.
 */
import { PRESETS } from "../../src/ui/presets.ts";
import { expect, scriptHash, test } from "../fixtures/test.ts";
import { expectExactScreenshot } from "./exactScreenshot.ts";

test.use({ viewport: { width: 600, height: 400 } });

const BURSTY = PRESETS.find((p) => p.id === "bursty-workload")!.source;

for (const [colorScheme, step] of [
  ["light", 52],
  ["dark", 190],
] as const) {
  test(`the embed at step ${step}, ${colorScheme}`, async ({ playground, page }) => {
    await page.emulateMedia({ colorScheme });
    await playground.goto(`${scriptHash(BURSTY, { step })}&embed=1`);
    await playground.waitForStatus("paused", { step });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await expect(page.getByTestId("class-chart")).toBeVisible();
    await expectExactScreenshot(page, `embed-step-${step}-${colorScheme}.png`);
  });
}
