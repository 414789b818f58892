/**
 * The free-list stacks (SPEC §4, §5): on a trace whose free lists hold grown
 * buffers, `freelist-K`'s `free-buffer`s, top first, carry the seed's last
 * holders and capacities (the oracle's `trace --stacks`, a fixture); a grown
 * buffer shows its capacity against its class; names with markup stay text;
 * a long name is clipped, the page never scrolls sideways; the stacks are in
 * the page while hidden; a recycle pops the top visibly unless motion is off.
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { traceToScript } from "../src/testing/traces/toScript.ts";
import { expect, test, type Playground } from "./fixtures/test.ts";

type Stacks = (readonly (readonly [string, number])[])[];

const STACKS = new URL("../src/testing/stacks/", import.meta.url);
const TRACE = readFileSync(new URL("grown.txt", STACKS), "utf8");
/** The oracle's stacks after each op of the trace (index = step; no op of it is refused). */
const EXPECTED: Stacks[] = readFileSync(new URL("grown.stacks.jsonl", STACKS), "utf8")
  .trim()
  .split("\n")
  .map((line) => (JSON.parse(line) as { stacks: Stacks }).stacks);

/** Every free list as the page holds it: `[data-name, data-capacity]`, top first. */
async function shownStacks(page: Page): Promise<Stacks> {
  return page.evaluate(() =>
    Array.from({ length: 9 }, (_, k) =>
      Array.from(
        document.querySelectorAll(`[data-testid="freelist-${k}"] [data-testid="free-buffer"]`),
        (el) =>
          [el.getAttribute("data-name") ?? "", Number(el.getAttribute("data-capacity"))] as const,
      ),
    ),
  );
}

async function importTrace(playground: Playground, name: string, text: string): Promise<void> {
  await playground.page
    .getByTestId("import-file")
    .setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
  await expect(playground.page.getByTestId("workload-name")).toContainText(name);
}

test("a grown-buffer trace's stacks are the seed's, top first, at a step and at the end", async ({
  playground,
  page,
}) => {
  // Step 354: five grown buffers sit on four lists (one of 2,209,375 B on the 8 KiB list).
  const script = traceToScript(TRACE);
  await playground.gotoScript(script.source, { step: 354 });
  await playground.waitForStatus("paused", { step: 354 });
  expect(await shownStacks(page)).toEqual(EXPECTED[354]);

  await page.getByLabel("Show stacks").check();
  const grown = page.getByTestId("freelist-1").getByTestId("free-buffer").first();
  await expect(grown).toHaveAttribute("data-capacity", "2209375");
  await expect(grown).toContainText("2,209,375 B in 8 KiB");
  await expect(grown).toHaveClass(/free-buffer-grown/);

  // The trace itself, opened as a file: run to its end, then one step back.
  await importTrace(playground, "grown.txt", TRACE);
  await playground.setSpeed("Max");
  await playground.runButton.click();
  await playground.waitForStatus("done", { step: EXPECTED.length - 1 });
  expect(await shownStacks(page)).toEqual(EXPECTED.at(-1));
  await playground.stepBackButton.click();
  await playground.waitForStatus("paused", { step: EXPECTED.length - 2 });
  expect(await shownStacks(page)).toEqual(EXPECTED.at(-2));
});

test("the stacks are in the page while hidden, and shown on request", async ({
  playground,
  page,
}) => {
  await playground.gotoScript("a = acquire 4KB\nb = acquire 4KB\nrelease a\nrelease b\n", {
    run: true,
  });
  await playground.waitForStatus("done");
  const list = page.getByTestId("freelist-0");
  await expect(list).toBeHidden();
  await expect(list.getByTestId("free-buffer")).toHaveCount(2);
  expect((await shownStacks(page))[0]).toEqual([
    ["b", 4096],
    ["a", 4096],
  ]);
  await page.getByLabel("Show as table").check();
  await expect(list.getByTestId("free-buffer")).toHaveCount(2);
  await page.getByLabel("Show stacks").check();
  await expect(list).toBeVisible();
  await expect(list).toHaveAccessibleName("4 KiB free list, top first: 2 of 4");
});

test.describe("names from a trace", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("with markup, quotes or emoji are text; a long one is clipped, its whole in a tooltip", async ({
    playground,
    page,
  }) => {
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    const long = "L".repeat(10_000);
    const ids = ["<img/src=x/onerror=alert(1)>", '"a,b"', "🧪buf", long];
    const trace = [
      "capacity 8",
      ...ids.map((id, k) => `acquire ${id} ${4096 * (k + 1)}`),
      ...ids.map((id) => `release ${id}`),
      "",
    ].join("\n");
    await playground.goto();
    await importTrace(playground, "names.txt", trace);
    await playground.setSpeed("Max");
    await playground.runButton.click();
    await playground.waitForStatus("done");
    await page.getByLabel("Show stacks").check();
    const names = (await shownStacks(page)).flat().map(([name]) => name);
    expect(names.toSorted()).toEqual(ids.toSorted());
    const markup = page.locator('[data-testid="free-buffer"]').first();
    await expect(markup).toHaveAttribute("data-name", ids[0]!);
    await expect(markup).toContainText(ids[0]!);
    await expect(page.locator(".stacks img")).toHaveCount(0);
    const longChip = page.locator(`[data-testid="free-buffer"][data-name="${long}"]`);
    await expect(longChip).toHaveAttribute("title", long);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    expect(dialogs).toBe(0);
  });
});

test("a recycle pops the top visibly, and not at all with motion off", async ({
  playground,
  page,
}) => {
  const source = "a = acquire 4KB\nrelease a\nb = acquire 4KB\nrelease b\n";
  await playground.gotoScript(source, { step: 2, motion: true });
  await playground.waitForStatus("paused", { step: 2 });
  await page.getByLabel("Show stacks").check();
  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 3 });
  await expect(page.locator(".free-buffer-popped")).toHaveCount(1);
  await expect(page.locator(".free-buffer-popped")).toContainText("a");

  await playground.gotoScript(source, { step: 2 });
  await playground.waitForStatus("paused", { step: 2 });
  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 3 });
  await expect(page.getByTestId("freelist-0").getByTestId("free-buffer")).toHaveCount(0);
  await expect(page.locator(".free-buffer-popped")).toHaveCount(0);
});
