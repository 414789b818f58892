import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeBrowser, type FakeTab } from "../testing/fakeStorage.ts";
import { fakeWorkers } from "../testing/fakeWorker.ts";
import { emptySnapshot, type ToWorker } from "../worker/protocol.ts";
import { OTHER_TAB_NOTICE, boot, type Playground } from "./boot.ts";
import { STORAGE_KEY, type Saved } from "./persistence.ts";
import { encodeShareHash } from "./shareLink.ts";
import { DEFAULTS, MIB } from "./store.ts";

const PRESET = "a = acquire 4KB\nrelease a\n";
const SAVED: Saved = {
  source: "b = acquire 8KB\n",
  capacity: 2,
  speed: "max",
  memoryBudgetMiB: 64,
};
const LINKED = "c = acquire 16KB\nrelease c\n";
const BROKEN = "#script=ACTCmv&run=1";

function load(source: string, capacity: number, memoryBudgetMiB: number): ToWorker {
  return { type: "load", source, capacity, memoryBudgetBytes: memoryBudgetMiB * MIB };
}

let running: Playground[] = [];

function bootWith(page: {
  hash?: string;
  saved?: Saved | null;
  reducedMotion?: boolean;
  /** Site data blocked: reading localStorage threw. */
  blocked?: boolean;
  /** The browser and the tab it opens in; a new tab of a new browser by default. */
  browser?: FakeBrowser;
  tab?: FakeTab;
}) {
  const browser = page.browser ?? new FakeBrowser(page.saved ?? null);
  const tab = page.tab ?? browser.openTab();
  const { workers, createWorker } = fakeWorkers();
  const frames: (() => void)[] = [];
  const forgetLink = vi.fn();
  const playground = boot(
    {
      hash: page.hash ?? "",
      storage: page.blocked ? undefined : tab.storage,
      tabStorage: page.blocked ? undefined : tab.tabStorage,
      watchOtherTabs: tab.watchOtherTabs,
      defaultSource: PRESET,
      prefersReducedMotion: page.reducedMotion ?? false,
      pageUrl: () => `http://example.test/pp/${page.hash ?? ""}`,
      forgetLink,
      frame: (callback) => frames.push(callback),
    },
    createWorker,
  );
  running.push(playground);
  return {
    store: playground.store,
    openShareLink: playground.openShareLink,
    openScript: playground.openScript,
    embedded: playground.embedded,
    /** The browser's localStorage. */
    storage: browser.local,
    browser,
    tab,
    /** Called when the link should leave the address bar. */
    forgetLink,
    /** Closes the page, as a reload or closing the tab does. */
    close: () => playground.stop(),
    workers,
    /** What the first worker was sent. */
    posted: workers[0]!.posted,
    nextFrame: () => frames.splice(0).forEach((callback) => callback()),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  running.forEach((playground) => playground.stop());
  running = [];
  vi.useRealTimers();
});

