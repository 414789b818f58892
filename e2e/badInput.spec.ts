/**
 * SPEC §7, row by row: bad input gets a clear message, and nothing is lost.
 */
import { expect, scriptHash, test, type Playground } from "./fixtures/test.ts";
import { decompressFromEncodedURIComponent } from "./fixtures/lzString.ts";

/** The editor's marks for an error: the line, the word at the column, the line number. */
function errorMarks(playground: Playground) {
  const { page } = playground;
  return {
    line: page.locator(".cm-error-line"),
    word: page.locator(".cm-error-mark"),
    gutter: page.locator(".cm-error-gutter"),
  };
}

test("a syntax error refuses the run, names line and column, and is marked in the editor", async ({
  playground,
}) => {
  await playground.gotoScript("a = acquire 4KB\nb = aquire 8KB\nrelease a\n", { run: true });
  await playground.waitForStatus("error", { step: 0 });
  await expect(playground.lineError).toHaveText(/^Line 2, col 5: .*'aquire'/);
  await expect(playground.lineError).toContainText("did you mean 'acquire'?");
  const marks = errorMarks(playground);
  await expect(marks.line).toHaveText("b = aquire 8KB");
  await expect(marks.word).toHaveText("aquire");
  await expect(marks.gutter).toHaveText("2");

  await playground.runButton.click();
  await playground.stepButton.click();
  await playground.page.waitForTimeout(300);
  await playground.waitForStatus("error", { step: 0 });
  expect(await playground.stats()).toMatchObject({ allocations: 0, misses: 0 });

  // Fixing the line clears the marks and the run goes through.
  await playground.replaceScript("a = acquire 4KB\nb = acquire 8KB\nrelease a\n");
  await expect(playground.lineError).toHaveCount(0);
  await expect(marks.line).toHaveCount(0);
  await playground.runButton.click();
  await playground.setSpeed("Max");
  await playground.waitForStatus("done", { step: 3 });
});

const badGenerators = [
  {
    what: "weights that add up to 0",
    source: "capacity 4\nrepeat 10 {\n  repeat 2 {\n      buf = acquire 4KB:0, 1MB:0\n  }\n}\n",
    message: "Line 4, col 21: the weights add up to 0 — give at least one size a positive weight",
    line: "      buf = acquire 4KB:0, 1MB:0",
  },
  {
    what: "a reversed range",
    source: "acquire 1KB\nacquire random 2MB..1KB log\n",
    message:
      "Line 2, col 16: the range 2MB..1KB is empty — put the smaller size first: random 1KB..2MB log",
    line: "acquire random 2MB..1KB log",
  },
  {
    what: "repeat random 5..1",
    source: "repeat random 5..1 {\n  acquire 4KB\n}\n",
    message:
      "Line 1, col 15: the range 5..1 is empty — put the smaller count first: repeat random 1..5",
    line: "repeat random 5..1 {",
  },
];

for (const bad of badGenerators) {
  test(`${bad.what} is a parse error with line and column, and nothing runs`, async ({
    playground,
  }) => {
    await playground.gotoScript(bad.source, { run: true });
    await playground.waitForStatus("error", { step: 0 });
    await expect(playground.lineError).toHaveText(bad.message);
    await expect(errorMarks(playground).line).toHaveText(bad.line);
    expect(await playground.stats()).toMatchObject({ allocations: 0, misses: 0 });
  });
}

const misuses = [
  {
    what: "a double release",
    source: "a = acquire 4KB\nb = acquire 8KB\nrelease a\nrelease a\n",
    message: "Line 4, col 1: release a — a was already released at line 3",
    step: 3,
    allocations: 2,
    classes: [
      { k: 0, free: 1, held: 0 },
      { k: 1, free: 0, held: 1 },
    ],
    held: ["b"],
  },
  {
    what: "a release of an unknown name",
    source: "a = acquire 4KB\nrelease x\n",
    message: /^Line 2, col 1: release x — no buffer is named x/,
    step: 1,
    allocations: 1,
    classes: [{ k: 0, free: 0, held: 1 }],
    held: ["a"],
  },
  {
    what: "a reuse of a held name",
    source: "a = acquire 4KB\nrelease a\na = acquire 16KB\na = acquire 8KB\n",
    message: /^Line 4, col 1: a = acquire 8KB — a still holds the buffer acquired at line 3/,
    step: 3,
    allocations: 2,
    classes: [
      { k: 0, free: 1, held: 0 },
      { k: 1, free: 0, held: 0 },
      { k: 2, free: 0, held: 1 },
    ],
    held: ["a"],
  },
];

