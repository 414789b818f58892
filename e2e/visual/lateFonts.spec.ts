/**
 * Pixels must not depend on when the bundled fonts arrive. The editor scrolls
 * the current line into view, and where that lands depends on the fonts: the
 * height of a character's box in the editor, and the editor's own height,
 * which the presets' text beside it decides. Here every font is held back, and
 * the screen must still settle on the very bytes of the baseline that
 * screens.spec.ts keeps (docs/testing.md, "Fonts").
 */
import { readFileSync } from "node:fs";
import { compile } from "../../src/script/index.ts";
import { PRESETS } from "../../src/ui/presets.ts";
import { expect, test } from "../fixtures/test.ts";
import { settle } from "./settle.ts";

const FONT_DELAY_MS = 1_200;

const baseline = (name: string) =>
  readFileSync(
    new URL(`./screens.spec.ts-snapshots/${name}-${process.platform}.png`, import.meta.url),
  );

function stepCount(source: string): number {
  let steps = 0;
  for (const _ of compile(source).steps()) steps++;
  return steps;
}

const cases = [
  { id: "bursty-workload", colorScheme: "light", at: "end" },
  { id: "grown-buffer-pollution", colorScheme: "dark", at: "middle" },
  { id: "warm-up", colorScheme: "dark", at: "middle" },
] as const;

for (const { id, colorScheme, at } of cases) {
  test(`${id} at its ${at}, ${colorScheme}, with every font ${FONT_DELAY_MS} ms late`, async ({
    playground,
    page,
  }, testInfo) => {
    const source = PRESETS.find((p) => p.id === id)!.source;
    await page.route(/\.woff2?$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, FONT_DELAY_MS));
      await route.continue();
    });
    await page.emulateMedia({ colorScheme });
    if (at === "end") {
      await playground.gotoScript(source, { run: true });
      await playground.waitForStatus("done");
    } else {
      const middle = Math.floor(stepCount(source) / 2);
      await playground.gotoScript(source, { step: middle });
      await playground.waitForStatus("paused", { step: middle });
    }
    await settle(page);

    const expected = baseline(`${id}-${at}-${colorScheme}`);
    let actual: Buffer = Buffer.alloc(0);
    await expect
      .poll(async () => {
        actual = await page.screenshot({ animations: "disabled", caret: "hide" });
        return actual.equals(expected);
      })
      .toBe(true)
      .catch(async (error: unknown) => {
        await testInfo.attach("actual", { body: actual, contentType: "image/png" });
        throw error;
      });
  });
}
