/**
 * One curve of a capacity sweep against capacity_per_class, pool-wide or for
 * one class, with a line at the recommended capacity. Loaded lazily with
 * recharts; animation is always off, so redraws while a sweep runs cost little.
 */
import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis } from "recharts";
import type { SweepPoint } from "../../worker/protocol.ts";
import { formatAmount, formatCount, formatPercent } from "../common/format.ts";
import { chartFrame, lineLook, xAxisLook, yAxisLook } from "./chartLook.ts";
import { isBytes, metricOf, type SweepMetric, type SweepScope } from "./sweepMetrics.ts";

/** The same object from redraw to redraw (see `RecycleChart.tsx`). */
const CAPACITY_DOMAIN = ["dataMin", "dataMax"];

/** The chart of a sweep's points for one metric and scope. */
export default function SweepChart({
  points,
  metric,
  scope,
  marked,
}: {
  points: readonly SweepPoint[];
  metric: SweepMetric;
  scope: SweepScope;
  /** The capacity to mark (the recommendation), or null. */
  marked: number | null;
}) {
  const data = points
    .filter((point) => point.error === null)
    .map((point) => ({ capacity: point.capacity, value: metricOf(point, metric, scope) }));
  const format =
    metric === "recycleRate" ? formatPercent : isBytes(metric) ? formatAmount : formatCount;
  return (
    <div
      className="recycle-chart-size"
      aria-hidden="true"
      data-testid="sweep-chart"
      data-metric={metric}
      data-scope={scope}
    >
      <LineChart {...chartFrame} data={data}>
        <CartesianGrid vertical={false} stroke="var(--grid)" />
        <XAxis dataKey="capacity" type="number" domain={CAPACITY_DOMAIN} {...xAxisLook} />
        <YAxis {...yAxisLook} width={64} tickFormatter={(value: number) => format(value)} />
        <Line
          dataKey="value"
          stroke={metric === "misses" ? "var(--miss)" : "var(--free)"}
          {...lineLook}
        />
        {marked !== null ? (
          <ReferenceLine x={marked} stroke="var(--text-faint)" strokeDasharray="3 3" />
        ) : null}
      </LineChart>
    </div>
  );
}