for (const misuse of misuses) {
  test(`${misuse.what} stops the run at that step and keeps the state up to it`, async ({
    playground,
  }) => {
    await playground.gotoScript(misuse.source, { run: true });
    await playground.waitForStatus("error", { step: misuse.step });
    await expect(playground.lineError).toHaveText(misuse.message);
    const lines = misuse.source.split("\n");
    const failing = lines[misuse.step] ?? "";
    await expect(errorMarks(playground).line).toHaveText(failing);
    for (const { k, free, held } of misuse.classes) {
      expect(await playground.classBar(k), `class ${k}`).toMatchObject({ free, held });
    }
    expect(await playground.stats()).toMatchObject({ allocations: misuse.allocations });
    await expect(playground.heldBuffers()).toHaveCount(misuse.held.length);
    expect(await playground.heldNames()).toEqual(misuse.held);
  });
}

test("sizes and repeats beyond the limits stop with a message naming the limit", async ({
  playground,
}) => {
  await playground.gotoScript("a = acquire 4KB\nb = acquire 4096MB\n", { run: true });
  await playground.waitForStatus("error", { step: 0 });
  await expect(playground.lineError).toHaveText(/^Line 2, col 13: '4096MB' is too large/);
  await expect(playground.lineError).toContainText("at most 2048MB (2^31 bytes)");

  await playground.gotoScript("repeat 2_000_000_000 {\n  acquire 4KB\n}\n", { run: true });
  await playground.waitForStatus("error", { step: 0 });
  await expect(playground.lineError).toHaveText(/^Line 1, col 8: .*too large/);
  await expect(playground.lineError).toContainText("at most 1000000000 (10^9)");
});

test("going over the default 512 MiB budget stops with a message; the tab keeps working", async ({
  playground,
}) => {
  await playground.gotoScript("a = acquire 300MB\nb = acquire 300MB\n", { run: true });
  await playground.waitForStatus("error", { step: 1 });
  await expect(playground.lineError).toHaveText(
    /^Line 2: acquire b would bring live \+ pooled memory to 600 MiB/,
  );
  await expect(playground.lineError).toContainText("over the memory budget of 512 MiB");
  await expect(errorMarks(playground).line).toHaveText("b = acquire 300MB");
  expect(await playground.stats()).toMatchObject({ allocations: 1, misses: 1 });
  await expect(playground.page.getByTestId("oversized")).toHaveAttribute("data-held", "1");

  await playground.resetButton.click();
  await playground.waitForStatus("idle", { step: 0 });
  await expect(playground.lineError).toHaveCount(0);
  await playground.replaceScript("repeat 3 {\n  a = acquire 4KB\n  release a\n}\n");
  await playground.setSpeed("Max");
  await playground.runButton.click();
  await playground.waitForStatus("done", { step: 6 });
  expect(await playground.stats()).toMatchObject({ allocations: 3, recycles: 2, misses: 1 });
});

test("the memory budget is adjustable and the message names the budget set", async ({
  playground,
}) => {
  await playground.gotoScript("a = acquire 1MB\nb = acquire 4KB\nrelease a\n");
  await playground.waitForStatus("idle");
  await playground.memoryBudget.fill("1");
  await playground.setSpeed("Max");
  await playground.runButton.click();
  await playground.waitForStatus("error", { step: 1 });
  await expect(playground.lineError).toContainText("over the memory budget of 1 MiB");

  await playground.memoryBudget.fill("2");
  await playground.waitForStatus("idle", { step: 0 });
  await playground.runButton.click();
  await playground.waitForStatus("done", { step: 3 });
});

const SAVED = "# my saved script\nkept = acquire 32KB\nrelease kept\n";
const LINKED = `# a longer script, so that a cut link has room to break
capacity 4
repeat 4 {
  a = acquire 4KB
  b = acquire 16KB
  release a
  release b
}
`;

/** The hash of a link to {@link LINKED} with its script cut to `length` characters. */
function cutLink(length: number): { hash: string; decoded: string | null } {
  const full = scriptHash(LINKED, { run: true });
  const encoded = /script=([^&]*)/.exec(full)![1]!;
  const cut = encoded.slice(0, length);
  let decoded: string | null;
  try {
    decoded = decompressFromEncodedURIComponent(cut);
  } catch {
    decoded = null;
  }
  return { hash: full.replace(encoded, cut), decoded };
}

