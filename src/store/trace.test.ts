// The trace slice through a booted store: a file goes to the worker as it is,
// its reports become what the page shows, a capacity change reads it again,
// and after a reload the page names the trace to open again.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeBrowser } from "../testing/fakeStorage.ts";
import { fakeWorkers } from "../testing/fakeWorker.ts";
import { emptySnapshot } from "../worker/protocol.ts";
import { boot, type Playground } from "./boot.ts";
import { MIB } from "./store.ts";
import { PASTED_NAME } from "./trace.ts";

const SCRIPT = "a = acquire 4KB\nrelease a\n";
const INFO = { name: "t.csv", format: "csv", events: 2, capacity: undefined } as const;

let running: Playground[] = [];
function open(browser = new FakeBrowser(null), tab = browser.openTab()) {
  const { workers, createWorker } = fakeWorkers();
  const frames: (() => void)[] = [];
  const playground = boot(
    {
      hash: "",
      storage: tab.storage,
      tabStorage: tab.tabStorage,
      watchOtherTabs: tab.watchOtherTabs,
      defaultSource: SCRIPT,
      prefersReducedMotion: false,
      pageUrl: () => "http://example.test/",
      forgetLink: () => undefined,
      frame: (callback) => frames.push(callback),
    },
    createWorker,
  );
  running.push(playground);
  const worker = workers[0]!;
  const nextFrame = () => frames.splice(0).forEach((callback) => callback());
  return { store: playground.store, worker, nextFrame, browser, tab, playground };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  running.forEach((playground) => playground.stop());
  running = [];
  vi.useRealTimers();
});

describe("trace files in the store", () => {
  it("sends the Blob itself, shows progress, then the loaded trace", () => {
    const { store, worker, nextFrame } = open();
    const file = new Blob(["op,id,size\nmalloc,a,1\nfree,a,\n"]);
    store.getState().openTrace("t.csv", file);
    const sent = worker.posted.at(-1) as { type: string; source: Blob };
    expect(sent).toMatchObject({ type: "loadTrace", name: "t.csv", capacity: 4 });
    expect(sent.source).toBe(file);
    worker.report({ type: "loadProgress", name: "t.csv", bytesRead: 10, totalBytes: file.size });
    expect(store.getState().traceReading).toMatchObject({ bytesRead: 10, totalBytes: file.size });
    worker.report({ type: "loaded", capacity: 4, snapshot: emptySnapshot(4), trace: INFO });
    nextFrame();
    expect(store.getState().trace).toEqual({ ...INFO, file: { name: "t.csv", source: file } });
    expect(store.getState().traceReading).toBeNull();

    store.getState().setCapacity(9);
    expect(worker.posted.at(-1)).toMatchObject({ type: "loadTrace", name: "t.csv", capacity: 9 });
    store.getState().backToScript();
    expect(store.getState().trace).toBeNull();
    expect(worker.posted.at(-1)).toEqual({
      type: "load",
      source: SCRIPT,
      capacity: 9,
      memoryBudgetBytes: 512 * MIB,
    });
  });

  it("a refusal is kept with its bad lines, and the script stays the workload", () => {
    const { store, worker } = open();
    store.getState().openTrace("bad.rep", "2\n3\nq\n");
    const rejection = {
      name: "bad.rep",
      message: "bad.rep has 1 bad line",
      errors: [{ line: 3, message: "unknown op q" }],
      more: 0,
    };
    worker.report({ type: "rejected", ...rejection });
    expect(store.getState().traceRejection).toEqual(rejection);
    expect(store.getState().traceReading).toBeNull();
    expect(store.getState().trace).toBeNull();
    store.getState().setCapacity(3);
    expect(worker.posted.at(-1)).toMatchObject({ type: "load", source: SCRIPT });
  });

  it("cancel stops the read; a converted trace becomes the script", () => {
    const { store, worker } = open();
    store.getState().openTrace("t.csv", new Blob(["x"]));
    store.getState().cancelTrace();
    expect(worker.posted.at(-1)).toEqual({ type: "cancelLoad" });
    expect(store.getState().traceReading).toBeNull();
    store.getState().convertTrace();
    expect(worker.posted.at(-1)).toEqual({ type: "convertToScript" });
    worker.report({ type: "converted", name: "t.csv", script: "b = acquire 1\n" });
    expect(store.getState().source).toBe("b = acquire 1\n");
    expect(worker.posted.at(-1)).toMatchObject({ type: "load", source: "b = acquire 1\n" });
  });

  it("pasted text opened as a trace puts the script before the paste back", () => {
    const { store, worker } = open();
    const text = "op,id,size\nmalloc,a,1\n";
    store.getState().setSource(SCRIPT + text);
    store.getState().notePaste({ text, before: SCRIPT, after: SCRIPT + text });
    store.getState().openPasteAsTrace();
    expect(store.getState().source).toBe(SCRIPT);
    expect(worker.posted.slice(-2)).toMatchObject([
      { type: "load", source: SCRIPT },
      { type: "loadTrace", name: PASTED_NAME, source: text },
    ]);
    expect(store.getState().pasted).toBeNull();
  });

  it("after a reload names the trace to open again, until dismissed", () => {
    const first = open();
    first.store.getState().openTrace("t.csv", new Blob(["x"]));
    first.worker.report({ type: "loaded", capacity: 4, snapshot: emptySnapshot(4), trace: INFO });
    first.nextFrame();
    first.playground.stop();
    const second = open(first.browser, first.tab);
    expect(second.store.getState().traceForgotten).toBe("t.csv");
    expect(second.store.getState().trace).toBeNull();
    second.playground.stop();
    const third = open(first.browser, first.tab);
    expect(third.store.getState().traceForgotten).toBe("t.csv");
    third.store.getState().dismissTraceMessages();
    third.playground.stop();
    expect(open(first.browser, first.tab).store.getState().traceForgotten).toBeNull();
  });
});
