/**
 * The capacity sweep on the page (SPEC §4, §5): `&sweep=` in the URL runs it
 * on load, its recommendation equals what `cli sweep --json` prints for the
 * same script, "Use capacity N" applies it, Cancel stops it, and a bad list
 * is refused with a message.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, scriptHash, test, type Playground } from "./fixtures/test.ts";

/** Bursts of random sizes in random numbers: lists fill at some capacities, each class its own. */
const BURSTS = `seed 3
repeat 400 {
  repeat random 1..12 { acquire random 1..256KB }
  release all
}
`;

interface CliSweep {
  recommendation: {
    capacity: number;
    target: number;
    peakRetainedBytes: number;
    perClass: number[];
  };
}

/** What `npm run cli -- sweep FILE --capacities SPEC --json` prints for `source`. */
function cliSweep(source: string, capacities: string): CliSweep {
  const dir = mkdtempSync(join(tmpdir(), "pool-sweep-"));
  try {
    const file = join(dir, "script.txt");
    writeFileSync(file, source);
    const out = execFileSync(
      "npm",
      ["run", "--silent", "cli", "--", "sweep", file, "--capacities", capacities, "--json"],
      { encoding: "utf8" },
    );
    return JSON.parse(out) as CliSweep;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function expectSameAsCli(playground: Playground, capacities: string): Promise<void> {
  const { page } = playground;
  await expect(page.getByTestId("sweep-status")).toHaveText("done", { timeout: 30_000 });
  const { recommendation } = cliSweep(BURSTS, capacities);
  const shown = page.getByTestId("recommended-capacity");
  await expect(shown).toHaveText(String(recommendation.capacity));
  await expect(shown).toHaveAttribute("data-target", String(recommendation.target));
  await expect(shown).toHaveAttribute(
    "data-peak-retained-bytes",
    String(recommendation.peakRetainedBytes),
  );
  for (const [k, need] of recommendation.perClass.entries()) {
    await expect(page.getByTestId(`class-need-${k}`)).toHaveText(String(need));
  }
}

test("&sweep=0..64 runs on load and recommends what the CLI does", async ({ playground }) => {
  await playground.goto(`${scriptHash(BURSTS)}&sweep=0..64`);
  await expectSameAsCli(playground, "0..64");
  await expect(playground.page.getByTestId("recommended-capacity")).toHaveAttribute(
    "data-target",
    "0.95",
  );
});

test("&sweep=0,1,2,4,8 sweeps that list and recommends what the CLI does", async ({
  playground,
}) => {
  await playground.goto(`${scriptHash(BURSTS)}&sweep=0,1,2,4,8`);
  await expectSameAsCli(playground, "0,1,2,4,8");
  await expect(playground.page.getByTestId("recommended-capacity")).toHaveText(/^(0|1|2|4|8)$/);
});

test("Use capacity N sets the capacity and resets the run", async ({ playground }) => {
  const { page } = playground;
  await playground.goto(`${scriptHash(BURSTS, { run: true })}&sweep=0..16`);
  await expect(page.getByTestId("sweep-status")).toHaveText("done", { timeout: 30_000 });
  const capacity = (await page.getByTestId("recommended-capacity").textContent())!;
  await page.getByRole("button", { name: `Use capacity ${capacity}` }).click();
  await expect(playground.capacity).toHaveValue(capacity);
  await expect(page.getByTestId("run-status")).toHaveText("idle");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-step", "0");
});

test("Use capacity N rewrites the script's own capacity line, which wins over the setting", async ({
  playground,
}) => {
  const { page } = playground;
  await playground.goto(`${scriptHash(`capacity 1\n${BURSTS}`)}&sweep=0..16`);
  await expect(page.getByTestId("sweep-status")).toHaveText("done", { timeout: 30_000 });
  const capacity = (await page.getByTestId("recommended-capacity").textContent())!;
  expect(capacity).not.toBe("1");
  await page.getByRole("button", { name: `Use capacity ${capacity}` }).click();
  await expect(playground.editor).toContainText(`capacity ${capacity}`);
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect(page.getByTestId("class-0")).toHaveAttribute("data-capacity", capacity);
});

test("the recommendation fits its panel at 1280×800", async ({ playground }) => {
  const { page } = playground;
  await page.setViewportSize({ width: 1280, height: 800 });
  await playground.goto(`${scriptHash(BURSTS)}&sweep=0..64`);
  await expect(page.getByTestId("sweep-status")).toHaveText("done", { timeout: 30_000 });
  const box = page.locator(".sweep-recommendation");
  await box.scrollIntoViewIfNeeded();
  const overflow = await box.evaluate((element) => {
    const panel = element.closest("section")!;
    const inner = element.getBoundingClientRect();
    const outer = panel.getBoundingClientRect();
    return {
      right: inner.right - outer.right,
      bottom: inner.bottom - outer.bottom,
      scroll: element.scrollWidth - element.clientWidth,
      page: document.documentElement.scrollHeight - window.innerHeight,
    };
  });
  // Inside its panel (which scrolls), and the page itself does not scroll.
  expect(overflow.right).toBeLessThanOrEqual(0);
  expect(overflow.bottom).toBeLessThanOrEqual(0);
  expect(overflow.page).toBeLessThanOrEqual(0);
  expect(overflow.scroll).toBeLessThanOrEqual(0);
});

test("on the oracle's trace t2, the page recommends what separate oracle runs give", async ({
  playground,
}) => {
  const { page } = playground;
  const traces = join(import.meta.dirname, "../src/testing/traces");
  const runs = (
    JSON.parse(readFileSync(join(traces, "sweeps.expected.json"), "utf8")) as {
      traces: Record<string, { capacity: number; recycles: number }[]>;
    }
  ).traces.t2!;
  const atLargest = runs.at(-1)!.recycles;
  const expected = runs.find((run) => run.recycles >= 0.95 * atLargest)!.capacity;
  await playground.gotoScript("a = acquire 4KB\n");
  await page.getByTestId("import-file").setInputFiles({
    name: "t2.txt",
    mimeType: "text/plain",
    buffer: readFileSync(join(traces, "t2.txt")),
  });
  await expect(page.getByTestId("workload-name")).toHaveAttribute("data-format", "pool-trace");
  await page.getByRole("button", { name: "Sweep", exact: true }).click();
  await page.getByLabel("Capacities").fill(`0..${runs.at(-1)!.capacity}`);
  await page.getByRole("button", { name: "Run sweep" }).click();
  await expect(page.getByTestId("sweep-status")).toHaveText("done", { timeout: 30_000 });
  await expect(page.getByTestId("recommended-capacity")).toHaveText(String(expected));
});

test("Cancel stops a sweep under way", async ({ playground }) => {
  const { page } = playground;
  // Bursts of 1,000 fill the free list at every capacity up to 1,000, so the
  // sweep keeps as many models and runs for seconds. (A closed loop fills no
  // list: its sweep is one model and could end before the click landed.)
  await playground.gotoScript("repeat 1000000000 { repeat 1000 { acquire 4KB }; release all }\n");
  await page.getByRole("button", { name: "Sweep", exact: true }).click();
  await page.getByLabel("Capacities").fill("0..4096");
  await page.getByRole("button", { name: "Run sweep" }).click();
  await expect(page.getByTestId("sweep-status")).toHaveText("running");
  await expect(page.getByRole("progressbar", { name: "Sweep progress" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("sweep-status")).toHaveText("cancelled");
  await expect(page.getByTestId("recommended-capacity")).toHaveCount(0);
});

test("a bad list of capacities is refused with a message", async ({ playground }) => {
  const { page } = playground;
  await playground.gotoScript(BURSTS);
  await page.getByRole("button", { name: "Sweep", exact: true }).click();
  await page.getByLabel("Capacities").fill("8..2");
  await expect(page.getByRole("alert")).toContainText("reversed range");
  await expect(page.getByRole("button", { name: "Run sweep" })).toBeDisabled();
  await page.getByLabel("Capacities").fill("0,5000");
  await expect(page.getByRole("alert")).toContainText("over the limit of 4096");
});

test("a link with a bad sweep says so", async ({ playground }) => {
  await playground.goto(`${scriptHash(BURSTS)}&sweep=1..x`);
  await expect(playground.page.getByText(/could not be opened: 'sweep=1..x'/)).toBeVisible();
});
