/** What the page's recharts charts share: a fill-the-box frame, quiet axes, no animation. */

/** Axis tick labels. */
export const tick = { fill: "var(--text-faint)", fontSize: 11 };

/**
 * A y axis without lines. Every tick it computes is drawn (`interval: 0`): a
 * few ticks up a short axis never collide, and recharts' default hides
 * colliding ones by measuring each label in the DOM, a forced layout at
 * every redraw while a run streams.
 */
export const yAxisLook = {
  width: 40,
  tick,
  tickLine: false,
  axisLine: false,
  interval: 0,
} as const;

/** An x axis along the bottom. */
export const xAxisLook = { tick, tickLine: false, stroke: "var(--border)", height: 22 } as const;

/** Props of a chart that fills its sized box; spread onto LineChart, BarChart, ComposedChart. */
export const chartFrame = {
  responsive: true,
  style: { width: "100%", height: "100%" },
  margin: { top: 8, right: 0, bottom: 0, left: 0 },
  accessibilityLayer: false,
} as const;

/** A line without dots or animation. */
export const lineLook = {
  strokeWidth: 2,
  dot: false,
  activeDot: false,
  isAnimationActive: false,
} as const;
