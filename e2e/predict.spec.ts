/**
 * Predict mode (SPEC §4, §5): with `&predict=1`, a script's questions are
 * exactly its steps, and answering each with the seed's outcome (the oracle's
 * output for a trace fixture) scores N of N; another answer is marked wrong,
 * with the lesson's reason on a preset's own question; keys 1–3 answer; Step
 * back undoes an answer; the toggle named Predict turns it on; questions and
 * verdicts are said in a live region.
 */
import { PRESETS } from "../src/ui/presets/presets.ts";
import { seedOutcomes } from "../src/testing/seedOutcomes.ts";
import { expect, scriptHash, test, type Playground } from "./fixtures/test.ts";

async function gotoPredict(playground: Playground, source: string): Promise<void> {
  await playground.goto(`${scriptHash(source)}&predict=1`);
}

function question(playground: Playground) {
  return playground.page.getByTestId("predict-question");
}

async function expectScore(playground: Playground, right: number, asked: number): Promise<void> {
  const score = playground.page.getByTestId("predict-score");
  await expect(score).toHaveText(`${right} of ${asked}`);
  await expect(score).toHaveAttribute("data-right", String(right));
  await expect(score).toHaveAttribute("data-asked", String(asked));
}

test("the questions are the script's steps, and the seed's outcomes score N of N", async ({
  playground,
  page,
}) => {
  test.setTimeout(120_000);
  const { source, outcomes } = seedOutcomes("quirks");
  await gotoPredict(playground, source);
  for (const [k, outcome] of outcomes.entries()) {
    await expect(question(playground)).toHaveAttribute("data-step", String(k + 1));
    // The page still shows the step before the one asked about.
    expect(await playground.step()).toBe(k);
    await page.getByRole("button", { name: outcome, exact: true }).click();
  }
  await playground.waitForStatus("done", { step: outcomes.length });
  await expect(question(playground)).toHaveCount(0);
  await expectScore(playground, outcomes.length, outcomes.length);
});

test("any other answer is marked wrong, with the lesson's reason on its own question", async ({
  playground,
  page,
}) => {
  const preset = PRESETS.find((p) => p.id === "capacity-overflow")!;
  const asked = preset.questions.find((q) => q.step === 13)!;
  await gotoPredict(playground, preset.source);
  // Twelve right answers first: eight misses, four back on the list.
  for (let k = 1; k <= 12; k++) {
    await expect(question(playground)).toHaveAttribute("data-step", String(k));
    await page.keyboard.press(k <= 8 ? "2" : "1");
  }
  await expect(question(playground)).toHaveAttribute("data-step", "13");
  await expect(question(playground)).toHaveAttribute("data-kind", "release");
  await expect(question(playground)).toContainText("From the lesson");
  await page.getByRole("button", { name: "Back on the list", exact: true }).click();
  await expect(page.locator(".predict-verdict")).toHaveText(
    `Not quite: ${asked.outcome}. You said Back on the list. ${asked.reason}`,
  );
  await expectScore(playground, 12, 13);
  await expect(page.getByTestId("predict-announcement")).toContainText(asked.reason);
  await expect(page.getByTestId("predict-announcement")).toContainText("Step 14 (line 9)");

  // Step back undoes that answer and asks again.
  await playground.stepBackButton.click();
  await expect(question(playground)).toHaveAttribute("data-step", "13");
  await expectScore(playground, 12, 12);
  await page.keyboard.press("2");
  await expectScore(playground, 13, 13);
  await expect(page.locator(".predict-verdict")).toHaveText("Right: Dropped: list full.");
});

test("the toggle named Predict turns it on and off", async ({ playground, page }) => {
  await playground.gotoScript("a = acquire 4KB\nrelease a\n");
  await playground.waitForStatus("idle");
  const toggle = page.getByRole("button", { name: "Predict", exact: true });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(question(playground)).toHaveCount(0);
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(question(playground)).toHaveAttribute("data-kind", "acquire");
  await expect(question(playground)).toContainText("acquire a, 4 KiB, in the 4 KiB class");
  await expect(page.getByRole("button", { name: "Recycle", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Miss", exact: true }).click();
  await expect(question(playground)).toHaveAttribute("data-kind", "release");
  for (const name of ["Back on the list", "Dropped: list full", "Dropped: oversized"]) {
    await expect(page.getByRole("button", { name, exact: true })).toBeVisible();
  }
  await toggle.click();
  await expect(question(playground)).toHaveCount(0);
  await playground.waitForStatus("paused", { step: 2 });
});

test("a resize asks Grows or Fits", async ({ playground, page }) => {
  await gotoPredict(playground, "a = acquire 4KB\nresize a 100KB\nresize a 5KB\n");
  await page.getByRole("button", { name: "Miss", exact: true }).click();
  await expect(question(playground)).toHaveAttribute("data-kind", "resize");
  await page.getByRole("button", { name: "Fits", exact: true }).click();
  await expect(page.locator(".predict-verdict")).toHaveText("Not quite: Grows. You said Fits.");
  await page.getByRole("button", { name: "Fits", exact: true }).click();
  await expect(page.locator(".predict-verdict")).toHaveText("Right: Fits.");
  await expectScore(playground, 2, 3);
});

test("a link with step=0 asks about step 1 at once, before any command", async ({ playground }) => {
  await playground.goto(
    `${scriptHash("repeat 5 { a = acquire 4KB; release a }\n", { step: 0 })}&predict=1`,
  );
  await expect(question(playground)).toHaveAttribute("data-step", "1");
  expect(await playground.step()).toBe(0);
});
