/**
 * Compare (SPEC §4, §5): `&compare=N` and the Compare control run the same
 * workload at capacity B in lock-step with the page's run; B's counters and
 * bars equal a plain run at capacity N at the same step, through scrubbing;
 * B − A is shown as a signed number; Share keeps B; the explanation says
 * where A and B part.
 */
import type { Page } from "@playwright/test";
import { CLASS_COUNT, Playground, expect, scriptHash, test } from "./fixtures/test.ts";

/** Bursts of random sizes: lists fill at small capacities, class by class. */
const BURSTS = `seed 5
repeat 60 {
  repeat random 1..10 { acquire random 1..64KB }
  release all
}
`;

/** B's counters and bars, read in one round trip. */
async function bSide(page: Page) {
  return page.evaluate((classes) => {
    const text = (id: string) =>
      Number(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? Number.NaN);
    const bars = Array.from({ length: classes }, (_, k) => {
      const bar = document.querySelector(`[data-testid="b-class-${k}"]`);
      return {
        free: Number(bar?.getAttribute("data-free")),
        held: Number(bar?.getAttribute("data-held")),
        capacity: Number(bar?.getAttribute("data-capacity")),
      };
    });
    return {
      allocations: text("b-stat-allocations"),
      recycles: text("b-stat-recycles"),
      misses: text("b-stat-misses"),
      bars,
    };
  }, CLASS_COUNT);
}

/** A plain run's counters and bars at `capacity`, paused at `step`, in a page of its own. */
async function plainRunAt(
  playground: Playground,
  capacity: number,
  step: number,
  source = BURSTS,
  timeout?: number,
) {
  const plain = await playground.page.context().newPage();
  const other = new Playground(plain);
  await other.gotoScript(source, { capacity, step });
  await other.waitForStatus("paused", timeout === undefined ? { step } : { step, timeout });
  const { allocations, recycles, misses } = await other.stats();
  const bars = await other.classBars();
  await plain.close();
  return { allocations, recycles, misses, bars };
}

test("&compare=N shows B's counters and bars equal to a plain run at capacity N", async ({
  playground,
  page,
}) => {
  const step = 150;
  await playground.goto(`${scriptHash(BURSTS, { capacity: 1, step })}&compare=6`);
  await playground.waitForStatus("paused", { step });
  await expect(page.getByTestId("b-class-0")).toHaveAttribute("data-capacity", "6");
  expect(await bSide(page)).toEqual(await plainRunAt(playground, 6, step));

  const a = await playground.stats();
  const b = await bSide(page);
  for (const key of ["misses", "recycles"] as const) {
    const delta = page.getByTestId(`delta-${key}`);
    await expect(delta).toHaveAttribute("data-value", String(b[key] - a[key]));
    expect(Number(await delta.textContent())).toBe(b[key] - a[key]);
  }
  await expect(page.getByTestId("delta-misses")).toHaveText(/^-\d+$/);
  await expect(page.getByTestId("compare-explanation")).toHaveText(
    /^At step \d+ A drops .+: its \d+ KiB list is full; B keeps it\.$/,
  );
});

test("B follows the scrubber, Step back and Step, equal to a plain run at each step", async ({
  playground,
  page,
}) => {
  await playground.goto(`${scriptHash(BURSTS, { capacity: 2, run: true })}&compare=0`);
  await playground.waitForStatus("done");
  const last = await playground.step();
  const scrubber = page.getByRole("slider", { name: "Step" });
  await scrubber.fill("40");
  await playground.waitForStatus("paused", { step: 40 });
  expect(await bSide(page)).toEqual(await plainRunAt(playground, 0, 40));
  await playground.stepBackButton.click();
  await playground.waitForStatus("paused", { step: 39 });
  expect(await bSide(page)).toEqual(await plainRunAt(playground, 0, 39));
  await playground.stepButton.click();
  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 41 });
  expect(await bSide(page)).toEqual(await plainRunAt(playground, 0, 41));
  expect(last).toBeGreaterThan(41);
});

