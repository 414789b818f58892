import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { thinned } from "./thinned.ts";

describe("thinned", () => {
  it("keeps at most the limit, in order, evenly spaced, always with the last point", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 600 }),
        (n, limit) => {
          const points = Array.from({ length: n }, (_, i) => i);
          const kept = thinned(points, limit);
          expect(kept.length).toBeLessThanOrEqual(Math.max(limit, 0));
          if (n <= limit) expect(kept).toBe(points);
          if (n > 0) expect(kept.at(-1)).toBe(n - 1);
          const gaps = kept.slice(1).map((point, i) => point - kept[i]!);
          expect(new Set(gaps).size).toBeLessThanOrEqual(1);
          if (n > limit) expect(kept.length).toBeGreaterThan(limit / 2);
        },
      ),
    );
  });
});
