// The one place ui/ reaches into script/: to prove every preset the page offers
// compiles and runs to its end with the real language, not a copy of it.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_MEMORY_BUDGET_BYTES, runToEnd } from "../../engine/headless.ts";
import { runSummary } from "../../engine/summary.ts";
import { openWorkload } from "../../engine/workload.ts";
import { Session } from "../../engine/session.ts";
import { compile } from "../../script/index.ts";
import { ANSWERS, outcomeAnswer } from "../../store/predict.ts";
import { DEFAULT_PRESET_ID, PRESETS, TRACE_PRESETS, presetById } from "./presets.ts";

describe("presets", () => {
  it("offers the seven lessons of SPEC §4, warm-up first, then the realistic mix", () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      "warm-up",
      "steady-state",
      "capacity-overflow",
      "oversized-bypass",
      "rounding-waste",
      "grown-buffer-pollution",
      "bursty-workload",
      "realistic-mix",
    ]);
    expect(presetById(DEFAULT_PRESET_ID).id).toBe("warm-up");
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))(
    "%s compiles and runs to the end",
    (_id, preset) => {
      const program = compile(preset.source);
      expect(program.capacity).toBeGreaterThan(0);
      const steps = program.steps();
      let count = 0;
      while (!steps.next().done) count++;
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(5000);
    },
  );

  it.each(PRESETS.map((p) => [p.id, p] as const))(
    "%s asks three questions of its own in predict mode, each what the engine does at that step",
    (_id, preset) => {
      expect(preset.questions.length).toBeGreaterThanOrEqual(3);
      const steps = preset.questions.map((q) => q.step);
      expect(new Set(steps).size).toBe(steps.length);
      const session = new Session(compile(preset.source), {
        capacity: 4,
        memoryBudgetBytes: DEFAULT_MEMORY_BUDGET_BYTES,
      });
      for (const question of preset.questions.toSorted((a, b) => a.step - b.step)) {
        session.advance(question.step - session.step);
        const event = session.snapshot("paused").lastEvent!;
        expect(event.step).toBe(question.step);
        expect(ANSWERS[event.op]).toContain(question.outcome);
        expect(outcomeAnswer(event), `${preset.id} step ${question.step}`).toBe(question.outcome);
        expect(question.reason.length).toBeLessThan(140);
      }
    },
  );

  it("realistic-mix keeps most of its free-list memory in the 1 MiB class, as its lesson says", () => {
    // Replays the steps with one free-list count per class, as the pool keeps
    // them (held buffers by class, released ones kept up to the capacity).
    const preset = presetById("realistic-mix");
    const program = compile(preset.source);
    const capacity = program.capacity!;
    const classOf = (size: number) => Math.max(4096, 2 ** Math.ceil(Math.log2(size)));
    const heldClass = new Map<string, number>();
    const free = new Map<number, number>();
    const requests = new Map<number, number>();
    for (const step of program.steps()) {
      if (step.kind === "acquire") {
        const size = classOf(step.size);
        heldClass.set(step.name, size);
        requests.set(size, (requests.get(size) ?? 0) + 1);
        free.set(size, Math.max(0, (free.get(size) ?? 0) - 1));
      } else if (step.kind === "release") {
        const size = heldClass.get(step.name)!;
        free.set(size, Math.min(capacity, (free.get(size) ?? 0) + 1));
      }
    }
    const bytes = (size: number) => (free.get(size) ?? 0) * size;
    const retained = [...free.keys()].reduce((sum, size) => sum + bytes(size), 0);
    expect(free.get(4096)).toBe(capacity);
    expect(bytes(2 ** 20)).toBe(3 * 2 ** 20);
    expect(retained).toBe(3 * 2 ** 20 + 5 * 65536 + 8 * 4096);
    const all = [...requests.values()].reduce((sum, n) => sum + n, 0);
    expect(requests.get(2 ** 20)! / all).toBeLessThan(0.1);
  });

  it("a real program is the malloc-lab trace its lesson describes", () => {
    expect(TRACE_PRESETS.map((p) => [p.id, p.title])).toEqual([["real-program", "A real program"]]);
    const preset = TRACE_PRESETS[0]!;
    const text = readFileSync(fileURLToPath(preset.url), "utf8");
    // The very bytes of the project's fixture, which the oracle's numbers are checked against.
    const fixture = new URL("../../workload/fixtures/malloc-lab/amptjp-bal.rep", import.meta.url);
    expect(text).toBe(readFileSync(fixture, "utf8"));
    const workload = openWorkload(text, preset.name);
    expect(workload.format).toBe("malloc-lab");
    expect(workload.events).toBe(5694);
    expect(preset.lesson).toContain("5,694 events");
    const summary = runSummary(
      runToEnd(workload.source, { capacity: 4, memoryBudgetBytes: DEFAULT_MEMORY_BUDGET_BYTES }),
    );
    expect(Math.round(summary.recycleRate * 100)).toBe(28);
    expect(preset.lesson).toContain("about 28%");
    const small = summary.classes[0]!;
    expect(small.requests / summary.allocations).toBeGreaterThan(0.99);
    expect(small.peakHeld).toBeGreaterThan(100);
  });
});
