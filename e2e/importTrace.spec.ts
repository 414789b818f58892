/**
 * Trace files on the page (SPEC §2b, §5, §7): each format imported through
 * `import-file` shows its name, format and events, and runs to the counters
 * the engine itself gives (the CLI's very numbers, worked out here in Node);
 * a bad file lists its bad lines and the script before it still runs; Step
 * back works on a trace; IDs with markup stay text; the "A real program"
 * preset; axe over the card and the refusal in both themes.
 */
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import { DEFAULT_MEMORY_BUDGET_BYTES, runToEnd } from "../src/engine/headless.ts";
import { runSummary } from "../src/engine/summary.ts";
import { openWorkload } from "../src/engine/workload.ts";
import { TRACE_PRESETS } from "../src/ui/presets/presets.ts";
import { expect, test, type Playground } from "./fixtures/test.ts";

const CAPACITY = 3;

function fixture(name: string): string {
  return readFileSync(new URL(`../src/workload/fixtures/formats/${name}`, import.meta.url), "utf8");
}

/** What the engine (and so `npm run cli -- run FILE --json --capacity N`) gives for a file. */
function engineRun(name: string, text: string, capacity: number, steps = Infinity) {
  const workload = openWorkload(text, name);
  const session = runToEnd(workload.source, {
    capacity,
    memoryBudgetBytes: DEFAULT_MEMORY_BUDGET_BYTES,
  });
  if (steps < session.step) session.seek(steps);
  const summary = runSummary(session);
  return {
    format: workload.format,
    events: workload.events!,
    stats: {
      allocations: summary.allocations,
      recycles: summary.recycles,
      misses: summary.misses,
    },
  };
}

async function importText(playground: Playground, name: string, text: string): Promise<void> {
  await playground.page
    .getByTestId("import-file")
    .setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
}

async function shownStats(playground: Playground) {
  const { allocations, recycles, misses } = await playground.stats();
  return { allocations, recycles, misses };
}

const SCRIPT = "a = acquire 4KB\nb = acquire 8KB\nrelease a\nrelease b\n";

