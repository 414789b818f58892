/**
 * Offline and installable (SPEC §5b): after one visit the service worker has
 * precached the build, and the page reloads and runs a script with the
 * network off; the manifest names the app and its icons.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test.ts";

// The rest of the suite blocks service workers (playwright.config.ts); this spec is about them.
test.use({ serviceWorkers: "allow" });

const SCRIPT = `capacity 2
repeat 3 {
  a = acquire 4KB
  b = acquire 4KB
  c = acquire 4KB
  release all
}
`;

/** Waits until a service worker controls the page (it has precached the build by then). */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
}

test("after one visit, the page reloads and runs a script with the network off", async ({
  playground,
  page,
  context,
}) => {
  await playground.gotoScript(SCRIPT);
  await playground.waitForStatus("idle");
  await waitForServiceWorker(page);

  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await page.reload();
  await expect(playground.status).toBeVisible();
  await expect(playground.editor).toBeVisible();
  // The speed is not part of the link, so the reload starts at the default pace; 18 steps
  // at that pace take about as long as the assertion's timeout (CI once missed it by a step).
  await playground.setSpeed("Max");
  await playground.runButton.click();
  await playground.waitForStatus("done", { step: 18 });
  await expect(page.getByTestId("stat-allocations")).toHaveText("9");
  await expect(page.getByTestId("stat-misses")).toHaveText("5");
  await expect(playground.classButton(0)).toHaveAttribute("data-free", "2");
  // The bundled fonts came from the cache too.
  expect(
    await page.evaluate(async () => {
      await document.fonts.ready;
      return [document.fonts.check("14px Inter"), document.fonts.check("14px 'JetBrains Mono'")];
    }),
  ).toEqual([true, true]);

  // The preset trace is a build asset: it opens offline as well.
  await page.getByRole("button", { name: "A real program" }).click();
  await expect(page.getByTestId("workload-name")).toHaveAttribute("data-events", "5694");
});

test("the manifest makes it installable: name, start URL, icons that load", async ({
  page,
  request,
}) => {
  await page.goto("./");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).not.toBeNull();
  const manifestUrl = new URL(href!, page.url());
  const manifest = (await (await request.get(manifestUrl.href)).json()) as {
    name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({ name: "Pool Playground", display: "standalone" });
  expect(manifest.icons.map((icon) => icon.sizes)).toEqual(
    expect.arrayContaining(["192x192", "512x512"]),
  );
  for (const icon of manifest.icons) {
    const response = await request.get(new URL(icon.src, manifestUrl).href);
    expect(response.ok(), icon.src).toBe(true);
    expect(response.headers()["content-type"]).toContain(icon.type.split("+")[0]);
  }
});
