// The one place ui/ reaches into script/: to prove every preset the page offers
// compiles and runs to its end with the real language, not a copy of it.
import { describe, expect, it } from "vitest";
import { compile } from "../../script/index.ts";
import { DEFAULT_PRESET_ID, PRESETS, presetById } from "./presets.ts";

describe("presets", () => {
  it("offers the seven lessons of SPEC §4, warm-up first", () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      "warm-up",
      "steady-state",
      "capacity-overflow",
      "oversized-bypass",
      "rounding-waste",
      "grown-buffer-pollution",
      "bursty-workload",
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
});
