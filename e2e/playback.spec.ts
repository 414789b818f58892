/**
 * Playback: Step, Step back, Reset, Run and Pause at a slow speed, and the
 * same from the keyboard when the editor does not have focus.
 */
import { EMPTY_STATS, expect, test, type Playground } from "./fixtures/test.ts";

const SCRIPT = `capacity 2
a = acquire 4KB
b = acquire 8KB
release a
repeat 50 {
  c = acquire 4KB
  release c
}
`;
/** Steps in {@link SCRIPT}. */
const STEPS = 3 + 2 * 50;

/** The editor line marked as the current step. */
function stepLine(playground: Playground) {
  return playground.page.locator(".cm-step-line");
}

test.beforeEach(async ({ playground }) => {
  await playground.gotoScript(SCRIPT);
  await playground.waitForStatus("idle", { step: 0 });
  await expect(playground.editor).toBeVisible();
});

test("Step runs one step at a time and marks its line", async ({ playground }) => {
  await expect(playground.stepBackButton).toBeDisabled();
  await expect(stepLine(playground)).toHaveCount(0);

  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 1 });
  await expect(stepLine(playground)).toHaveText("a = acquire 4KB");
  expect(await playground.classBar(0)).toEqual({ free: 0, held: 1, capacity: 2 });
  await expect(playground.explanation).toContainText("4 KiB");

  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 2 });
  await expect(stepLine(playground)).toHaveText("b = acquire 8KB");

  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 3 });
  await expect(stepLine(playground)).toHaveText("release a");
  expect(await playground.classBar(0)).toEqual({ free: 1, held: 0, capacity: 2 });

  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 4 });
  await expect(stepLine(playground)).toHaveText("  c = acquire 4KB");
  expect(await playground.stats()).toMatchObject({ allocations: 3, recycles: 1, misses: 2 });
});

test("Step back shows the state of the step before", async ({ playground }) => {
  for (let step = 1; step <= 4; step++) {
    await playground.stepButton.click();
    await playground.waitForStatus("paused", { step });
  }
  await playground.stepBackButton.click();
  await playground.waitForStatus("paused", { step: 3 });
  await expect(stepLine(playground)).toHaveText("release a");
  expect(await playground.classBar(0)).toEqual({ free: 1, held: 0, capacity: 2 });
  expect(await playground.stats()).toMatchObject({ allocations: 2, recycles: 0, misses: 2 });

  await playground.stepBackButton.click();
  await playground.waitForStatus("paused", { step: 2 });
  await playground.stepBackButton.click();
  await playground.waitForStatus("paused", { step: 1 });
  expect(await playground.classBars()).toEqual([
    { free: 0, held: 1, capacity: 2 },
    ...Array.from({ length: 8 }, () => ({ free: 0, held: 0, capacity: 2 })),
  ]);
});

test("Reset returns to idle at step 0 with an empty pool", async ({ playground }) => {
  await playground.runButton.click();
  await playground.setSpeed("Max");
  await playground.waitForStatus("done", { step: STEPS });
  expect(await playground.stats()).toMatchObject({ allocations: 52 });

  await playground.resetButton.click();
  await playground.waitForStatus("idle", { step: 0 });
  expect(await playground.stats()).toEqual(EMPTY_STATS);
  await expect(playground.heldBuffers()).toHaveCount(0);
  await expect(playground.stepBackButton).toBeDisabled();
});

test("Run at a slow speed paces the steps, and Pause holds the step", async ({ playground }) => {
  await playground.setSpeed("4 steps/s");
  await playground.runButton.click();
  await playground.waitForStatus("running");
  await expect(playground.pauseButton).toBeVisible();
  await expect(playground.runButton).toHaveCount(0);
  await expect.poll(() => playground.step()).toBeGreaterThanOrEqual(3);
  // At 4 steps/s, 103 steps take 25 s: well short of the end.
  expect(await playground.step()).toBeLessThan(STEPS / 2);

  await playground.pauseButton.click();
  await playground.waitForStatus("paused");
  const paused = await playground.step();
  await playground.page.waitForTimeout(600);
  expect(await playground.step()).toBe(paused);
  await expect(playground.runButton).toBeVisible();

  // Run goes on from where it paused.
  await playground.runButton.click();
  await playground.waitForStatus("running");
  await expect.poll(() => playground.step()).toBeGreaterThan(paused);
});

test("keys: Space runs and pauses, ArrowRight steps, ArrowLeft steps back", async ({
  playground,
  page,
}) => {
  await page.getByRole("heading", { name: "Pool Playground" }).click();

  await page.keyboard.press("ArrowRight");
  await playground.waitForStatus("paused", { step: 1 });
  await page.keyboard.press("ArrowRight");
  await playground.waitForStatus("paused", { step: 2 });
  await page.keyboard.press("ArrowLeft");
  await playground.waitForStatus("paused", { step: 1 });
  await expect(stepLine(playground)).toHaveText("a = acquire 4KB");

  await page.keyboard.press("Space");
  await playground.waitForStatus("running");
  await page.keyboard.press("Space");
  await playground.waitForStatus("paused");
  const paused = await playground.step();
  await page.waitForTimeout(500);
  expect(await playground.step()).toBe(paused);
});

test("keys typed in the editor move the caret and edit the script, not the playback", async ({
  playground,
  page,
}) => {
  await playground.stepButton.click();
  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 2 });

  await playground.editor.click();
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  await page.waitForTimeout(300);
  await playground.waitForStatus("paused", { step: 2 });

  await page.keyboard.press("Space");
  await expect.poll(() => playground.scriptText()).toBe(`c ${SCRIPT.slice(1)}`);
});