test.describe("importing a trace file", () => {
  for (const name of ["seed_tests.txt", "seed_tests.rep", "seed_tests.csv", "seed_tests.jsonl"]) {
    test(`${name} loads as its format and runs to the engine's counters`, async ({
      playground,
    }) => {
      const text = fixture(name);
      const expected = engineRun(name, text, CAPACITY);
      await playground.gotoScript(SCRIPT);
      await playground.capacity.fill(String(CAPACITY));
      await playground.setSpeed("Max");
      await importText(playground, name, text);
      const shown = playground.page.getByTestId("workload-name");
      await expect(shown).toHaveText(name);
      await expect(shown).toHaveAttribute("data-format", expected.format);
      await expect(shown).toHaveAttribute("data-events", String(expected.events));
      await playground.waitForStatus("idle", { step: 0 });
      await playground.runButton.click();
      await playground.waitForStatus("done", { step: expected.events });
      expect(await shownStats(playground)).toEqual(expected.stats);
    });
  }

  test("a bad file lists its bad lines by number; the script before it still runs", async ({
    playground,
  }) => {
    const rows = ["op,id,size"];
    for (let k = 0; k < 12; k++) rows.push(`malloc,a${k},4096`, `frobnicate,a${k},1`);
    await playground.gotoScript(SCRIPT);
    await playground.setSpeed("Max");
    await importText(playground, "bad.csv", rows.join("\n") + "\n");
    const refusal = playground.page.getByTestId("trace-rejection");
    await expect(refusal).toContainText("12 bad lines in bad.csv");
    const lines = refusal.getByRole("listitem");
    await expect(lines).toHaveCount(10);
    await expect(lines.first()).toContainText("Line 3:");
    await expect(lines.first()).toContainText("frobnicate");
    await expect(refusal).toContainText("and 2 more");
    await expect(playground.page.getByTestId("workload-name")).toHaveAttribute(
      "data-format",
      "script",
    );
    await playground.runButton.click();
    await playground.waitForStatus("done", { step: 4 });
    expect(await shownStats(playground)).toEqual({ allocations: 2, recycles: 0, misses: 2 });
  });

  test("a file in no known format is refused with a message", async ({ playground }) => {
    await playground.gotoScript(SCRIPT);
    await importText(playground, "notes.txt", "dear diary\n");
    await expect(playground.page.getByTestId("trace-rejection")).toContainText("notes.txt");
    await expect(playground.page.getByTestId("workload-name")).toHaveAttribute(
      "data-format",
      "script",
    );
  });

  test("Step back on a trace shows the step before, exactly", async ({ playground }) => {
    const text = fixture("seed_tests.csv");
    await playground.gotoScript(SCRIPT);
    await playground.capacity.fill(String(CAPACITY));
    await importText(playground, "seed_tests.csv", text);
    await expect(playground.page.getByTestId("workload-name")).toHaveAttribute(
      "data-format",
      "csv",
    );
    for (let k = 1; k <= 5; k++) {
      await playground.stepButton.click();
      await playground.waitForStatus("paused", { step: k });
    }
    await playground.stepBackButton.click();
    await playground.waitForStatus("paused", { step: 4 });
    expect(await shownStats(playground)).toEqual(
      engineRun("seed_tests.csv", text, CAPACITY, 4).stats,
    );
  });

  test("IDs with markup, quotes and emoji are shown as text", async ({ playground, page }) => {
    const markup = "<img src=x onerror=alert(1)>";
    const text = `op,id,size\nmalloc,"${markup}",4096\nmalloc,"a,""b""",8192\nmalloc,🦀,1\n`;
    await playground.gotoScript(SCRIPT);
    await importText(playground, "markup.csv", text);
    await expect(page.getByTestId("workload-name")).toHaveAttribute("data-events", "3");
    for (let k = 1; k <= 3; k++) {
      await playground.stepButton.click();
      await playground.waitForStatus("paused", { step: k });
    }
    expect(await playground.heldNames()).toEqual([markup, 'a,"b"', "🦀"]);
    await expect(playground.heldBuffer("🦀")).toBeVisible();
    await expect(page.locator(".column-pool")).toContainText(markup);
    await expect(page.locator("img")).toHaveCount(0);
  });

  test("Convert to script puts the trace in the editor; Back to script keeps the script", async ({
    playground,
  }) => {
    await playground.gotoScript(SCRIPT);
    await importText(playground, "seed_tests.txt", fixture("seed_tests.txt"));
    await playground.page.getByRole("button", { name: "Back to script" }).click();
    await expect(playground.editor).toBeVisible();
    await expect.poll(() => playground.scriptText()).toBe(SCRIPT);

    await importText(playground, "seed_tests.txt", fixture("seed_tests.txt"));
    await playground.page.getByRole("button", { name: "Convert to script" }).click();
    await expect(playground.editor).toBeVisible();
    await expect
      .poll(() => playground.scriptText())
      .toMatch(/^# converted from a pool-trace trace of \d+ events\ncapacity 3\n/);
    await expect(playground.page.getByTestId("workload-name")).toHaveAttribute(
      "data-format",
      "script",
    );
  });

  test("Share with a trace open copies no link to the script, and says how to share", async ({
    playground,
    page,
    context,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await playground.gotoScript(SCRIPT);
    await page.evaluate(() => navigator.clipboard.writeText("before"));
    await importText(playground, "seed_tests.txt", fixture("seed_tests.txt"));
    await expect(page.getByTestId("workload-name")).toHaveText("seed_tests.txt");
    const said = page.getByRole("status").filter({ hasText: "A link holds a script" });
    for (const button of ["Share", "Copy embed code"]) {
      await page.getByRole("button", { name: button, exact: true }).click();
      await expect(said).toHaveText(
        "A link holds a script, not a trace file (seed_tests.txt). " +
          "Convert it to a script to share a link, or send the file itself.",
      );
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("before");
    }

    // Back on the script, the note goes, and Share gives its link again.
    await page.getByRole("button", { name: "Back to script" }).click();
    await expect(said).toHaveCount(0);
    await playground.shareButton.click();
    await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("#script=");
  });

  test('the "A real program" preset opens a real malloc-lab trace', async ({
    playground,
    page,
  }) => {
    const preset = TRACE_PRESETS.find((p) => p.id === "real-program")!;
    const text = readFileSync(new URL(preset.url), "utf8");
    const expected = engineRun(preset.name, text, 4);
    await playground.goto();
    await playground.setSpeed("Max");
    await page.getByRole("button", { name: "A real program" }).click();
    const shown = page.getByTestId("workload-name");
    await expect(shown).toHaveText(preset.name);
    await expect(shown).toHaveAttribute("data-format", "malloc-lab");
    await expect(shown).toHaveAttribute("data-events", String(expected.events));
    await expect(page.locator(".lesson")).toHaveText(preset.lesson);
    await playground.runButton.click();
    await playground.waitForStatus("done", { step: expected.events });
    expect(await shownStats(playground)).toEqual(expected.stats);
  });
});

test.describe("accessibility of the trace card and the refusal", () => {
  for (const theme of ["light", "dark"] as const) {
    test(`no serious violations, ${theme}`, async ({ playground, page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await playground.gotoScript(SCRIPT);
      await importText(playground, "bad.rep", "2\n3\na 0 10\nq 1\nf 7\n");
      await expect(page.getByTestId("trace-rejection")).toBeVisible();
      await importText(playground, "seed_tests.rep", fixture("seed_tests.rep"));
      await expect(page.getByTestId("workload-name")).toHaveAttribute("data-format", "malloc-lab");
      await importText(playground, "bad.rep", "2\n3\na 0 10\nq 1\nf 7\n");
      await expect(page.getByTestId("trace-rejection")).toBeVisible();
      await expect(page.getByRole("progressbar")).toHaveCount(0);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
    });
  }
});
