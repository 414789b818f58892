/**
 * SPEC §7, "nothing is lost": blocked or full storage, two tabs, one limit per
 * setting whatever sets it, a 10,000-character buffer name, and a worker crash
 * in the middle of a run.
 */
import type { Download, Page } from "@playwright/test";
import { expect, Playground, test } from "./fixtures/test.ts";

/** The text of a downloaded file. */
async function downloadedText(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Clicks the warning's download button and returns the file's name and text. */
async function downloadScript(page: Page): Promise<{ name: string; text: string }> {
  const warning = page.getByTestId("storage-warning");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    warning.getByRole("button", { name: "Download script" }).click(),
  ]);
  return { name: download.suggestedFilename(), text: await downloadedText(download) };
}

test.describe("when nothing can be saved, the page works and says so", () => {
  const typed = "# typed while nothing is saved\nkept = acquire 16KB\n";

  test("site data blocked: reading localStorage throws", async ({ page, playground }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, "localStorage", {
        get() {
          throw new DOMException("denied", "SecurityError");
        },
      });
    });
    await playground.goto();
    const warning = page.getByTestId("storage-warning");
    await expect(warning).toContainText("not being saved");
    await playground.replaceScript(typed);
    await playground.stepButton.click();
    await playground.waitForStatus("paused", { step: 1 });
    // The theme toggle reads and writes the same storage.
    await page.getByRole("button", { name: /theme$/ }).click();
    expect(await downloadScript(page)).toEqual({ name: "pool-script.txt", text: typed });
  });

  test("storage full: every setItem throws QuotaExceededError", async ({ page, playground }) => {
    await page.addInitScript(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException("full", "QuotaExceededError");
      };
    });
    await playground.goto();
    await playground.replaceScript(typed);
    const warning = page.getByTestId("storage-warning");
    await expect(warning).toContainText("not being saved");
    await expect(warning).toContainText("full");
    expect(await downloadScript(page)).toEqual({ name: "pool-script.txt", text: typed });
  });

  test("no warning while saving works", async ({ page, playground }) => {
    await playground.goto();
    await playground.replaceScript(typed);
    await page.reload();
    await expect.poll(() => playground.scriptText()).toBe(typed);
    await expect(page.getByTestId("storage-warning")).toHaveCount(0);
  });
});

test("two tabs each keep their own script; a new tab opens the one saved last", async ({
  context,
  page,
}) => {
  // Five page loads in three tabs: 12 s alone, 22–32 s beside another test on two cores,
  // within the 60 s every test has (playwright.config.ts).
  const a = new Playground(page);
  const b = new Playground(await context.newPage());
  await a.goto();
  await a.replaceScript("# TAB A WORK\n");
  await b.goto();
  expect(await b.scriptText(), "a new tab opens the script saved last").toBe("# TAB A WORK\n");
  await b.replaceScript("# TAB B WORK\n");
  await expect(a.banner, "A is told that B saved").toContainText("Another tab saved");

  await a.page.reload();
  await expect.poll(() => a.scriptText()).toBe("# TAB A WORK\n");
  await a.replaceScript("# TAB A WORK, more\n");
  await expect(b.banner, "B is told that A saved").toContainText("Another tab saved");

  await b.page.reload();
  await expect
    .poll(() => b.scriptText(), "A's keystroke did not save over B")
    .toBe("# TAB B WORK\n");
  const c = new Playground(await context.newPage());
  await c.goto();
  await expect.poll(() => c.scriptText()).toBe("# TAB A WORK, more\n");
});

test.describe("one limit per setting, and the same message whatever sets it", () => {
  const LIMIT = 1_000_000;
  const tooLarge = (text: string) =>
    `'${text}' is too large: capacity is at most ${LIMIT} buffers per size class`;
  const source = "a = acquire 4KB\n";

  test("a link", async ({ playground }) => {
    await playground.gotoScript(source, { capacity: LIMIT });
    await expect(playground.classButton(0)).toHaveAttribute("data-capacity", String(LIMIT));
    for (const over of [LIMIT + 1, 9_999_999_999, 99_999_999_999_999]) {
      await playground.gotoScript(source, { capacity: over, run: true });
      await expect(playground.banner).toContainText(
        `This share link could not be opened: ${tooLarge(String(over))}.`,
      );
      await expect(playground.classButton(0)).toHaveAttribute("data-capacity", "4");
    }
  });

  test("the capacity input", async ({ playground }) => {
    await playground.gotoScript(source);
    await playground.capacity.fill(String(LIMIT));
    await expect(playground.classButton(0)).toHaveAttribute("data-capacity", String(LIMIT));
    for (const over of [LIMIT + 1, 9_999_999_999]) {
      await playground.capacity.fill(String(over));
      await expect(playground.capacity).toHaveAttribute("aria-invalid", "true");
      await expect(playground.capacity).toHaveAccessibleDescription(tooLarge(String(over)));
      await expect(playground.classButton(0)).toHaveAttribute("data-capacity", String(LIMIT));
    }
  });

  test("a capacity line", async ({ playground }) => {
    await playground.gotoScript(`capacity ${LIMIT}\n${source}`, { run: true });
    await playground.waitForStatus("done", { step: 1 });
    await expect(playground.classButton(0)).toHaveAttribute("data-capacity", String(LIMIT));
    for (const over of [LIMIT + 1, 9_999_999_999]) {
      await playground.gotoScript(`capacity ${over}\n${source}`, { run: true });
      await playground.waitForStatus("error", { step: 0 });
      await expect(playground.lineError).toHaveText(`Line 1, col 10: ${tooLarge(String(over))}`);
    }
  });
});