test("a malformed or truncated link shows a message and loads the last saved script", async ({
  playground,
}) => {
  await playground.goto();
  await playground.replaceScript(SAVED);
  await playground.page.reload();
  await expect.poll(() => playground.scriptText()).toBe(SAVED);

  const half = cutLink(Math.floor(scriptHash(LINKED).length / 2));
  expect(half.decoded, "lz-string reads this cut as nothing").toBe("");
  for (const hash of ["#script=garbage&run=1", half.hash, "#script=IYAgvCw&capacity=x"]) {
    await playground.goto(hash);
    await expect(playground.banner, hash).toContainText("This share link could not be opened");
    await expect(playground.banner).toContainText("Your last saved script was loaded instead");
    await expect.poll(() => playground.scriptText(), hash).toBe(SAVED);
    await playground.waitForStatus("idle", { step: 0 });
  }

  await playground.banner.getByRole("button", { name: "Dismiss" }).click();
  await expect(playground.banner).toHaveCount(0);
});

test("when the worker dies, a message says so, the script survives and runs again", async ({
  playground,
  page,
}) => {
  await playground.gotoScript("repeat 1000000000 { a = acquire 4KB; release a }\n", { run: true });
  await playground.waitForStatus("running");
  const edited = "# edited before the crash\nrepeat 5 {\n  a = acquire 8KB\n  release a\n}\n";
  await playground.replaceScript(edited);
  await playground.waitForStatus("idle", { step: 0 });
  await playground.setSpeed("Max");
  await playground.runButton.click();
  await playground.waitForStatus("done", { step: 10 });

  const [worker] = page.workers();
  const restarted = page.waitForEvent("worker");
  // An uncaught error in the worker: what a crash looks like from the page.
  await worker!.evaluate(() => {
    setTimeout(() => {
      throw new Error("simulated worker crash");
    });
  });
  await expect(playground.banner).toContainText(/crashed.*restarted/);
  await expect(playground.banner).toContainText("simulated worker crash");
  expect(await restarted).not.toBe(worker);
  // The run comes back where it was (e2e/nothingLost.spec.ts has more of this).
  await expect(playground.banner).toContainText("restored to step 10");
  await playground.waitForStatus("done", { step: 10 });
  expect(await playground.scriptText()).toBe(edited);
  expect(await playground.stats()).toMatchObject({ allocations: 5, recycles: 4, misses: 1 });

  await playground.resetButton.click();
  await playground.waitForStatus("idle", { step: 0 });
  await playground.runButton.click();
  await playground.waitForStatus("done", { step: 10 });
  expect(await playground.stats()).toMatchObject({ allocations: 5, recycles: 4, misses: 1 });
});

test("a hung worker is replaced when Reset goes unanswered, and the script survives", async ({
  playground,
  page,
}) => {
  const source = "repeat 3 {\n  a = acquire 4KB\n  release a\n}\n";
  await playground.gotoScript(source, { run: true });
  await playground.waitForStatus("done", { step: 6 });
  const [worker] = page.workers();
  // The worker hangs on the Reset itself, before its handler can answer it:
  // so however long the click takes on a busy machine, the worker answers
  // every ping until then, and Reset's 1 s timeout, not the 2 s heartbeat, is
  // what finds it silent.
  await worker!.evaluate(() => {
    const handle = self.onmessage!;
    self.onmessage = (event: MessageEvent<{ type?: string }>) => {
      if (event.data.type === "reset") for (;;);
      handle.call(self, event);
    };
  });
  await playground.resetButton.click();
  await expect(playground.banner).toContainText("did not answer Reset in time");
  await playground.waitForStatus("idle", { step: 0 });
  expect(await playground.scriptText()).toBe(source);
  await playground.stepButton.click();
  await playground.waitForStatus("paused", { step: 1 });
});

test("a reload brings back the script, capacity, speed and memory budget", async ({
  playground,
}) => {
  await playground.goto();
  const source = "# typed by hand\nmine = acquire 8KB\n";
  await playground.replaceScript(source);
  await playground.capacity.fill("7");
  await playground.setSpeed("10 steps/s");
  await playground.memoryBudget.fill("64");

  await playground.page.reload();
  await expect.poll(() => playground.scriptText()).toBe(source);
  await expect(playground.capacity).toHaveValue("7");
  await expect(playground.speed).toHaveValue("10");
  await expect(playground.memoryBudget).toHaveValue("64");
  await expect(playground.classButton(0)).toHaveAttribute("data-capacity", "7");
});
