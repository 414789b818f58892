/**
 * Recycle rate (%) and misses over the run, with a line at the current step.
 * Loaded lazily with recharts; animation is always off.
 */
import { useMemo } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis } from "recharts";
import type { PlaygroundState } from "../../store/index.ts";
import { chartData } from "./recycleChartData.ts";
import { chartFrame, lineLook, xAxisLook, yAxisLook } from "./chartLook.ts";
import { CHART_REDRAW_MS, useThrottledStore } from "../common/useThrottledStore.ts";

interface Drawn {
  readonly series: PlaygroundState["series"];
  readonly step: number;
  readonly running: boolean;
}

let drawn: Drawn = { series: [], step: 0, running: false };

/** The series, the step and whether a run goes on as one value, the same object while none changes: one redraw for all. */
const selectDrawn = (s: PlaygroundState): Drawn => {
  const running = s.snapshot.status === "running";
  if (drawn.series !== s.series || drawn.step !== s.snapshot.step || drawn.running !== running) {
    drawn = { series: s.series, step: s.snapshot.step, running };
  }
  return drawn;
};

/**
 * Props that stay the same object from redraw to redraw: recharts 3 keeps its
 * axes' settings in a store of its own, and a new array here, equal or not,
 * makes it remove and add the axis again and recompute every selector.
 */
const RATE_DOMAIN = [0, 100];
const RATE_TICKS = [0, 50, 100];

/** 1, 2, 5, 10, 20, 50, … — the first at or above `n`, so axis labels change seldom. */
export function niceCeil(n: number): number {
  if (n <= 10) return Math.max(1, Math.ceil(n));
  const power = 10 ** Math.floor(Math.log10(n));
  const factor = [1, 2, 5, 10].find((f) => f * power >= n) ?? 10;
  return factor * power;
}

/** The chart of `series`; before the first step it says what will appear. */
export default function RecycleChart() {
  // Half an interval after the bar chart, so the two never redraw in the same frame.
  const { series, step, running } = useThrottledStore(
    selectDrawn,
    CHART_REDRAW_MS,
    "after-status",
    CHART_REDRAW_MS / 2,
  );
  const data = useMemo(() => chartData(series, running), [series, running]);
  const lastStep = niceCeil(Math.max(step, data.at(-1)?.step ?? 0));
  // The same elements while the step axis's end stays (see `ClassBarChart.tsx`);
  // only the line at the current step is new at each redraw.
  const parts = useMemo(
    () => (
      <>
        <CartesianGrid vertical={false} stroke="var(--grid)" />
        <XAxis
          dataKey="step"
          type="number"
          domain={[0, lastStep]}
          allowDecimals={false}
          {...xAxisLook}
        />
        <YAxis yAxisId="rate" domain={RATE_DOMAIN} ticks={RATE_TICKS} unit="%" {...yAxisLook} />
        <YAxis yAxisId="misses" orientation="right" allowDecimals={false} {...yAxisLook} />
        <Line yAxisId="rate" dataKey="rate" stroke="var(--free)" {...lineLook} />
        <Line yAxisId="misses" dataKey="misses" stroke="var(--miss)" {...lineLook} />
      </>
    ),
    [lastStep],
  );
  return (
    <div className="recycle-chart-size" aria-hidden="true" data-testid="recycle-chart">
      {data.length === 0 ? (
        <p className="chart-empty">The chart fills in as the script runs.</p>
      ) : null}
      <LineChart {...chartFrame} data={data}>
        {parts}
        <ReferenceLine yAxisId="rate" x={step} stroke="var(--text-faint)" strokeDasharray="3 3" />
      </LineChart>
    </div>
  );
}
