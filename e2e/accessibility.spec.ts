/**
 * Accessibility: axe over every state of the screen in both themes, names and
 * live announcements, and the whole page by keyboard with a visible focus ring.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { PRESETS } from "../src/ui/presets/presets.ts";
import { expect, scriptHash, test, type Playground } from "./fixtures/test.ts";

/** The violations that matter: serious or critical. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

const BURSTY = PRESETS.find((p) => p.id === "bursty-workload")!.source;
const GROWN = PRESETS.find((p) => p.id === "grown-buffer-pollution")!.source;

/** Each state of the screen, reached from a fresh page. */
const STATES: Record<string, (playground: Playground) => Promise<void>> = {
  idle: async (p) => {
    await p.gotoScript(BURSTY);
    await p.waitForStatus("idle");
  },
  "paused mid-run": async (p) => {
    await p.gotoScript(BURSTY, { step: 100 });
    await p.waitForStatus("paused", { step: 100 });
  },
  done: async (p) => {
    await p.gotoScript(BURSTY, { run: true });
    await p.waitForStatus("done");
  },
  "syntax error": async (p) => {
    await p.gotoScript("a = aquire 4KB\n", { run: true });
    await p.waitForStatus("error");
  },
  "double release": async (p) => {
    await p.gotoScript("a = acquire 4KB\nrelease a\nrelease a\n", { run: true });
    await p.waitForStatus("error");
  },
  "memory budget": async (p) => {
    await p.gotoScript("a = acquire 300MB\nb = acquire 300MB\n", { run: true });
    await p.waitForStatus("error");
  },
  "table view": async (p) => {
    await p.gotoScript(BURSTY, { run: true });
    await p.waitForStatus("done");
    await p.page.getByLabel("Show as table").check();
    await expect(p.page.getByRole("table")).toBeVisible();
  },
  "export menu open": async (p) => {
    await p.gotoScript(BURSTY, { run: true });
    await p.waitForStatus("done");
    await p.page.getByRole("button", { name: "Export" }).click();
    await expect(p.page.getByRole("menu")).toBeVisible();
  },
  "capacity sweep": async (p) => {
    await p.gotoScript("capacity 1\nrepeat 50 {\n  acquire 4KB; acquire 4KB\n  release all\n}\n");
    await p.page.getByRole("button", { name: "Sweep", exact: true }).click();
    await p.page.getByRole("button", { name: "Run sweep" }).click();
    await expect(p.page.getByTestId("sweep-status")).toHaveText("done");
    await expect(p.page.getByTestId("recommended-capacity")).toBeVisible();
  },
  "free-list stacks with grown buffers": async (p) => {
    await p.gotoScript(GROWN, { step: 12 });
    await p.waitForStatus("paused", { step: 12 });
    await p.page.getByLabel("Show stacks").check();
    await expect(p.page.getByTestId("freelist-0")).toBeVisible();
  },
  "predict mode, a wrong answer": async (p) => {
    await p.goto(`${scriptHash(GROWN)}&predict=1`);
    await p.page.getByRole("button", { name: "Recycle", exact: true }).click();
    await expect(p.page.locator(".predict-verdict")).toContainText("Not quite");
    await expect(p.page.getByTestId("predict-question")).toBeVisible();
  },
  compare: async (p) => {
    await p.goto(`${scriptHash(BURSTY, { capacity: 2, step: 120 })}&compare=6`);
    await p.waitForStatus("paused", { step: 120 });
    await expect(p.page.getByTestId("compare-explanation")).toBeVisible();
    await expect(p.page.getByTestId("b-stat-misses")).toBeVisible();
  },
  "a notice": async (p) => {
    await p.goto("#script=ACTCmv");
    await expect(p.banner).toContainText("could not be opened");
  },
};

