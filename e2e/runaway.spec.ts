/**
 * A runaway script (SPEC §7): a billion steps at full speed. The page must keep
 * answering — Pause and Reset take effect at once, and the main thread is free.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test.ts";

const RUNAWAY = "repeat 1000000000 { a = acquire 4KB; release a }\n";

/** SPEC §7: Pause and Reset answer within this long. */
const ANSWER_MS = 100;
/** What a single answer may take on a loaded test machine (two test workers on two cores). */
const WORST_ANSWER_MS = 1000;

/**
 * Clicks the playback button named `button` from inside the page and measures,
 * on the page's own clock, how long until run-status reads `status`, so
 * Playwright's round trips are not counted.
 */
async function answerMs(page: Page, button: string, status: string): Promise<number> {
  return page.evaluate(
    ([name, wanted]) =>
      new Promise<number>((resolve) => {
        const shown = document.querySelector('[data-testid="run-status"]')!;
        const target = Array.from(document.querySelectorAll("button")).find(
          (candidate) =>
            candidate.textContent === name && candidate.closest('[aria-label="Playback"]'),
        );
        if (!target) throw new Error(`no ${name} button`);
        const start = performance.now();
        const check = () => {
          if (shown.textContent !== wanted) return;
          observer.disconnect();
          resolve(performance.now() - start);
        };
        const observer = new MutationObserver(check);
        observer.observe(shown, {
          childList: true,
          characterData: true,
          subtree: true,
          attributes: true,
        });
        target.click();
      }),
    [button, status] as const,
  );
}

function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

test("Pause and Reset answer a runaway script at full speed, and the page stays responsive", async ({
  playground,
  page,
}) => {
  test.slow();
  await playground.gotoScript(RUNAWAY, { run: true });
  await playground.waitForStatus("running");
  await playground.setSpeed("Max");
  await expect.poll(() => playground.step()).toBeGreaterThan(100_000);

  // The main thread answers while the worker runs flat out.
  const roundTrips: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = Date.now();
    await page.evaluate(() => document.title);
    roundTrips.push(Date.now() - start);
  }
  expect(Math.max(...roundTrips), `round trips ${roundTrips.join(", ")} ms`).toBeLessThan(
    WORST_ANSWER_MS,
  );

  const pauses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const before = await playground.step();
    pauses.push(await answerMs(page, "Pause", "paused"));
    const paused = await playground.step();
    expect(paused).toBeGreaterThanOrEqual(before);
    await page.waitForTimeout(250);
    expect(await playground.step(), "the step stops increasing").toBe(paused);
    await playground.runButton.click();
    await playground.waitForStatus("running");
    await expect.poll(() => playground.step()).toBeGreaterThan(paused);
  }
  test.info().annotations.push({ type: "pause answers (ms)", description: pauses.join(", ") });
  expect(Math.max(...pauses), `pauses ${pauses.join(", ")} ms`).toBeLessThan(WORST_ANSWER_MS);
  expect(median(pauses), `pauses ${pauses.join(", ")} ms`).toBeLessThan(ANSWER_MS);

  const reset = await answerMs(page, "Reset", "idle");
  test.info().annotations.push({ type: "reset answer (ms)", description: String(reset) });
  expect(reset).toBeLessThan(WORST_ANSWER_MS);
  await playground.waitForStatus("idle", { step: 0 });
  await page.waitForTimeout(250);
  await playground.waitForStatus("idle", { step: 0 });
  expect(await playground.stats()).toMatchObject({ allocations: 0, recycles: 0, misses: 0 });
});
