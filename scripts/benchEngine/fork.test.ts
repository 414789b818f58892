import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleChild, measureInFork, type ChildBundle } from "./fork.ts";

describe("a shape measured in a process of its own", () => {
  let bundle: ChildBundle;
  beforeAll(async () => {
    bundle = await bundleChild();
  });
  afterAll(() => bundle.remove());

  it("reports the shape's steps, rates and ratio from the bundled child", () => {
    const shape = {
      name: "pairs",
      script: "capacity 2; repeat 300 { acquire 8KB; release newest }",
    };
    const result = measureInFork(bundle, { shape, steps: null, parts: true });
    expect(result).toMatchObject({ name: "pairs", steps: 600 });
    expect(result!.engineStepsPerSecond).toBeGreaterThan(0);
    expect(result!.sourceStepsPerSecond).toBeGreaterThan(0);
    expect(result!.ratio).toBeCloseTo(result!.engineStepsPerSecond / result!.bareStepsPerSecond, 2);
  });

  it("stops an endless script at the steps asked for", () => {
    const shape = { name: "endless", script: "repeat 1000000000 { a = acquire 4KB; release a }" };
    expect(measureInFork(bundle, { shape, steps: 2000, parts: false })?.steps).toBe(2000);
  });

  it("takes a workload larger than one command-line argument may be", () => {
    // 40,000 trace events, about 330 KB: over Linux's 128 KiB for one argument.
    const rows = ["op,id,size"];
    for (let id = 0; id < 20_000; id++) rows.push(`malloc,${id},${1 + (id % 4096)}`, `free,${id},`);
    const shape = { name: "big.csv", script: rows.join("\n") };
    expect(shape.script.length).toBeGreaterThan(128 * 1024);
    expect(measureInFork(bundle, { shape, steps: null, parts: false })?.steps).toBe(40_000);
  });

  it("gives null when the engine stops with an error", () => {
    const shape = { name: "broken", script: "release oldest" };
    expect(measureInFork(bundle, { shape, steps: null, parts: false })).toBeNull();
  });
});
