/**
 * The automation contract of SPEC §5: test ids, their attributes and
 * accessible names, the buttons, and the share link.
 */
import { CLASS_COUNT, EMPTY_STATS, Playground, expect, scriptHash, test } from "./fixtures/test.ts";
import { decompressFromEncodedURIComponent } from "./fixtures/lzString.ts";

const CLASS_LABELS = [
  "4 KiB",
  "8 KiB",
  "16 KiB",
  "32 KiB",
  "64 KiB",
  "128 KiB",
  "256 KiB",
  "512 KiB",
  "1 MiB",
];

/** Leaves 16 KiB with 3 free of 4 and 2 held, and one 4 KiB buffer held. */
const MIXED = `capacity 4
a = acquire 16KB
b = acquire 16KB
c = acquire 16KB
d = acquire 16KB
e = acquire 16KB
release a
release b
release c
small = acquire 4KB
`;

test("the page shows nine size-class bars", async ({ playground, page }) => {
  await playground.goto();
  await expect(page.getByRole("heading", { name: "Pool Playground" })).toBeVisible();
  for (let k = 0; k < CLASS_COUNT; k++) await expect(playground.classButton(k)).toBeVisible();
});

test("each class-K carries its numbers and says them in its accessible name", async ({
  playground,
  page,
}) => {
  await playground.gotoScript(MIXED, { run: true });
  await playground.waitForStatus("done", { step: 9 });
  const expected = CLASS_LABELS.map((label, k) => ({
    label,
    free: k === 2 ? 3 : 0,
    held: k === 2 ? 2 : k === 0 ? 1 : 0,
    capacity: 4,
  }));
  for (const [k, { label, free, held, capacity }] of expected.entries()) {
    const bar = playground.classButton(k);
    await expect(bar).toHaveAttribute("data-free", String(free));
    await expect(bar).toHaveAttribute("data-held", String(held));
    await expect(bar).toHaveAttribute("data-capacity", String(capacity));
    await expect(bar).toHaveAccessibleName(`${label}: ${free} free of ${capacity}, ${held} held`);
  }
  await expect(page.getByRole("button", { name: "16 KiB: 3 free of 4, 2 held" })).toBeVisible();
  expect(await playground.classBars()).toEqual(
    expected.map(({ free, held, capacity }) => ({ free, held, capacity })),
  );
});

test("counters are bare numbers and the recycle rate a one-decimal percentage", async ({
  playground,
  page,
}) => {
  await playground.gotoScript("repeat 3 { a = acquire 4KB; release a }");
  await playground.waitForStatus("idle", { step: 0 });
  expect(await playground.stats()).toEqual(EMPTY_STATS);

  await playground.setSpeed("Max");
  await playground.runButton.click();
  await playground.waitForStatus("done", { step: 6 });
  await expect(page.getByTestId("stat-allocations")).toHaveText("3");
  await expect(page.getByTestId("stat-recycles")).toHaveText("2");
  await expect(page.getByTestId("stat-misses")).toHaveText("1");
  await expect(page.getByTestId("stat-recycle-rate")).toHaveText("66.7%");
  await expect(page.getByTestId("stat-recycle-rate")).toHaveAttribute("data-value", String(2 / 3));

  // No thousands separators: the text is the number itself.
  await playground.gotoScript("repeat 1500 { a = acquire 4KB; release a }", { run: true });
  await playground.waitForStatus("done", { step: 3000 });
  expect(await playground.stats()).toEqual({
    allocations: 1500,
    recycles: 1499,
    misses: 1,
    recycleRate: 1499 / 1500,
    recycleRateText: "99.9%",
  });
});

test("run-status says idle, paused and done with the step in data-step", async ({ playground }) => {
  await playground.gotoScript("a = acquire 4KB\nrelease a\nb = acquire 4KB\n");
  await playground.waitForStatus("idle", { step: 0 });
  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 1 });
  await playground.runButton.click();
  await playground.waitForStatus("done", { step: 3 });
});

test("clicking a class acquires one of that class; clicking a held buffer releases it", async ({
  playground,
}) => {
  await playground.gotoScript("# empty\n");
  await playground.waitForStatus("idle", { step: 0 });
  await expect(playground.heldBuffers()).toHaveCount(0);

  await playground.classButton(3).click();
  await expect(playground.status).toHaveAttribute("data-step", "1");
  expect(await playground.classBar(3)).toEqual({ free: 0, held: 1, capacity: 4 });
  await expect(playground.heldBuffers()).toHaveCount(1);
  const [name] = await playground.heldNames();
  expect(name).toBeTruthy();
  expect(await playground.stats()).toMatchObject({ allocations: 1, misses: 1, recycles: 0 });

  await playground.heldBuffer(name!).click();
  await expect(playground.status).toHaveAttribute("data-step", "2");
  await expect(playground.heldBuffers()).toHaveCount(0);
  expect(await playground.classBar(3)).toEqual({ free: 1, held: 0, capacity: 4 });

  // The pooled buffer is recycled by the next click on the same class.
  await playground.classButton(3).click();
  await expect(playground.status).toHaveAttribute("data-step", "3");
  expect(await playground.classBar(3)).toEqual({ free: 0, held: 1, capacity: 4 });
  expect(await playground.stats()).toMatchObject({ allocations: 2, misses: 1, recycles: 1 });
});

