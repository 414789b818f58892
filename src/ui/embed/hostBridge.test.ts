import { describe, expect, it, vi } from "vitest";
import { createStore } from "zustand/vanilla";
import type { PlaygroundState, PlaygroundStore } from "../../store/index.ts";
import { emptySnapshot, type Snapshot, type ToWorker } from "../../worker/protocol.ts";
import { connectHost, talksToHost, type HostWindow } from "./hostBridge.ts";

function setUp() {
  const sent: ToWorker[] = [];
  const store = createStore(() => ({
    snapshot: emptySnapshot(4),
    send: (command: ToWorker) => sent.push(command),
    run: () => sent.push({ type: "run", speed: 4 }),
  })) as unknown as PlaygroundStore;
  const toParent: unknown[] = [];
  const listeners = new Set<(event: MessageEvent) => void>();
  const parent = {
    postMessage: (message: unknown) => void toParent.push(message),
  } as Pick<Window, "postMessage">;
  const window: HostWindow = {
    parent,
    addEventListener: (_, listener) => listeners.add(listener),
    removeEventListener: (_, listener) => listeners.delete(listener),
  };
  const frames: (() => void)[] = [];
  const openScript = vi.fn();
  const disconnect = connectHost(window, store, { openScript }, (callback) =>
    frames.push(callback),
  );
  return {
    sent,
    toParent,
    openScript,
    disconnect,
    listeners,
    /** A message arrives from `from` (the parent unless said). */
    receive(data: unknown, from: unknown = parent) {
      listeners.forEach((listener) => listener({ data, source: from } as MessageEvent));
    },
    show(snapshot: Partial<Snapshot>) {
      store.setState({
        snapshot: { ...store.getState().snapshot, ...snapshot },
      } as PlaygroundState);
    },
    nextFrame: () => frames.splice(0).forEach((callback) => callback()),
  };
}

describe("connectHost", () => {
  it("obeys the parent's commands and ignores anything else", () => {
    const host = setUp();
    host.receive({ source: "pool-playground", type: "load", script: "a = acquire 1", capacity: 2 });
    host.receive({ source: "pool-playground", type: "goto", step: 5 });
    host.receive({ source: "pool-playground", type: "pause" });
    host.receive({ source: "pool-playground", type: "run" });
    host.receive({ source: "pool-playground", type: "run" }, { other: "window" });
    host.receive({ source: "pool-playground", type: "goto", step: -1 });
    host.receive("pause");
    expect(host.openScript.mock.calls).toEqual([["a = acquire 1", 2]]);
    expect(host.sent).toEqual([
      { type: "seek", step: 5 },
      { type: "run", speed: "max", untilStep: 5 },
      { type: "pause" },
      { type: "run", speed: 4 },
    ]);
  });

  it("tells the parent each new state once a frame, and not the same state twice", () => {
    const host = setUp();
    host.show({ step: 1, status: "running", allocations: 1, misses: 1 });
    host.show({ step: 2, status: "running", allocations: 2, misses: 2 });
    expect(host.toParent).toEqual([]);
    host.nextFrame();
    expect(host.toParent).toEqual([
      expect.objectContaining({ source: "pool-playground", type: "state", step: 2 }),
    ]);
    host.show({ recentEvents: [] });
    host.nextFrame();
    expect(host.toParent).toHaveLength(1);
    host.show({ status: "paused" });
    host.nextFrame();
    expect(host.toParent).toHaveLength(2);
    expect(host.toParent[1]).toMatchObject({ step: 2, status: "paused", allocations: 2 });
  });

  it("stops listening and telling once disconnected", () => {
    const host = setUp();
    host.show({ step: 1 });
    host.disconnect();
    host.nextFrame();
    host.receive({ source: "pool-playground", type: "pause" });
    expect(host.toParent).toEqual([]);
    expect(host.sent).toEqual([]);
    expect(host.listeners.size).toBe(0);
  });

  it("talks to a host only when framed or the embed", () => {
    const top = {} as Window;
    (top as { parent: Window }).parent = top;
    expect(talksToHost(top, false)).toBe(false);
    expect(talksToHost(top, true)).toBe(true);
    expect(talksToHost({ parent: {} as Window }, false)).toBe(true);
  });
});