test.describe("a 10,000-character buffer name", () => {
  const name = `n${"x".repeat(9_998)}n`;

  /** The page is no wider than the window: nothing scrolls sideways. */
  async function expectNoSidewaysScroll(page: Page): Promise<void> {
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll, "page width").toBeLessThanOrEqual(widths.client);
  }

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    test(`is clipped or wrapped at ${viewport.width} px, and the full name is available`, async ({
      page,
      playground,
    }) => {
      await page.setViewportSize(viewport);
      await playground.gotoScript(`${name} = acquire 4KB\nacquire 8KB\n`, { run: true });
      await playground.waitForStatus("done", { step: 2 });
      // The name is 10,000 characters: compare it here rather than print it in a failure.
      const full = (text: string | null) => text?.replace(name, "<the name>");
      await expectNoSidewaysScroll(page);
      const held = playground.heldBuffers().first();
      expect(full(await held.getAttribute("title"))).toBe("<the name>");
      expect(full(await held.getAttribute("data-name"))).toBe("<the name>");
      await expect(held).toHaveAccessibleName(/^Release nx+n \(4 KiB\)$/);
      await playground.stepBackButton.click();
      await playground.waitForStatus("paused", { step: 1 });
      expect(full(await playground.explanation.getAttribute("title"))).toMatch(
        /^Step 1 \(line 1\): acquire <the name>, 4 KiB — /,
      );
      const logLine = page
        .getByRole("list", { name: "Events, newest first" })
        .getByRole("listitem");
      expect(full(await logLine.getAttribute("title"))).toBe("#1 acquire <the name> 4 KiB — miss");
      await expectNoSidewaysScroll(page);

      // An error that names the buffer twice.
      await playground.gotoScript(`${name} = acquire 4KB\nrelease ${name}\nrelease ${name}\n`, {
        run: true,
      });
      await playground.waitForStatus("error", { step: 2 });
      expect(full(await playground.lineError.textContent())).toMatch(
        /^Line 3, col 1: release <the name> — nx+n was already released at line 2/,
      );
      await expectNoSidewaysScroll(page);
    });
  }
});

test.describe("after a worker crash the run comes back to the step it was at", () => {
  const source = "repeat 10 {\n  a = acquire 4KB\n  b = acquire 8KB\n  release a\n  release b\n}\n";

  /** What the page shows of the run, to compare before and after. */
  async function shown(playground: Playground) {
    return {
      status: await playground.status.textContent(),
      step: await playground.step(),
      stats: await playground.stats(),
      classes: await playground.classBars(),
      held: await playground.heldNames(),
    };
  }

  async function crash(page: Page): Promise<void> {
    const [worker] = page.workers();
    const restarted = page.waitForEvent("worker");
    await worker!.evaluate(() => {
      setTimeout(() => {
        throw new Error("simulated worker crash");
      });
    });
    expect(await restarted).not.toBe(worker);
  }

  test("paused mid-run, after clicks on the page", async ({ page, playground }) => {
    await playground.gotoScript(source, { step: 6 });
    await playground.waitForStatus("paused", { step: 6 });
    await playground.classButton(2).click();
    await playground.waitForStatus("paused", { step: 7 });
    await playground.stepButton.click();
    await playground.waitForStatus("paused", { step: 8 });
    await playground.heldBuffer("@1").waitFor();
    const before = await shown(playground);
    expect(before.held).toEqual(["b", "@1"]);

    await crash(page);
    await expect(playground.banner).toContainText(
      "The pool worker crashed (Uncaught Error: simulated worker crash) and was restarted and restored to step 8.",
    );
    await playground.waitForStatus("paused", { step: 8 });
    await expect.poll(() => shown(playground)).toEqual(before);

    // The restored run goes on as the old one would have.
    await playground.setSpeed("Max");
    await playground.runButton.click();
    await playground.waitForStatus("done", { step: 41 });
  });

  test("done at the end", async ({ page, playground }) => {
    await playground.gotoScript(source, { run: true });
    await playground.waitForStatus("done", { step: 40 });
    const before = await shown(playground);
    await crash(page);
    await expect(playground.banner).toContainText("restored to step 40");
    await playground.waitForStatus("done", { step: 40 });
    expect(await shown(playground)).toEqual(before);
  });

  test("stopped by an error in the script", async ({ page, playground }) => {
    await playground.gotoScript("a = acquire 4KB\nrelease a\nrelease a\n", { run: true });
    await playground.waitForStatus("error", { step: 2 });
    await crash(page);
    await expect(playground.banner).toContainText("restored to step 2");
    await playground.waitForStatus("error", { step: 2 });
    await expect(playground.lineError).toContainText("Line 3, col 1: release a — a was already");
  });
});

test("a reload after editing a script opened from a link brings back the edit", async ({
  page,
  playground,
}) => {
  await playground.gotoScript("# from a link\nlinked = acquire 16KB\n", { capacity: 3 });
  await expect.poll(() => playground.scriptText()).toBe("# from a link\nlinked = acquire 16KB\n");
  const edited = "# from a link, then mine\nlinked = acquire 16KB\n";
  await playground.replaceScript(edited);
  await page.reload();
  await expect(playground.status).toBeVisible();
  await expect.poll(() => playground.scriptText()).toBe(edited);
  await expect(playground.capacity).toHaveValue("3");
});
