/**
 * Step back and scrub on a 1,000,000-step run (SPEC §6: ≤ 100 ms to any step):
 * from the input event to the run status showing the new step; median of 5
 * rounds, worst shown. The targets are a fixed list, not derived from the
 * engine's checkpoint interval (which may change): 524,287 is one step short
 * of 2^19, so for any checkpoint interval that is a power of two up to 2^19 it
 * is the step farthest past the checkpoint before it, the longest replay.
 */
import type { Browser } from "@playwright/test";
import type { ProbeWindow } from "../bench/pageProbe.ts";
import { pairsScript } from "../bench/protocol.ts";
import { median, steps, type Figure } from "./figures.ts";
import { onPage, siteUrl, waitForSettled } from "./site.ts";

const SEEK_RUN_STEPS = 1_000_000;
const SEEK_ROUNDS = 5;

/** One way of going to a step. */
interface SeekOp {
  readonly key: string;
  readonly what: string;
  readonly target: number;
  readonly by: "scrub" | "stepBack";
}

/** One round of seeks; it starts and ends near the last step, so every round is the same. */
const SEEK_OPS: readonly SeekOp[] = [
  {
    key: "scrubFarthestMs",
    what: `scrub back to step ${steps(2 ** 19 - 1)} (farthest past a power-of-two checkpoint)`,
    target: 2 ** 19 - 1,
    by: "scrub",
  },
  {
    key: "scrubMiddleMs",
    what: `scrub back to step ${steps(SEEK_RUN_STEPS / 2)}`,
    target: SEEK_RUN_STEPS / 2,
    by: "scrub",
  },
  {
    key: "scrubToEndMs",
    what: `scrub forward to step ${steps(SEEK_RUN_STEPS)}`,
    target: SEEK_RUN_STEPS,
    by: "scrub",
  },
  { key: "stepBackMs", what: "Step back at the end", target: SEEK_RUN_STEPS - 1, by: "stepBack" },
];

/** The times of each seek, in ms, one per round. */
export type SeekTimes = ReadonlyMap<SeekOp, readonly number[]>;

/** Runs {@link SEEK_RUN_STEPS} steps, then times every seek {@link SEEK_ROUNDS} times. */
export function measureSeeks(browser: Browser, siteBase: string): Promise<SeekTimes> {
  const url = siteUrl(siteBase, pairsScript(SEEK_RUN_STEPS));
  return onPage(browser, url, async ({ page }) => {
    await waitForSettled(page, 120_000);
    await page.waitForTimeout(500);
    const slider = page.getByRole("slider", { name: "Step" });
    const stepBack = page.getByRole("button", { name: "Step back" });
    const times = new Map(SEEK_OPS.map((op) => [op, [] as number[]]));
    for (let round = 0; round < SEEK_ROUNDS; round++) {
      for (const [op, samples] of times) {
        const elapsedMs =
          op.by === "scrub"
            ? await slider.evaluate(
                (input, target) =>
                  (window as unknown as ProbeWindow).__bench.scrub(
                    input as HTMLInputElement,
                    target,
                  ),
                op.target,
              )
            : await stepBack.evaluate(
                (button, target) =>
                  (window as unknown as ProbeWindow).__bench.press(button as HTMLElement, target),
                op.target,
              );
        samples.push(elapsedMs);
        await page.waitForTimeout(100);
      }
    }
    return times;
  });
}

/** The seek lines of the table: each seek's median, then its worst. */
export function seekFigures(seeks: SeekTimes): Figure[] {
  return [...seeks].flatMap(([op, samples]): Figure[] => [
    {
      key: op.key,
      what: op.what,
      value: median(samples),
      unit: "ms",
      budget: { atMost: 100 },
      how: `median of ${SEEK_ROUNDS}, input event to run-status data-step`,
    },
    {
      key: op.key.replace(/Ms$/, "WorstMs"),
      what: `… worst of ${SEEK_ROUNDS}`,
      value: Math.max(...samples),
      unit: "ms",
      how: "",
    },
  ]);
}

/** The seek times by key, for the JSON line. */
export function seekRunsJson(seeks: SeekTimes): Record<string, readonly number[]> {
  return Object.fromEntries([...seeks].map(([op, samples]) => [op.key, samples]));
}
