import { describe, expect, it } from "vitest";
import { MAX_DRAWN_POINTS, RUNNING_DRAWN_POINTS, chartData } from "./recycleChartData.ts";

const series = Array.from({ length: 512 }, (_, i) => ({
  step: (i + 1) * 1000,
  recycleRate: i / 512,
  misses: i,
}));

describe("the recycle chart's points", () => {
  it.each([
    { running: true, limit: RUNNING_DRAWN_POINTS },
    { running: false, limit: MAX_DRAWN_POINTS },
  ])(
    "draw at most $limit points when running is $running, the last one always",
    ({ running, limit }) => {
      const data = chartData(series, running);
      expect(data.length).toBeLessThanOrEqual(limit);
      expect(data.length).toBeGreaterThan(limit / 2);
      expect(data.at(-1)).toEqual({ step: 512_000, rate: (511 / 512) * 100, misses: 511 });
    },
  );

  it("draws fewer points while a run goes on than once it settles", () => {
    expect(chartData(series, true).length).toBeLessThan(chartData(series, false).length);
  });
});
