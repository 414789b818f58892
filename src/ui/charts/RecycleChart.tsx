/**
 * Recycle rate (%) and misses over the run, with a line at the current step.
 * Loaded lazily with recharts; animation is always off.
 */
import { useMemo } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis } from "recharts";
import type { PlaygroundState } from "../../store/index.ts";
import { chartFrame, lineLook, xAxisLook, yAxisLook } from "./chartLook.ts";
import { CHART_REDRAW_MS, useThrottledStore } from "../common/useThrottledStore.ts";

const selectSeries = (s: PlaygroundState) => s.series;
const selectStep = (s: PlaygroundState) => s.snapshot.step;

/** 1, 2, 5, 10, 20, 50, … — the first at or above `n`, so axis labels change seldom. */
export function niceCeil(n: number): number {
  if (n <= 10) return Math.max(1, Math.ceil(n));
  const power = 10 ** Math.floor(Math.log10(n));
  const factor = [1, 2, 5, 10].find((f) => f * power >= n) ?? 10;
  return factor * power;
}

/** The chart of `series`; before the first step it says what will appear. */
export default function RecycleChart() {
  const series = useThrottledStore(selectSeries, CHART_REDRAW_MS, "after-status");
  const step = useThrottledStore(selectStep, CHART_REDRAW_MS, "after-status");
  const data = useMemo(
    () => series.map((p) => ({ step: p.step, rate: p.recycleRate * 100, misses: p.misses })),
    [series],
  );
  const lastStep = niceCeil(Math.max(step, data.at(-1)?.step ?? 0));
  return (
    <div className="recycle-chart-size" aria-hidden="true" data-testid="recycle-chart">
      {data.length === 0 ? (
        <p className="chart-empty">The chart fills in as the script runs.</p>
      ) : null}
      <LineChart {...chartFrame} data={data}>
        <CartesianGrid vertical={false} stroke="var(--grid)" />
        <XAxis
          dataKey="step"
          type="number"
          domain={[0, lastStep]}
          allowDecimals={false}
          {...xAxisLook}
        />
        <YAxis yAxisId="rate" domain={[0, 100]} ticks={[0, 50, 100]} unit="%" {...yAxisLook} />
        <YAxis yAxisId="misses" orientation="right" allowDecimals={false} {...yAxisLook} />
        <Line yAxisId="rate" dataKey="rate" stroke="var(--free)" {...lineLook} />
        <Line yAxisId="misses" dataKey="misses" stroke="var(--miss)" {...lineLook} />
        <ReferenceLine yAxisId="rate" x={step} stroke="var(--text-faint)" strokeDasharray="3 3" />
      </LineChart>
    </div>
  );
}
