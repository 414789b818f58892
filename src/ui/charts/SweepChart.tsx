/**
 * Misses and retained memory against capacity_per_class, from a capacity sweep.
 * Loaded lazily with recharts; animation is always off.
 */
import { Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, XAxis, YAxis } from "recharts";
import type { SweepPoint } from "../../worker/protocol.ts";
import { chartFrame, lineLook, xAxisLook, yAxisLook } from "./chartLook.ts";

/** The chart of a sweep's points, with a line at the knee. */
export default function SweepChart({
  points,
  knee,
}: {
  points: readonly SweepPoint[];
  knee: number | null;
}) {
  const data = points.map((p) => ({
    capacity: p.capacity,
    misses: p.misses,
    retainedKiB: p.retainedBytes / 1024,
  }));
  return (
    <div className="recycle-chart-size" aria-hidden="true" data-testid="sweep-chart">
      <ComposedChart {...chartFrame} data={data}>
        <CartesianGrid vertical={false} stroke="var(--grid)" />
        <XAxis dataKey="capacity" {...xAxisLook} />
        <YAxis yAxisId="misses" allowDecimals={false} {...yAxisLook} />
        <YAxis yAxisId="retained" orientation="right" unit=" KiB" {...yAxisLook} width={64} />
        <Bar yAxisId="misses" dataKey="misses" fill="var(--miss)" isAnimationActive={false} />
        <Line yAxisId="retained" dataKey="retainedKiB" stroke="var(--free)" {...lineLook} />
        {knee !== null ? (
          <ReferenceLine
            yAxisId="misses"
            x={knee}
            stroke="var(--text-faint)"
            strokeDasharray="3 3"
          />
        ) : null}
      </ComposedChart>
    </div>
  );
}
