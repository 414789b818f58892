/**
 * Screenshot baselines, compared byte for byte: every preset at its end and in
 * the middle, both themes, desktop and phone, and the error states.
 * Refresh on purpose with `npm run test:e2e:update`.
 */
import type { Page } from "@playwright/test";
import { compile } from "../../src/script/index.ts";
import { PRESETS } from "../../src/ui/presets.ts";
import { Playground, expect, scriptHash, test } from "../fixtures/test.ts";
import { expectExactScreenshot } from "./exactScreenshot.ts";
import { settle } from "./settle.ts";

const PHONE = { width: 390, height: 844 };

/** Steps a finite script runs (presets are finite). */
function stepCount(source: string): number {
  let steps = 0;
  for (const _ of compile(source).steps()) steps++;
  return steps;
}

/** A screenshot once two in a row agree (charts size themselves a frame after mounting). */
async function stableScreenshot(page: Page): Promise<Buffer> {
  let previous = await page.screenshot({ fullPage: true, animations: "disabled", caret: "hide" });
  for (;;) {
    const next = await page.screenshot({ fullPage: true, animations: "disabled", caret: "hide" });
    if (next.equals(previous)) return next;
    previous = next;
  }
}

async function shoot(
  playground: Playground,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await settle(playground.page);
  await expectExactScreenshot(playground.page, name, options);
}

for (const preset of PRESETS) {
  const total = stepCount(preset.source);
  const middle = Math.floor(total / 2);

  test(`${preset.id}: the end, light`, async ({ playground }) => {
    await playground.gotoScript(preset.source, { run: true });
    await playground.waitForStatus("done", { step: total });
    await shoot(playground, `${preset.id}-end-light.png`);
  });

  test(`${preset.id}: step ${middle}, dark`, async ({ playground, page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await playground.gotoScript(preset.source, { step: middle });
    await playground.waitForStatus("paused", { step: middle });
    await shoot(playground, `${preset.id}-middle-dark.png`);
  });
}

test.describe("phone width, the whole page", () => {
  test.use({ viewport: PHONE });

  test("warm-up at its end, light", async ({ playground }) => {
    const preset = PRESETS[0]!;
    await playground.gotoScript(preset.source, { run: true });
    await playground.waitForStatus("done");
    await shoot(playground, "phone-warm-up-end-light.png", { fullPage: true });
  });

  test("bursty workload in the middle, dark", async ({ playground, page }) => {
    const preset = PRESETS.find((p) => p.id === "bursty-workload")!;
    const middle = Math.floor(stepCount(preset.source) / 2);
    await page.emulateMedia({ colorScheme: "dark" });
    await playground.gotoScript(preset.source, { step: middle });
    await playground.waitForStatus("paused", { step: middle });
    await shoot(playground, "phone-bursty-middle-dark.png", { fullPage: true });
  });

  test("the table view at the end of bursty workload, light", async ({ playground, page }) => {
    const preset = PRESETS.find((p) => p.id === "bursty-workload")!;
    await playground.gotoScript(preset.source, { run: true });
    await playground.waitForStatus("done");
    await settle(page);
    await page.getByLabel("Show as table").check();
    await expect(page.getByTestId("class-row-oversized")).toBeVisible();
    // The table scrolls inside itself; the page never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
    await expectExactScreenshot(page, "phone-table-view-light.png", { fullPage: true });
  });

  test("capacity overflow at its end, dark", async ({ playground, page }) => {
    const preset = PRESETS.find((p) => p.id === "capacity-overflow")!;
    await page.emulateMedia({ colorScheme: "dark" });
    await playground.gotoScript(preset.source, { run: true });
    await playground.waitForStatus("done");
    await shoot(playground, "phone-capacity-overflow-end-dark.png", { fullPage: true });
  });
});

test.describe("error states", () => {
  const cases = [
    ["syntax-error", "capacity 2\na = aquire 4KB\n", 0],
    ["double-release", "capacity 2\na = acquire 4KB\nrelease a\nrelease a\n", 2],
    ["memory-budget", "a = acquire 300MB\nb = acquire 300MB\n", 1],
  ] as const;
  for (const [name, source, step] of cases) {
    test(name, async ({ playground }) => {
      await playground.gotoScript(source, { run: true });
      await playground.waitForStatus("error", { step });
      await shoot(playground, `error-${name}.png`);
    });
  }
});

test("free-list stacks with grown buffers, dark", async ({ playground, page }) => {
  const preset = PRESETS.find((p) => p.id === "grown-buffer-pollution")!;
  await page.emulateMedia({ colorScheme: "dark" });
  await playground.gotoScript(preset.source, { step: 12 });
  await playground.waitForStatus("paused", { step: 12 });
  await page.getByLabel("Show stacks").check();
  await shoot(playground, "stacks-grown-dark.png", { fullPage: true });
});

test("predict mode after a wrong answer to a lesson's question, light", async ({
  playground,
  page,
}) => {
  const preset = PRESETS.find((p) => p.id === "capacity-overflow")!;
  await playground.goto(`${scriptHash(preset.source)}&predict=1`);
  for (let k = 1; k <= 12; k++) {
    await expect(page.getByTestId("predict-question")).toHaveAttribute("data-step", String(k));
    await page.keyboard.press(k <= 8 ? "2" : "1");
  }
  await expect(page.getByTestId("predict-question")).toHaveAttribute("data-step", "13");
  await page.getByRole("button", { name: "Back on the list", exact: true }).click();
  await expect(page.getByTestId("predict-question")).toHaveAttribute("data-step", "14");
  await shoot(playground, "predict-wrong-light.png", { fullPage: true });
});

test.describe("phone width, predict and stacks", () => {
  test.use({ viewport: PHONE });

  test("predict mode with the stacks shown, dark", async ({ playground, page }) => {
    const preset = PRESETS.find((p) => p.id === "grown-buffer-pollution")!;
    await page.emulateMedia({ colorScheme: "dark" });
    await playground.goto(`${scriptHash(preset.source, { step: 12 })}&predict=1`);
    await playground.waitForStatus("paused", { step: 12 });
    await expect(page.getByTestId("predict-question")).toHaveAttribute("data-step", "13");
    await page.getByLabel("Show stacks").check();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
    await shoot(playground, "phone-predict-stacks-dark.png", { fullPage: true });
  });
});

test("a finished capacity sweep with its recommendation", async ({ playground }) => {
  const preset = PRESETS.find((p) => p.id === "bursty-workload")!;
  await playground.goto(`${scriptHash(preset.source, { run: true })}&sweep=0..16`);
  await playground.waitForStatus("done");
  await expect(playground.page.getByTestId("sweep-status")).toHaveText("done");
  await expect(playground.page.getByTestId("recommended-capacity")).toBeVisible();
  await shoot(playground, "sweep-recommendation-light.png", { fullPage: true });
});

test("the same URL draws identical pixels in two fresh browser contexts", async ({ browser }) => {
  const preset = PRESETS.find((p) => p.id === "bursty-workload")!;
  const shots: Buffer[] = [];
  for (let k = 0; k < 2; k++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const playground = new Playground(page);
    await playground.gotoScript(preset.source, { run: true });
    await playground.waitForStatus("done");
    await settle(page);
    shots.push(await stableScreenshot(page));
    await context.close();
  }
  expect(shots[1]!.equals(shots[0]!)).toBe(true);
});
