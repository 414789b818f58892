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

  it("gives null when the engine stops with an error", () => {
    const shape = { name: "broken", script: "release oldest" };
    expect(measureInFork(bundle, { shape, steps: null, parts: false })).toBeNull();
  });
});
