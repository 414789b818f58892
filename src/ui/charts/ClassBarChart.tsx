/**
 * The recharts bar chart of the nine classes. Part of the entry bundle, not a
 * lazy chunk: the first drawn bars are budgeted (SPEC §6, ≤ 1 s), and waiting
 * for a chunk after the first render cost about 0.4 s on a two-core machine
 * (recharts then counts in the JS before first paint: 213 KB of the 300 KB
 * gzip allowed). Animation is always off, so a bar shows the state of this
 * step, not a tween.
 */
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, ReferenceLine, XAxis, YAxis } from "recharts";
import { selectSnapshot } from "../../store/index.ts";
import { CLASS_SIZES, classLabel } from "../common/format.ts";
import { chartFrame, yAxisLook } from "./chartLook.ts";
import { CHART_REDRAW_MS, useThrottledStore } from "../common/useThrottledStore.ts";
import { PLOT_LEFT_PX, PLOT_RIGHT_PX } from "./classBarLayout.ts";

/** A prop that stays the same object from redraw to redraw (see `RecycleChart.tsx`). */
const CHART_MARGIN = { top: 10, right: PLOT_RIGHT_PX, bottom: 0, left: 0 };

/** Free-list length and held count per class, with the capacity line across. */
export default function ClassBarChart() {
  const {
    free,
    held,
    capacityPerClass: capacity,
  } = useThrottledStore(selectSnapshot, CHART_REDRAW_MS, "after-status");
  const data = useMemo(
    () =>
      CLASS_SIZES.map((_, k) => ({ label: classLabel(k), free: free[k] ?? 0, held: held[k] ?? 0 })),
    [free, held],
  );
  const top = Math.max(1, capacity, ...data.map((d) => Math.max(d.free, d.held)));
  // The chart's parts are the same elements while the axis top and the
  // capacity stay, so React skips them and recharts re-reports nothing but the
  // data: a reference line re-reports itself (remove, add) at every render of its own.
  const parts = useMemo(
    () => (
      <>
        <CartesianGrid vertical={false} stroke="var(--grid)" />
        <XAxis dataKey="label" hide />
        {/* recharts' own tick choice: it hides the 0, which the class buttons would cut. */}
        <YAxis
          {...yAxisLook}
          interval="preserveEnd"
          width={PLOT_LEFT_PX}
          allowDecimals={false}
          domain={[0, top]}
        />
        <Bar dataKey="free" fill="var(--free)" isAnimationActive={false} />
        <Bar dataKey="held" fill="var(--held)" isAnimationActive={false} />
        <ReferenceLine
          y={capacity}
          stroke="var(--capacity)"
          strokeWidth={2}
          strokeDasharray="5 4"
          ifOverflow="extendDomain"
        />
      </>
    ),
    [top, capacity],
  );
  return (
    <div className="class-chart-size" aria-hidden="true" data-testid="class-chart">
      <BarChart
        responsive
        style={chartFrame.style}
        data={data}
        margin={CHART_MARGIN}
        barGap={2}
        barCategoryGap="18%"
        accessibilityLayer={false}
      >
        {parts}
      </BarChart>
    </div>
  );
}
