/**
 * The CLI's human output: plain tables of whole numbers, one fixed locale.
 * `--json` prints the engine's own text instead (see `engine/summary.ts`).
 */
import type { Recommendation } from "../engine/recommend.ts";
import type { RunSummary } from "../engine/summary.ts";
import type { SweepPoint } from "../engine/types.ts";
import { SIZE_CLASSES } from "../pool/index.ts";

const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat("en-US", {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** A class's label: "4 KiB" … "1 MiB", or "oversized". */
function classLabel(size: number | null): string {
  if (size === null) return "oversized";
  return size >= 1024 * 1024 ? `${size / (1024 * 1024)} MiB` : `${size / 1024} KiB`;
}

/** Rows as columns: the first left-aligned, the rest right-aligned, two spaces apart. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** `run` without `--json`. */
export function printRun(name: string, summary: RunSummary): string {
  const head = [
    `${name}: ${count.format(summary.steps)} steps at capacity ${summary.capacity}`,
    `allocations ${count.format(summary.allocations)}, recycles ${count.format(summary.recycles)}, ` +
      `misses ${count.format(summary.misses)}, recycle rate ${percent.format(summary.recycleRate)}`,
    `bytes retained in free lists ${count.format(summary.retainedBytes)}, held ${count.format(summary.heldBytes)}`,
  ];
  const rows = [
    [
      "class",
      "requests",
      "recycles",
      "misses",
      "hit rate",
      "peak held",
      "peak free",
      "waste bytes",
      "retained bytes",
    ],
    ...summary.classes.map((c) => [
      classLabel(c.size),
      count.format(c.requests),
      count.format(c.recycles),
      count.format(c.misses),
      c.requests === 0 ? "-" : percent.format(c.recycles / c.requests),
      count.format(c.peakHeld),
      count.format(c.peakFree),
      count.format(c.wasteBytes),
      count.format(c.retainedBytes),
    ]),
  ];
  return `${head.join("\n")}\n\n${table(rows)}\n`;
}

/** `sweep` without `--json`. */
export function printSweep(
  name: string,
  points: readonly SweepPoint[],
  recommendation: Recommendation,
): string {
  const rows = [
    [
      "capacity",
      "allocations",
      "recycles",
      "misses",
      "recycle rate",
      "retained bytes",
      "peak retained",
    ],
    ...points.map((p) => [
      String(p.capacity),
      count.format(p.allocations),
      count.format(p.recycles),
      count.format(p.misses),
      percent.format(p.recycleRate),
      count.format(p.retainedBytes),
      count.format(p.peakRetainedBytes),
    ]),
  ];
  const largest = points.reduce((a, b) => (b.capacity > a.capacity ? b : a));
  const perClass = SIZE_CLASSES.map(
    (size, k) => `${classLabel(size)} ${recommendation.perClass[k]}`,
  ).join(", ");
  return (
    `${name}: ${points.length} capacities, ${count.format(largest.steps)} steps each\n\n` +
    `${table(rows)}\n\n` +
    `recommended capacity: ${recommendation.capacity} — the smallest whose recycles reach ` +
    `${percent.format(recommendation.target)} of those at capacity ${largest.capacity}; ` +
    `peak retained ${count.format(recommendation.peakRetainedBytes)} bytes\n` +
    `each class alone would need: ${perClass}\n`
  );
}