test("the Compare control turns B on with its capacity, by keyboard, and Share keeps B", async ({
  playground,
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await playground.gotoScript(BURSTS, { capacity: 2, step: 90 });
  await playground.waitForStatus("paused", { step: 90 });
  await expect(page.getByTestId("b-stat-misses")).toHaveCount(0);

  const capacityB = page.getByLabel("Capacity B", { exact: true });
  await capacityB.fill("5");
  const toggle = page.getByRole("checkbox", { name: "Compare", exact: true });
  await toggle.focus();
  await page.keyboard.press("Space");
  await expect(toggle).toBeChecked();
  await expect(page.getByTestId("b-class-3")).toHaveAttribute("data-capacity", "5");
  expect(await bSide(page)).toEqual(await plainRunAt(playground, 5, 90));

  await capacityB.fill("3");
  await expect(page.getByTestId("b-class-3")).toHaveAttribute("data-capacity", "3");
  expect(await bSide(page)).toEqual(await plainRunAt(playground, 3, 90));

  await playground.shareButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/&step=90&compare=3$/);
  const shown = await bSide(page);
  const opened = await context.newPage();
  await opened.goto(link);
  await expect(opened.getByTestId("run-status")).toHaveAttribute("data-step", "90");
  await expect(opened.getByTestId("run-status")).toHaveText("paused");
  await expect(opened.getByRole("checkbox", { name: "Compare", exact: true })).toBeChecked();
  expect(await bSide(opened)).toEqual(shown);

  await toggle.uncheck();
  await expect(page.getByTestId("b-stat-misses")).toHaveCount(0);
  await expect(page.getByTestId("compare-explanation")).toHaveCount(0);
});

test("turned on late in a long run, B catches up with its progress shown while the page answers", async ({
  playground,
  page,
}) => {
  // Three runs of 4.5 M steps, a sixth of whose acquires allocate a fresh buffer: on a
  // virtual machine whose page faults cost ~12 µs, each took 30 s alone and over 60 s
  // beside the other Playwright worker. Generous limits; the assertions are the same.
  test.setTimeout(540_000);
  // B has every step of a long paused run to replay before it stands beside A.
  const long =
    "seed 3\nrepeat 16 { acquire random 1..8KB }\nrepeat 2250000 { acquire random 1..8KB; release random }\n";
  const step = 4_500_016;
  await playground.gotoScript(long, { capacity: 2, step });
  await playground.waitForStatus("paused", { step, timeout: 180_000 });
  await page.getByRole("checkbox", { name: "Compare", exact: true }).check();
  const catchUp = page.getByTestId("compare-catch-up");
  await expect(catchUp).toBeVisible();
  await expect(catchUp).toContainText(/^B is catching up with A: step [\d,]+ of 4,500,016$/);
  // Where A (the smaller capacity) first drops is found from A's own history, at once.
  await expect(page.getByTestId("compare-explanation")).toHaveText(
    /^At step \d+ A drops .+: its \d+ KiB list is full; B keeps it\.$/,
  );
  await expect(page.getByTestId("delta-misses")).toHaveText("…");
  await expect(page.getByTestId("delta-misses")).not.toHaveAttribute("data-value");
  // A command is answered while B is still behind: A steps back, B goes on.
  await playground.stepBackButton.click();
  await playground.waitForStatus("paused", { step: step - 1 });
  await expect(catchUp).toBeVisible();
  await expect(catchUp).toContainText(/ of 4,500,015$/);
  await expect(catchUp).toHaveCount(0, { timeout: 180_000 });
  await expect(page.getByTestId("delta-misses")).toHaveAttribute("data-value", /^-?\d+$/);
  expect(await bSide(page)).toEqual(await plainRunAt(playground, 4, step - 1, long, 180_000));
});

test("clicks on the page are made at capacity B too", async ({ playground, page }) => {
  await playground.goto(`${scriptHash("a = acquire 4KB\nrelease a\n", { step: 2 })}&compare=0`);
  await playground.waitForStatus("paused", { step: 2 });
  await playground.classButton(0).click();
  await playground.waitForStatus("paused", { step: 3 });
  // A (capacity 4) recycles the buffer its list kept; B (capacity 0) kept none.
  await expect(page.getByTestId("stat-recycles")).toHaveText("1");
  await expect(page.getByTestId("b-stat-recycles")).toHaveText("0");
  await expect(page.getByTestId("b-stat-misses")).toHaveText("2");
  await expect(page.getByTestId("delta-recycles")).toHaveText("-1");
  await expect(page.getByTestId("delta-misses")).toHaveText("+1");
  await expect(page.getByTestId("b-class-0")).toHaveAttribute("data-held", "1");
  await expect(page.getByTestId("compare-explanation")).toHaveText(
    "At step 2 B drops a: B keeps no buffers (capacity 0); A keeps it.",
  );
});

test("a bad &compare= is refused with capacity's own words", async ({ playground }) => {
  await playground.goto(`${scriptHash("a = acquire 4KB\n")}&compare=2000000`);
  await expect(playground.banner).toContainText(
    "'2000000' is too large: capacity is at most 1000000 buffers per size class",
  );
});