describe("boot", () => {
  it.each<{
    case: string;
    hash?: string;
    saved?: Saved;
    source: string;
    capacity: number;
    notice: string | null;
    posted: ToWorker[];
  }>([
    {
      case: "a first visit shows the default preset",
      source: PRESET,
      capacity: DEFAULTS.capacity,
      notice: null,
      posted: [load(PRESET, DEFAULTS.capacity, DEFAULTS.memoryBudgetMiB)],
    },
    {
      case: "a return visit restores the saved script and settings",
      saved: SAVED,
      source: SAVED.source,
      capacity: SAVED.capacity,
      notice: null,
      posted: [load(SAVED.source, SAVED.capacity, SAVED.memoryBudgetMiB)],
    },
    {
      case: "a link with run=1 loads its script at its capacity and runs it to the end",
      hash: encodeShareHash({ source: LINKED, capacity: 8, run: true }),
      saved: SAVED,
      source: LINKED,
      capacity: 8,
      notice: null,
      posted: [load(LINKED, 8, SAVED.memoryBudgetMiB), { type: "run", speed: "max" }],
    },
    {
      case: "a link with step=N runs to step N",
      hash: encodeShareHash({ source: LINKED, run: true, step: 5 }),
      source: LINKED,
      capacity: DEFAULTS.capacity,
      notice: null,
      posted: [
        load(LINKED, DEFAULTS.capacity, DEFAULTS.memoryBudgetMiB),
        { type: "run", speed: "max", untilStep: 5 },
      ],
    },
    {
      case: "a link with compare=N compares with capacity B = N, then runs",
      hash: encodeShareHash({ source: LINKED, capacity: 2, run: true, step: 9, compare: 6 }),
      source: LINKED,
      capacity: 2,
      notice: null,
      posted: [
        load(LINKED, 2, DEFAULTS.memoryBudgetMiB),
        { type: "compare", capacity: 6 },
        { type: "run", speed: "max", untilStep: 9 },
      ],
    },
    {
      case: "a link without run=1 only loads",
      hash: encodeShareHash({ source: LINKED, capacity: 3, run: false }),
      source: LINKED,
      capacity: 3,
      notice: null,
      posted: [load(LINKED, 3, DEFAULTS.memoryBudgetMiB)],
    },
    {
      case: "a broken link says so and loads the last saved script",
      hash: BROKEN,
      saved: SAVED,
      source: SAVED.source,
      capacity: SAVED.capacity,
      notice:
        "This share link could not be opened: the script in this link is damaged or cut short. Your last saved script was loaded instead.",
      posted: [load(SAVED.source, SAVED.capacity, SAVED.memoryBudgetMiB)],
    },
    {
      case: "a broken link on a first visit loads the preset",
      hash: "#script=Q&capacity=x",
      source: PRESET,
      capacity: DEFAULTS.capacity,
      notice:
        "This share link could not be opened: 'capacity=x' in this link is not a whole number. The warm-up preset was loaded instead.",
      posted: [load(PRESET, DEFAULTS.capacity, DEFAULTS.memoryBudgetMiB)],
    },
  ])("$case", (expected) => {
    const page = bootWith(expected);
    const state = page.store.getState();
    expect({ source: state.source, capacity: state.capacity, notice: state.notice }).toEqual({
      source: expected.source,
      capacity: expected.capacity,
      notice: expected.notice,
    });
    expect(page.posted).toEqual(expected.posted);
    expect(page.workers).toHaveLength(1);
  });

  it("saves nothing at start-up, and a link never overwrites the saved script", () => {
    const first = bootWith({});
    expect(first.storage.saved()).toBeNull();
    const linked = bootWith({
      hash: encodeShareHash({ source: LINKED, capacity: 9, run: true }),
      saved: SAVED,
    });
    expect(linked.storage.saved()).toEqual(SAVED);
  });

  it("saves every change to the script and settings, and sends the worker what it needs", () => {
    const page = bootWith({ saved: SAVED });
    const { setSource, setCapacity, setSpeed, setMemoryBudgetMiB } = page.store.getState();
    setSource("d = acquire 1");
    setCapacity(6);
    setSpeed(10);
    setMemoryBudgetMiB(128);
    expect(page.storage.saved()).toEqual({
      source: "d = acquire 1",
      capacity: 6,
      speed: 10,
      memoryBudgetMiB: 128,
    });
    expect(page.posted.slice(1)).toEqual([
      load("d = acquire 1", 2, 64),
      load("d = acquire 1", 6, 64),
      { type: "speed", speed: 10 },
      load("d = acquire 1", 6, 128),
    ]);
  });

  it("saves a linked script once it is edited: then it is the visitor's work", () => {
    const page = bootWith({ hash: encodeShareHash({ source: LINKED, run: false }), saved: SAVED });
    expect(page.forgetLink).not.toHaveBeenCalled();
    page.store.getState().setSource(`${LINKED}# mine now\n`);
    expect(page.storage.saved()?.source).toBe(`${LINKED}# mine now\n`);
    // A reload must open the edit, not the link again.
    expect(page.forgetLink).toHaveBeenCalledOnce();
    page.store.getState().setSource(`${LINKED}# mine still\n`);
    expect(page.forgetLink).toHaveBeenCalledOnce();
  });

  it("leaves the address bar alone when no link was opened", () => {
    const page = bootWith({ saved: SAVED });
    page.store.getState().setSource("mine = acquire 4KB");
    expect(page.forgetLink).not.toHaveBeenCalled();
  });

  it("keeps a saved script whose settings are outside their limits, with the defaults", () => {
    const browser = new FakeBrowser();
    browser.local.setItem(
      STORAGE_KEY,
      JSON.stringify({ ...SAVED, capacity: 9_999_999_999, speed: 0, memoryBudgetMiB: -1 }),
    );
    const page = bootWith({ browser });
    expect(page.store.getState()).toMatchObject({
      source: SAVED.source,
      capacity: DEFAULTS.capacity,
      speed: DEFAULTS.speed,
      memoryBudgetMiB: DEFAULTS.memoryBudgetMiB,
    });
  });

  it("refuses a link whose capacity is over the limit, in the words of a capacity line", () => {
    const page = bootWith({
      hash: encodeShareHash({ source: LINKED, capacity: 9_999_999_999, run: true }),
      saved: SAVED,
    });
    expect(page.store.getState()).toMatchObject({
      source: SAVED.source,
      capacity: SAVED.capacity,
      notice:
        "This share link could not be opened: '9999999999' is too large: capacity is at most " +
        "1000000 buffers per size class. Your last saved script was loaded instead.",
    });
    expect(page.posted).toEqual([load(SAVED.source, SAVED.capacity, SAVED.memoryBudgetMiB)]);
  });

  it("says when site data is blocked, and the page works without it", () => {
    const page = bootWith({ blocked: true });
    expect(page.store.getState()).toMatchObject({ source: PRESET, saveProblem: "blocked" });
    page.store.getState().setSource("kept = acquire 8KB");
    expect(page.store.getState().saveProblem).toBe("blocked");
    expect(page.posted.at(-1)).toEqual(
      load("kept = acquire 8KB", DEFAULTS.capacity, DEFAULTS.memoryBudgetMiB),
    );
  });

  it("says when the storage is full, and stops saying so once a save goes through", () => {
    const page = bootWith({ saved: SAVED });
    expect(page.store.getState().saveProblem).toBeNull();
    page.storage.full = true;
    page.store.getState().setSource("lost = acquire 4KB");
    expect(page.store.getState().saveProblem).toBe("full");
    expect(page.storage.saved()).toEqual(SAVED);
    page.storage.full = false;
    page.store.getState().setSource("kept = acquire 4KB");
    expect(page.store.getState().saveProblem).toBeNull();
    expect(page.storage.saved()?.source).toBe("kept = acquire 4KB");
  });

  it.each([
    ["no preference, no motion=off", false, true, true],
    ["motion=off in the link", false, false, false],
    ["prefers-reduced-motion", true, true, false],
  ])("motion with %s", (_, reducedMotion, linkMotion, expected) => {
    const hash = encodeShareHash({ source: LINKED, run: false, motion: linkMotion });
    expect(bootWith({ hash, reducedMotion }).store.getState().motion).toBe(expected);
    expect(bootWith({ reducedMotion }).store.getState().motion).toBe(!reducedMotion);
  });

  it("opens a link given later (hashchange) in the running page", () => {
    const page = bootWith({ saved: SAVED });
    expect(page.openShareLink("#motion=off")).toBe(false);
    expect(page.openShareLink(BROKEN)).toBe(false);
    expect(page.store.getState().notice).toMatch(/Your current script was loaded instead\.$/);
    expect(page.openShareLink(encodeShareHash({ source: LINKED, run: true, step: 2 }))).toBe(true);
    expect(page.store.getState()).toMatchObject({ source: LINKED, notice: null });
    expect(page.posted.slice(1)).toEqual([
      load(LINKED, SAVED.capacity, SAVED.memoryBudgetMiB),
      { type: "run", speed: "max", untilStep: 2 },
    ]);
    expect(page.storage.saved()).toEqual(SAVED);
  });

  it("shows a host's script as a link does: never saved over the visitor's", () => {
    const page = bootWith({ saved: SAVED });
    page.openScript(LINKED, 5);
    page.openScript(LINKED);
    expect(page.store.getState()).toMatchObject({ source: LINKED, capacity: 5 });
    expect(page.posted.slice(1)).toEqual([load(LINKED, 5, 64), load(LINKED, 5, 64)]);
    expect(page.storage.saved()).toEqual(SAVED);
  });

  it("the embed (embed=1) neither opens nor writes the saved script, and warns of nothing", () => {
    const browser = new FakeBrowser(SAVED);
    const tab = browser.openTab();
    const page = bootWith({ hash: "#embed=1", browser, tab });
    expect(page.embedded).toBe(true);
    expect(page.store.getState()).toMatchObject({ source: PRESET, saveProblem: null });
    const { setSource, setCapacity, setSpeed } = page.store.getState();
    setSource("mine = acquire 1");
    setCapacity(3);
    setSpeed("max");
    page.openScript(LINKED, 2);
    expect(browser.local.saved()).toEqual(SAVED);
    expect(tab.tabStorage.saved()).toBeNull();
    expect(page.forgetLink).not.toHaveBeenCalled();

    const linked = bootWith({ hash: `${encodeShareHash({ source: LINKED, run: true })}&embed=1` });
    expect(linked.embedded).toBe(true);
    expect(linked.store.getState().source).toBe(LINKED);
    expect(bootWith({ hash: "#embed=1", blocked: true }).store.getState().saveProblem).toBeNull();
  });

  it("writes what the worker reports into the store once a frame", () => {
    const page = bootWith({});
    const worker = page.workers[0]!;
    worker.report({ type: "loaded", capacity: 7, snapshot: emptySnapshot(7) });
    worker.report({ type: "snapshot", snapshot: { ...emptySnapshot(7, "running"), step: 3 } });
    expect(page.store.getState().snapshot.step).toBe(0);
    page.nextFrame();
    expect(page.store.getState()).toMatchObject({
      effectiveCapacity: 7,
      snapshot: { status: "running", step: 3 },
    });
  });

  it("after a worker crash says so and loads the script into the new worker", () => {
    const page = bootWith({ saved: SAVED });
    page.store.getState().setSource("e = acquire 2");
    page.workers[0]!.crash("boom");
    expect(page.store.getState().notice).toBe(
      "The pool worker crashed (boom) and was restarted. Your script is safe.",
    );
    expect(page.workers[1]!.posted).toEqual([load("e = acquire 2", SAVED.capacity, 64)]);
  });

  it("starts no worker on import", async () => {
    const createWorker = vi.fn();
    vi.stubGlobal("Worker", createWorker);
    vi.resetModules();
    await import("./index.ts");
    expect(createWorker).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});

describe("two tabs", () => {
  type Page = ReturnType<typeof bootWith>;
  const type = (page: Page, source: string) => page.store.getState().setSource(source);
  const sourceOf = (page: Page) => page.store.getState().source;
  const noticeOf = (page: Page) => page.store.getState().notice;

  it("each keeps its own script across its reloads; a new tab opens the one saved last", () => {
    const browser = new FakeBrowser();
    const a = bootWith({ browser });
    type(a, "# TAB A WORK\n");
    const b = bootWith({ browser });
    expect(sourceOf(b), "a new tab").toBe("# TAB A WORK\n");
    type(b, "# TAB B WORK\n");

    a.close();
    const aReloaded = bootWith({ browser, tab: a.tab });
    expect(sourceOf(aReloaded)).toBe("# TAB A WORK\n");
    expect(noticeOf(aReloaded), "told that another tab saved since").toBe(OTHER_TAB_NOTICE);
    type(aReloaded, "# TAB A WORK, more\n");

    b.close();
    expect(sourceOf(bootWith({ browser, tab: b.tab })), "B's work is B's").toBe("# TAB B WORK\n");
    expect(sourceOf(bootWith({ browser })), "saved last").toBe("# TAB A WORK, more\n");
  });

  it("a tab that changed nothing keeps what it opened, whatever others save", () => {
    const browser = new FakeBrowser(SAVED);
    const a = bootWith({ browser });
    const c = bootWith({ browser });
    type(a, "# A\n");
    c.close();
    expect(sourceOf(bootWith({ browser, tab: c.tab }))).toBe(SAVED.source);
  });

  it("says once that another tab saved a different script, until this tab saves again", () => {
    const browser = new FakeBrowser();
    const a = bootWith({ browser });
    const b = bootWith({ browser });
    type(b, PRESET);
    expect(noticeOf(a), "the same script is nothing to tell").toBeNull();
    type(b, "# B 1\n");
    expect(noticeOf(a)).toBe(OTHER_TAB_NOTICE);
    a.store.getState().dismissNotice();
    type(b, "# B 2\n");
    expect(noticeOf(a), "told already").toBeNull();
    type(a, "# A 1\n");
    expect(noticeOf(b)).toBe(OTHER_TAB_NOTICE);
    type(b, "# B 3\n");
    expect(noticeOf(a), "A saved since it was told").toBe(OTHER_TAB_NOTICE);
  });

  it("does not tell a freshly opened tab of the script it opened", () => {
    const browser = new FakeBrowser(SAVED);
    expect(noticeOf(bootWith({ browser }))).toBeNull();
    const a = bootWith({ browser });
    a.close();
    expect(noticeOf(bootWith({ browser, tab: a.tab }))).toBeNull();
  });
});
