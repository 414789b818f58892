/**
 * The embed (SPEC §5b): `&embed=1` in a 600×400 frame, its link to the full
 * page, "Copy embed code", and the postMessage API driven by the README's
 * own host page (`docs/embed-host.html`) served from another origin.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { FrameLocator, Page } from "@playwright/test";
import { expect, scriptHash, test } from "./fixtures/test.ts";
import { oracleScript } from "./fixtures/traces.ts";

const HOST_PAGE = readFileSync(
  fileURLToPath(new URL("../docs/embed-host.html", import.meta.url)),
  "utf8",
);
/** Where the host page's iframe points as written; the test points it at the preview server. */
const PLAYGROUND_IN_DOCS = "https://pool-playground.example/";

/**
 * Serves the host page from another origin, a server of its own on another
 * port, for as long as `use` runs. (A page that `page.route` fulfils at
 * http://host.test/ counts as a public site, and Chromium's Local Network
 * Access then blocks its frame of the loopback preview server.)
 */
async function withHostPage(playgroundUrl: string, use: (url: string) => Promise<void>) {
  const body = HOST_PAGE.replace(PLAYGROUND_IN_DOCS, playgroundUrl);
  const server = createServer((_, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(body);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  try {
    await use(`http://127.0.0.1:${port}/course.html`);
  } finally {
    server.close();
  }
}

/** A trace the oracle ran (capacity 2, 400 ops), and what it printed after each op. */
const TRACE = oracleScript(
  fileURLToPath(new URL("./fixtures/embed/", import.meta.url)),
  "host.txt",
);
/** The trace as a script without its capacity line: the host's `load` gives the capacity. */
const SCRIPT = TRACE.source.replace(/^capacity \d+\n/, "");

const SMALL = `capacity 2
repeat 3 {
  a = acquire 4KB
  b = acquire 20KB
  c = acquire 4KB
  release all
}
`;

/** The state message the host page shows last, parsed. */
async function hostState(page: Page): Promise<Record<string, unknown> | null> {
  const text = await page.locator("#state").textContent();
  return text?.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : null;
}

/** The free and held numbers of the nine class bars in the embed. */
async function framedBars(frame: FrameLocator): Promise<{ free: number[]; held: number[] }> {
  const bars = frame.getByTestId(/^class-\d$/);
  await expect(bars).toHaveCount(9);
  const read = await bars.evaluateAll((elements) =>
    elements.map((element) => [
      Number(element.getAttribute("data-free")),
      Number(element.getAttribute("data-held")),
    ]),
  );
  return { free: read.map(([free]) => free!), held: read.map(([, held]) => held!) };
}

test("the host page loads a script, goes to a step, and reads back the oracle's state", async ({
  page,
  baseURL,
}) => {
  await withHostPage(baseURL!, async (host) => {
    expect(new URL(host).origin).not.toBe(new URL(baseURL!).origin);
    await page.goto(host);
    const frame = page.frameLocator("#playground");
    // The embed's warm-up preset has been loaded: the first state is in.
    await expect.poll(() => hostState(page)).toMatchObject({ type: "state", status: "idle" });

    await page.getByLabel("Script").fill(SCRIPT);
    await page.getByLabel("Capacity").fill(String(TRACE.capacity));
    await page.getByRole("button", { name: "Load" }).click();
    await expect(frame.getByTestId("class-0")).toHaveAttribute("data-capacity", "2");

    for (const step of [250, 17, TRACE.steps]) {
      await page.getByLabel("Step", { exact: true }).fill(String(step));
      await page.getByRole("button", { name: "Go to step" }).click();
      // A goto stops at its step, as a link's step=N does, even at the last one.
      const status = "paused";
      await expect.poll(() => hostState(page)).toMatchObject({ step, status });
      const { allocations, recycles, misses, free } = TRACE.stateAt(step);
      const state = await hostState(page);
      expect(state, `step ${step}`).toEqual({
        source: "pool-playground",
        type: "state",
        step,
        status,
        allocations,
        recycles,
        misses,
        free,
        held: (await framedBars(frame)).held,
      });
      expect((await framedBars(frame)).free).toEqual(free);
      await expect(frame.getByTestId("run-status")).toHaveAttribute("data-step", String(step));
    }

    // Run from the last step finds the end; from step 0, Pause stops it.
    await page.getByRole("button", { name: "Run" }).click();
    await expect.poll(() => hostState(page)).toMatchObject({ step: TRACE.steps, status: "done" });
    await page.getByLabel("Step", { exact: true }).fill("0");
    await page.getByRole("button", { name: "Go to step" }).click();
    await expect.poll(() => hostState(page)).toMatchObject({ step: 0 });
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByRole("button", { name: "Pause" }).click();
    await expect.poll(async () => (await hostState(page))?.status).toMatch(/^(paused|done)$/);
  });
});

test("messages that are not §5b's are ignored, and the embed keeps working", async ({ page }) => {
  await page.goto(`./${scriptHash(SMALL, { step: 4 })}&embed=1`);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-step", "4");
  // Not framed, the embed's parent is the page itself.
  await page.evaluate(() => {
    const junk: unknown[] = [
      "goto",
      { source: "pool-playground", type: "goto", step: "1" },
      { source: "pool-playground", type: "goto", step: -1 },
      { source: "pool-playground", type: "load", script: 5 },
      { source: "pool-playground", type: "load", script: "x", capacity: 1e9 },
      { source: "pool-playground", type: "eval", code: "document.body.remove()" },
      { source: "other", type: "run" },
      { source: "pool-playground", type: "run", extra: true },
    ];
    for (const message of junk) window.postMessage(message, "*");
    window.postMessage({ source: "pool-playground", type: "goto", step: 2 }, "*");
  });
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-step", "2");
  await expect(page.getByTestId("class-0")).toHaveAttribute("data-capacity", "2");
});

test("embed=1 fits 600×400 with only the essentials, and links to the same state in full", async ({
  page,
  playground,
  context,
  baseURL,
}) => {
  await page.setViewportSize({ width: 600, height: 400 });
  await playground.goto(`${scriptHash(SMALL, { step: 10 })}&embed=1`);
  await playground.waitForStatus("paused", { step: 10 });
  const sizes = await page.evaluate(() => {
    const root = document.documentElement;
    return [root.scrollWidth, root.clientWidth, root.scrollHeight, root.clientHeight];
  });
  expect(sizes[0]).toBeLessThanOrEqual(sizes[1]!);
  expect(sizes[2]).toBeLessThanOrEqual(sizes[3]!);

  for (const testId of ["stat-allocations", "explanation", "class-0", "class-8", "run-status"]) {
    await expect(page.getByTestId(testId)).toBeVisible();
  }
  for (const name of ["Run", "Step back", "Step", "Reset"]) {
    await expect(page.getByRole("button", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("textbox", { name: "Script" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Share" })).toHaveCount(0);
  await expect(page.getByTestId("held-buffer")).toHaveCount(0);

  const open = page.getByRole("link", { name: "Open in Pool Playground" });
  await expect(open).toHaveAttribute("target", "_blank");
  await expect(open).toHaveAttribute("rel", "noopener");
  const full = `${baseURL}${scriptHash(SMALL, { capacity: 4, run: true, step: 10, motion: true })}`;
  await expect(open).toHaveAttribute("href", full);
  const [opened] = await Promise.all([context.waitForEvent("page"), open.click()]);
  await expect(opened.getByTestId("run-status")).toHaveAttribute("data-step", "10");
  await expect(opened.getByRole("textbox", { name: "Script" })).toBeVisible();
  await expect(opened.getByTestId("stat-allocations")).toHaveText(
    (await page.getByTestId("stat-allocations").textContent())!,
  );
});

test("the embed never writes the saved script", async ({ page, playground }) => {
  await playground.gotoScript("mine = acquire 8KB\n");
  await playground.replaceScript("mine = acquire 8KB\n# my work\n");
  const saved = () => page.evaluate(() => JSON.stringify(localStorage));
  await expect.poll(saved).toContain("my work");
  const before = await saved();

  await playground.goto(`${scriptHash(SMALL, { step: 3 })}&embed=1`);
  await playground.waitForStatus("paused", { step: 3 });
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await playground.waitForStatus("paused", { step: 4 });
  await page.evaluate(() =>
    window.postMessage({ source: "pool-playground", type: "load", script: "x = acquire 1" }, "*"),
  );
  await expect(page.getByTestId("stat-allocations")).toHaveText("0");
  expect(await saved()).toBe(before);
});

test("Copy embed code gives an iframe of the embed of this state", async ({
  page,
  playground,
  baseURL,
}) => {
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new Error("denied"));
  });
  await playground.gotoScript(SMALL, { step: 5 });
  await playground.waitForStatus("paused", { step: 5 });
  await page.getByRole("button", { name: "Copy embed code" }).click();
  const code = await page.getByRole("textbox", { name: "Copy this embed code" }).inputValue();
  const src = `${baseURL}${scriptHash(SMALL, { capacity: 4, run: true, step: 5, motion: true })}&embed=1`;
  expect(code).toBe(
    `<iframe src="${src.replaceAll("&", "&amp;")}" title="Pool Playground" width="600" height="400"></iframe>`,
  );
  // The element it describes opens the embed at that step.
  await page.setContent(code);
  const frame = page.frameLocator("iframe");
  await expect(frame.getByTestId("run-status")).toHaveAttribute("data-step", "5");
  await expect(frame.getByRole("link", { name: "Open in Pool Playground" })).toBeVisible();
});