for (const colorScheme of ["light", "dark"] as const) {
  for (const [name, reach] of Object.entries(STATES)) {
    test(`axe finds nothing serious: ${name}, ${colorScheme}`, async ({ playground, page }) => {
      await page.emulateMedia({ colorScheme });
      await reach(playground);
      await expect(page.locator(".cm-content")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}

/** The embed (`&embed=1`, SPEC §5b) in its 600×400 frame: paused mid-run, and stopped by an error. */
const EMBED_STATES: Record<string, { source: string; step?: number; status: "paused" | "error" }> =
  {
    "paused mid-run": { source: BURSTY, step: 100, status: "paused" },
    "double release": { source: "a = acquire 4KB\nrelease a\nrelease a\n", status: "error" },
  };

for (const colorScheme of ["light", "dark"] as const) {
  for (const [name, { source, step, status }] of Object.entries(EMBED_STATES)) {
    test(`axe finds nothing serious: the embed ${name}, ${colorScheme}`, async ({
      playground,
      page,
    }) => {
      await page.setViewportSize({ width: 600, height: 400 });
      await page.emulateMedia({ colorScheme });
      const link = step === undefined ? { run: true } : { step };
      await playground.goto(`${scriptHash(source, link)}&embed=1`);
      await playground.waitForStatus(status);
      await expect(page.getByTestId("class-chart")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}

/** The names of SPEC §5: 4 KiB, 8 KiB, … 512 KiB, 1 MiB. */
const CLASS_LABELS = Array.from({ length: 9 }, (_, k) => (k < 8 ? `${4 * 2 ** k} KiB` : "1 MiB"));

/** Leaves free and held buffers in 16 KiB, one held in 4 KiB and one oversized. */
const MIXED = `capacity 4
repeat 5 {
  acquire 16KB
}
release oldest; release oldest; release oldest
small = acquire 4KB
big = acquire 2MB
`;

test("the bars say their numbers in their names, and the table view shows the same", async ({
  playground,
  page,
}) => {
  await playground.gotoScript(MIXED, { run: true });
  await playground.waitForStatus("done", { step: 10 });
  const bars = await playground.classBars();
  expect(bars[2]).toEqual({ free: 3, held: 2, capacity: 4 });
  for (const [k, { free, held, capacity }] of bars.entries()) {
    await expect(playground.classButton(k)).toHaveAccessibleName(
      `${CLASS_LABELS[k]}: ${free} free of ${capacity}, ${held} held`,
    );
  }

  await page.getByLabel("Show as table").check();
  const rows = await page
    .getByRole("table")
    .getByRole("row")
    .evaluateAll((elements) =>
      elements.map((row) => Array.from(row.children, (cell) => cell.textContent ?? "")),
    );
  expect(rows.map((row) => row[0])).toEqual(["Class", ...CLASS_LABELS, "Oversized"]);
  // 16 KiB: five acquired (all misses), three back on its list.
  expect(rows[3]).toEqual(["16 KiB", "5", "0", "5", "0.0%", "5", "3", "0 B", "48 KiB"]);
  expect(rows[10]).toEqual(["Oversized", "1", "0", "1", "0.0%", "1", "0", "0 B", "0 B"]);
});

test("each step is announced in a live region", async ({ playground, page }) => {
  await playground.gotoScript("a = acquire 1000\nrelease a\n");
  await playground.waitForStatus("idle");
  const live = page.getByTestId("explanation");
  await expect(live).toHaveAttribute("aria-live", "polite");
  await playground.stepButton.click();
  await expect(live).toContainText("acquire a");
  await playground.stepButton.click();
  await expect(live).toContainText("release a");
});

test("everything is reachable by keyboard, with a visible focus ring", async ({
  playground,
  page,
}) => {
  await playground.gotoScript("a = acquire 4KB\n", { step: 1 });
  await playground.waitForStatus("paused", { step: 1 });
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  const reached = new Set<string>();
  for (let k = 0; k < 80; k++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      // The editor draws its ring around the whole editor while its text has focus.
      const style = getComputedStyle(el.closest(".code-editor") ?? el);
      const ring = style.outlineStyle !== "none" || style.boxShadow !== "none";
      const label = el.getAttribute("aria-label") ?? el.textContent?.trim() ?? "";
      return {
        testid: el.dataset.testid ?? "",
        label: label.slice(0, 40),
        ring,
        visible: el.matches(":focus-visible"),
      };
    });
    if (!focused) continue;
    expect(focused.visible && focused.ring, `focus ring on ${focused.label}`).toBe(true);
    reached.add(focused.testid || focused.label);
  }
  for (const name of [
    "Run",
    "Step back",
    "Step",
    "Reset",
    "Share",
    "class-0",
    "class-8",
    "held-buffer",
  ]) {
    expect([...reached], name).toContain(name);
  }
});
