import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { onTick } from "./tick.ts";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** performance.now() at which each callback ran. */
function recorder() {
  const calls: Record<string, number[]> = {};
  const make = (name: string) => () => (calls[name] ??= []).push(performance.now());
  return { calls, make };
}

describe("onTick", () => {
  it("calls every view due on a tick in the same task, on the interval's grid", () => {
    vi.advanceTimersByTime(1030);
    const { calls, make } = recorder();
    onTick(100, 0, make("a"));
    vi.advanceTimersByTime(40);
    onTick(100, 0, make("b"));
    vi.advanceTimersByTime(100);
    // Both at 1100, the grid point after 1030, not 100 ms after each asked.
    expect(calls).toEqual({ a: [1100], b: [1100] });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps views of another phase on their own grid", () => {
    vi.advanceTimersByTime(1010);
    const { calls, make } = recorder();
    onTick(250, 0, make("bars"));
    onTick(250, 125, make("line"));
    vi.advanceTimersByTime(500);
    expect(calls).toEqual({ bars: [1250], line: [1125] });
  });

  it("a view taken off is not called, and the last one off stops the timer", () => {
    const { calls, make } = recorder();
    const offA = onTick(100, 0, make("a"));
    const offB = onTick(100, 0, make("b"));
    offA();
    expect(vi.getTimerCount()).toBe(1);
    offB();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual({});
  });

  it("taking a view off after its tick does not cancel the next tick of others", () => {
    const { calls, make } = recorder();
    const off = onTick(100, 0, make("a"));
    vi.advanceTimersByTime(100);
    onTick(100, 0, make("b"));
    off();
    vi.advanceTimersByTime(100);
    expect(calls).toEqual({ a: [100], b: [200] });
  });
});
