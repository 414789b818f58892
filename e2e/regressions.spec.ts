/** Bugs found by this suite, kept as tests so they stay fixed. */
import { decompressFromEncodedURIComponent } from "./fixtures/lzString.ts";
import { expect, scriptHash, test } from "./fixtures/test.ts";

const SAVED = "# my saved script\nkept = acquire 32KB\nrelease kept\n";

test("the playback buttons' names are unique on the page", async ({ playground, page }) => {
  // Long enough to be running still when Pause is looked for, at one step a second.
  await playground.gotoScript("repeat 100 { a = acquire 4KB; release a }\n");
  await playground.waitForStatus("idle");
  for (const name of ["Run", "Step", "Step back", "Reset", "Share"]) {
    await expect(page.getByRole("button", { name, exact: true }), name).toHaveCount(1);
  }
  await playground.setSpeed("1 step/s");
  await playground.runButton.click();
  await expect(page.getByRole("button", { name: "Pause", exact: true })).toHaveCount(1);
});

test.describe("a damaged link shows a message and loads the saved script", () => {
  const linked =
    "# a longer script, so a cut link has room to break\ncapacity 4\nrepeat 4 {\n  a = acquire 4KB\n  b = acquire 16KB\n  release a\n  release b\n}\n";
  const decode = (encoded: string) => {
    try {
      return decompressFromEncodedURIComponent(encoded);
    } catch {
      return null;
    }
  };

  test("cut where lz-string still decodes a prefix", async ({ playground }) => {
    const encoded = /script=([^&]*)/.exec(scriptHash(linked))![1]!;
    const cut = Array.from(encoded, (_, n) => n).findLast((n) => {
      const decoded = decode(encoded.slice(0, n));
      return decoded !== null && decoded !== "" && decoded !== linked;
    });
    expect(cut).toBeDefined();
    await playground.goto();
    await playground.replaceScript(SAVED);
    await playground.goto(`#script=${encoded.slice(0, cut)}&run=1&motion=off`);
    await expect(playground.banner).toContainText("This share link could not be opened");
    await expect.poll(() => playground.scriptText()).toBe(SAVED);
  });

  test("decoding to junk", async ({ playground }) => {
    expect(decode("ACTCmv")).toBe("\u0000\uca19");
    await playground.goto();
    await playground.replaceScript(SAVED);
    await playground.goto("#script=ACTCmv&run=1&motion=off");
    await expect(playground.banner).toContainText("This share link could not be opened");
    await expect.poll(() => playground.scriptText()).toBe(SAVED);
  });
});

test("Step back clicked twice quickly goes back two steps, like Step", async ({
  playground,
  page,
}) => {
  await playground.gotoScript("repeat 5 {\n  a = acquire 4KB\n  release a\n}\n", { step: 6 });
  await playground.waitForStatus("paused", { step: 6 });
  const clickTwice = (label: string) =>
    page.evaluate((name) => {
      const button = Array.from(document.querySelectorAll("button")).find(
        (b) => b.textContent === name,
      )!;
      button.click();
      button.click();
    }, label);
  await clickTwice("Step");
  await playground.waitForStatus("paused", { step: 8 });
  await clickTwice("Step back");
  await playground.waitForStatus("paused", { step: 6 });
});

test("a worker that stops without an error is noticed and restarted", async ({
  playground,
  page,
}) => {
  const source = "repeat 3 {\n  a = acquire 4KB\n  release a\n}\n";
  await playground.gotoScript(source);
  await playground.waitForStatus("idle", { step: 0 });
  // The idle status can be drawn before Playwright has heard of the worker.
  const worker = page.workers()[0] ?? (await page.waitForEvent("worker"));
  await worker.evaluate(() => (self as unknown as { close(): void }).close());
  await expect(playground.banner).toContainText(/restarted/, { timeout: 5000 });
  expect(await playground.scriptText()).toBe(source);
  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 1 });
});

test("opening a link never overwrites the script saved here", async ({ playground, page }) => {
  const linked = "# from a link\nlinked = acquire 16KB\n";
  await playground.goto();
  await playground.replaceScript(SAVED);
  await playground.gotoScript(linked);
  await expect.poll(() => playground.scriptText()).toBe(linked);
  await page.evaluate(
    (hash) => (location.hash = hash),
    scriptHash("# another link\nx = acquire 1\n"),
  );
  await expect.poll(() => playground.scriptText()).toBe("# another link\nx = acquire 1\n");
  await playground.goto();
  await expect.poll(() => playground.scriptText()).toBe(SAVED);
});