test("held buffers are listed by name and release the named one", async ({ playground }) => {
  await playground.gotoScript("a = acquire 4KB\nb = acquire 64KB\nacquire 2MB\n", { run: true });
  await playground.waitForStatus("done", { step: 3 });
  await expect(playground.heldBuffers()).toHaveCount(3);
  expect(await playground.heldNames()).toEqual(["a", "b", "#1"]);

  await playground.heldBuffer("b").click();
  await expect(playground.status).toHaveAttribute("data-step", "4");
  expect(await playground.heldNames()).toEqual(["a", "#1"]);
  expect(await playground.classBar(4)).toEqual({ free: 1, held: 0, capacity: 4 });
  expect(await playground.classBar(0)).toEqual({ free: 0, held: 1, capacity: 4 });
});

const SHARED = `capacity 3
repeat 5 {
  a = acquire 8KB
  acquire 100KB
  release a
}
`;
/** The hash of SPEC §5 as Share writes it; groups: script, capacity, step. */
const SHARE_HASH = /^#script=([A-Za-z0-9+$-]+)&capacity=(\d+)&run=1(?:&step=(\d+))?$/;

/** Splits a share link into the page address and the SPEC §5 hash, checking both. */
function readShareLink(link: string, pageUrl: string) {
  expect(link.startsWith(pageUrl)).toBe(true);
  const hash = link.slice(pageUrl.length);
  expect(hash).toMatch(SHARE_HASH);
  const [, script = "", capacity, step] = SHARE_HASH.exec(hash) ?? [];
  return { hash, source: decompressFromEncodedURIComponent(script), capacity, step };
}

test("Share copies a link in the hash format that reproduces the counters", async ({
  playground,
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await playground.gotoScript(SHARED, { capacity: 2, run: true });
  await playground.waitForStatus("done", { step: 15 });
  const stats = await playground.stats();
  const bars = await playground.classBars();
  const held = await playground.heldNames();

  await playground.shareButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const shared = readShareLink(link, baseURL!);
  expect(shared).toMatchObject({ source: SHARED, capacity: "2", step: undefined });
  expect(shared.hash).toBe(scriptHash(SHARED, { capacity: 2, run: true, motion: true }));

  const opened = new Playground(await context.newPage());
  await opened.page.goto(link);
  await opened.waitForStatus("done", { step: 15 });
  expect(await opened.stats()).toEqual(stats);
  expect(await opened.classBars()).toEqual(bars);
  expect(await opened.heldNames()).toEqual(held);
});

test("Share at a paused step links to that step, in a field when the clipboard fails", async ({
  playground,
  page,
  context,
  baseURL,
}) => {
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new Error("denied"));
  });
  await playground.gotoScript(SHARED, { step: 7 });
  await playground.waitForStatus("paused", { step: 7 });
  const stats = await playground.stats();
  const bars = await playground.classBars();
  const held = await playground.heldNames();

  await playground.shareButton.click();
  const field = page.getByRole("textbox", { name: "Copy this link" });
  await expect(field).toBeVisible();
  const link = await field.inputValue();
  // The capacity field's value (4, the default) goes in the link; the script's own line wins.
  const shared = readShareLink(link, baseURL!);
  expect(shared).toMatchObject({ source: SHARED, capacity: "4", step: "7" });
  expect(shared.hash).toBe(scriptHash(SHARED, { capacity: 4, run: true, step: 7, motion: true }));

  const opened = new Playground(await context.newPage());
  await opened.page.goto(link);
  await opened.waitForStatus("paused", { step: 7 });
  expect(await opened.stats()).toEqual(stats);
  expect(await opened.classBars()).toEqual(bars);
  expect(await opened.heldNames()).toEqual(held);
});

test("capacity=N sets the capacity unless the script has a capacity line", async ({
  playground,
}) => {
  await playground.gotoScript("a = acquire 4KB\nrelease a\n", { capacity: 9, run: true });
  await playground.waitForStatus("done", { step: 2 });
  expect(await playground.classBar(0)).toEqual({ free: 1, held: 0, capacity: 9 });

  await playground.gotoScript("capacity 0\na = acquire 4KB\nrelease a\n", {
    capacity: 9,
    run: true,
  });
  await playground.waitForStatus("done", { step: 2 });
  expect(await playground.classBar(0)).toEqual({ free: 0, held: 0, capacity: 0 });
});

test("motion=off and prefers-reduced-motion turn animation off", async ({ playground, page }) => {
  const motion = page.locator("html");
  await playground.gotoScript("acquire 4KB\n", { motion: true });
  await expect(motion).toHaveAttribute("data-motion", "on");
  await playground.gotoScript("acquire 4KB\n", { motion: false });
  await expect(motion).toHaveAttribute("data-motion", "off");
  await page.emulateMedia({ reducedMotion: "reduce" });
  await playground.gotoScript("acquire 4KB\n", { motion: true });
  await expect(motion).toHaveAttribute("data-motion", "off");
});

test("the same script and seed draw the same screen, pixel for pixel", async ({
  playground,
  context,
}) => {
  const source =
    "seed 42\ncapacity 3\nrepeat 40 {\n  acquire random 1..600KB\n  release random\n  acquire random 1..2MB\n}\n";
  const shots: Buffer[] = [];
  for (const page of [playground.page, await context.newPage()]) {
    const opened = new Playground(page);
    await opened.gotoScript(source, { run: true });
    await opened.waitForStatus("done", { step: 120 });
    await expect(page.getByTestId("class-chart")).toBeVisible();
    await expect(page.getByTestId("recycle-chart")).toBeVisible();
    await expect(page.locator(".cm-content")).toBeVisible();
    shots.push(await page.screenshot({ fullPage: true, animations: "disabled", caret: "hide" }));
  }
  expect(shots[1]!.equals(shots[0]!), "the two screenshots are identical").toBe(true);
});
