/**
 * The table view of per-class metrics and Export (SPEC §5): each item gives
 * its file, and `pool-run.json` is byte for byte what the CLI prints for the
 * same script and capacity.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Download, Page } from "@playwright/test";
import Papa from "papaparse";
import { PRESETS } from "../src/ui/presets/presets.ts";
import { expect, test } from "./fixtures/test.ts";

const BURSTY = PRESETS.find((p) => p.id === "bursty-workload")!.source;

/** Picks `item` from the Export menu and returns the file it downloads. */
async function exportItem(page: Page, item: string): Promise<Download> {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export" }).click();
  await page.getByRole("menuitem", { name: item }).click();
  return download;
}

async function textOf(download: Download): Promise<string> {
  return readFileSync((await download.path())!, "utf8");
}

/** What `npm run cli -- run FILE --json --capacity N` prints for `source`. */
function cliRunJson(source: string, capacity: number): string {
  const file = join(mkdtempSync(join(tmpdir(), "pool-export-")), "workload.pool");
  writeFileSync(file, source);
  return execFileSync(
    "npx",
    ["tsx", "src/cli/main.ts", "run", file, "--json", "--capacity", String(capacity)],
    { encoding: "utf8" },
  );
}

const ROW_ATTRIBUTES = [
  "data-requests",
  "data-recycles",
  "data-misses",
  "data-peak-held",
  "data-peak-free",
  "data-waste-bytes",
  "data-retained-bytes",
] as const;

test("the table view has a row per class and oversized, with the CLI's numbers", async ({
  playground,
  page,
}) => {
  await playground.gotoScript(BURSTY, { run: true, capacity: 3 });
  await playground.waitForStatus("done");
  await page.getByLabel("Show as table").check();
  const expected = JSON.parse(cliRunJson(BURSTY, 3)) as {
    classes: Record<string, number>[];
  };
  const ids = [...Array.from({ length: 9 }, (_, k) => `class-row-${k}`), "class-row-oversized"];
  for (const [k, id] of ids.entries()) {
    const row = page.getByTestId(id);
    const c = expected.classes[k]!;
    const numbers = [
      c["requests"],
      c["recycles"],
      c["misses"],
      c["peakHeld"],
      c["peakFree"],
      c["wasteBytes"],
      c["retainedBytes"],
    ];
    for (const [a, attribute] of ROW_ATTRIBUTES.entries())
      await expect(row).toHaveAttribute(attribute, String(numbers[a]));
  }
  // Stepping back shows the metrics of the step shown, not the end's.
  await playground.gotoScript("a = acquire 4KB\nrelease a\nb = acquire 4KB\n", { run: true });
  await playground.waitForStatus("done");
  await page.getByLabel("Show as table").check();
  const row = page.getByTestId("class-row-0");
  await expect(row).toHaveAttribute("data-requests", "2");
  await playground.page.getByRole("button", { name: "Step back" }).click();
  await playground.page.getByRole("button", { name: "Step back" }).click();
  await playground.waitForStatus("paused", { step: 1 });
  await expect(row).toHaveAttribute("data-requests", "1");
  await expect(row).toHaveAttribute("data-misses", "1");
  await expect(row).toHaveAttribute("data-retained-bytes", "0");
});

test("a class bar's hover text gives its metrics, its name unchanged", async ({
  playground,
  page,
}) => {
  await playground.gotoScript("a = acquire 3000\nrelease a\nb = acquire 4KB\n", { run: true });
  await playground.waitForStatus("done");
  const bar = page.getByTestId("class-0");
  await expect(bar).toHaveAccessibleName("4 KiB: 0 free of 4, 1 held");
  await expect(bar).toHaveAttribute(
    "title",
    /2 requests: 1 recycles, 1 misses \(50\.0% hit rate\)/,
  );
  await expect(bar).toHaveAccessibleDescription(/1 KiB lost to rounding up/);
});

test("each Export item downloads its file", async ({ playground, page }) => {
  await playground.gotoScript(BURSTY, { run: true });
  await playground.waitForStatus("done");
  const files: [string, string][] = [
    ["Events (CSV)", "pool-events.csv"],
    ["Per-class metrics (CSV)", "pool-classes.csv"],
    ["Run summary (JSON)", "pool-run.json"],
    ["Charts (SVG)", "pool-charts.svg"],
    ["Charts (PNG)", "pool-charts.png"],
  ];
  for (const [item, fileName] of files) {
    const download = await exportItem(page, item);
    expect(download.suggestedFilename()).toBe(fileName);
  }
  const svg = await textOf(await exportItem(page, "Charts (SVG)"));
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  const png = readFileSync((await (await exportItem(page, "Charts (PNG)")).path())!);
  expect(png.subarray(1, 4).toString()).toBe("PNG");

  // Sweep (CSV) says why it waits for a sweep, then gives the sweep's points.
  await page.getByRole("button", { name: "Export" }).click();
  const sweepItem = page.getByRole("menuitem", { name: "Sweep (CSV)" });
  await expect(sweepItem).toHaveAttribute("aria-disabled", "true");
  await expect(sweepItem).toHaveAccessibleDescription("Run a sweep first");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await page.getByRole("button", { name: "Sweep", exact: true }).click();
  await page.getByRole("button", { name: "Run sweep" }).click();
  await expect(page.getByTestId("sweep-status")).toHaveText("done");
  const sweep = await exportItem(page, "Sweep (CSV)");
  expect(sweep.suggestedFilename()).toBe("pool-sweep.csv");
  expect((await textOf(sweep)).split("\r\n")[0]).toMatch(/^"capacity","steps",/);
});

test("pool-run.json is byte for byte the CLI's run --json, whatever step is shown", async ({
  playground,
  page,
}) => {
  for (const capacity of [0, 5]) {
    await playground.gotoScript(BURSTY, { step: 7, capacity });
    await playground.waitForStatus("paused", { step: 7 });
    const json = await textOf(await exportItem(page, "Run summary (JSON)"));
    expect(json).toBe(cliRunJson(BURSTY, capacity));
  }
});

test("the Export menu works by keyboard", async ({ playground, page }) => {
  await playground.gotoScript(BURSTY, { run: true });
  await playground.waitForStatus("done");
  const button = page.getByRole("button", { name: "Export" });
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Events (CSV)" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Per-class metrics (CSV)" })).toBeFocused();
  const download = page.waitForEvent("download");
  await page.keyboard.press("Enter");
  expect((await download).suggestedFilename()).toBe("pool-classes.csv");
  await expect(button).toBeFocused();
  const csv = Papa.parse<Record<string, string>>(await textOf(await download), {
    header: true,
    skipEmptyLines: true,
  });
  expect(csv.data.map((row) => row["class"])).toEqual([
    ...Array.from({ length: 8 }, (_, k) => `${4 * 2 ** k}KiB`),
    "1MiB",
    "oversized",
  ]);
});
