import { describe, expect, it } from "vitest";
import { emptySnapshot, type RunStatus } from "../engine/types.ts";
import { parseShareHash } from "./shareLink.ts";
import { createPlaygroundStore, type PoolCommands } from "./store.ts";

function storeWith(sent: string[]) {
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      sent.push(`${name} ${JSON.stringify(args)}`);
  const commands = new Proxy({} as PoolCommands, { get: (_, name: string) => record(name) });
  return createPlaygroundStore(commands, () => "http://example.test/pp/#old");
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

  it("reloads the worker when the script, capacity or budget changes, and runs at the chosen speed", () => {
    const sent: string[] = [];
    const store = storeWith(sent);
    store.getState().setSource("b = acquire 2");
    store.getState().setCapacity(8);
    store.getState().setMemoryBudgetMiB(64);
    store.getState().setSpeed("max");
    store.getState().run();
    store.getState().stepBack();
    expect(sent).toEqual([
      `load ["b = acquire 2",4,${512 * 1024 * 1024}]`,
      `load ["b = acquire 2",8,${512 * 1024 * 1024}]`,
      `load ["b = acquire 2",8,${64 * 1024 * 1024}]`,
      'setSpeed ["max"]',
      'run ["max"]',
      "stepBack []",
    ]);
  });
});
