import { describe, expect, it } from "vitest";
import { emptySnapshot, type RunStatus } from "../worker/protocol.ts";
import { parseShareHash } from "./shareLink.ts";
import type { ToWorker } from "../worker/protocol.ts";
import { MIB, createPlaygroundStore } from "./store.ts";

function storeWith(sent: ToWorker[]) {
  return createPlaygroundStore(
    (command) => sent.push(command),
    () => "http://example.test/pp/#old",
  );
}

describe("store", () => {
  it.each<[RunStatus, number, object]>([
    ["idle", 0, { run: false }],
    ["paused", 7, { run: true, step: 7 }],
    ["done", 30, { run: true }],
  ])("Share when %s at step %i links to what is on screen", (status, step, expected) => {
    const store = storeWith([]);
    store.setState({
      source: "a = acquire 1",
      capacity: 3,
      snapshot: { ...emptySnapshot(3), status, step },
    });
    const url = store.getState().shareUrl();
    expect(url.startsWith("http://example.test/pp/#script=")).toBe(true);
    expect(parseShareHash(url.slice(url.indexOf("#")))).toEqual({
      source: "a = acquire 1",
      capacity: 3,
      motion: true,
      ...expected,
    });
  });

  it("Share keeps Compare's capacity B", () => {
    const sent: ToWorker[] = [];
    const store = storeWith(sent);
    store.setState({ source: "a = acquire 1", capacity: 3 });
    store.getState().setCompare(12);
    store.getState().setCompare(12);
    const url = store.getState().shareUrl();
    expect(parseShareHash(url.slice(url.indexOf("#")))).toMatchObject({ capacity: 3, compare: 12 });
    store.getState().setCompare(null);
    expect(
      parseShareHash(
        store
          .getState()
          .shareUrl()
          .replace(/^[^#]*/, ""),
      ),
    ).not.toHaveProperty("compare");
    expect(sent).toEqual([
      { type: "compare", capacity: 12 },
      { type: "compare", capacity: null },
    ]);
  });

  it("reloads the worker when the script, capacity or budget changes, and runs at the chosen speed", () => {
    const sent: ToWorker[] = [];
    const store = storeWith(sent);
    store.getState().setSource("b = acquire 2");
    store.getState().setCapacity(8);
    store.getState().setMemoryBudgetMiB(64);
    store.getState().setSpeed("max");
    store.getState().run();
    store.getState().send({ type: "stepBack" });
    expect(sent).toEqual([
      { type: "load", source: "b = acquire 2", capacity: 4, memoryBudgetBytes: 512 * MIB },
      { type: "load", source: "b = acquire 2", capacity: 8, memoryBudgetBytes: 512 * MIB },
      { type: "load", source: "b = acquire 2", capacity: 8, memoryBudgetBytes: 64 * MIB },
      { type: "speed", speed: "max" },
      { type: "run", speed: "max" },
      { type: "stepBack" },
    ]);
  });

  it("Use capacity N changes the script's own capacity line, which would win over the setting", () => {
    const sent: ToWorker[] = [];
    const store = storeWith(sent);
    store.getState().setSource("capacity 2 # shallow\na = acquire 4KB");
    store.getState().applyCapacity(7);
    expect(store.getState().source).toBe("capacity 7 # shallow\na = acquire 4KB");
    expect(store.getState().capacity).toBe(7);
    expect(sent.at(-1)).toEqual({
      type: "load",
      source: "capacity 7 # shallow\na = acquire 4KB",
      capacity: 7,
      memoryBudgetBytes: 512 * MIB,
    });
  });

  it("Use capacity N leaves a script without a capacity line as it is", () => {
    const store = storeWith([]);
    store.getState().setSource("a = acquire 4KB");
    store.getState().applyCapacity(5);
    expect(store.getState().source).toBe("a = acquire 4KB");
    expect(store.getState().capacity).toBe(5);
  });
});
