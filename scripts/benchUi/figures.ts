/**
 * The table `bench:ui` prints: one {@link Figure} a line, with its budget from
 * SPEC §6 and PASS or MISS, and the small statistics the measurements share.
 */

import { cpus } from "node:os";

/** 1 KB and 1 MB as the table writes sizes (powers of ten, like gzip figures elsewhere). */
export const KB = 1000;
export const MB = 1000 * 1000;

/** A budget from SPEC §6: the value must be at least `atLeast` and at most `atMost`. */
export interface Budget {
  readonly atLeast?: number;
  readonly atMost?: number;
}

/** How a figure's value is written. */
export type Unit = "steps/s" | "ratio" | "fps" | "ms" | "bytes";

/** One line of the table; `key` names it in the JSON. */
export interface Figure {
  readonly key: string;
  readonly what: string;
  readonly value: number;
  readonly unit: Unit;
  readonly budget?: Budget;
  readonly how: string;
}

/** The largest (or smallest) of `by` over `runs`. */
export function bestOf<T>(runs: readonly T[], by: (run: T) => number, largest: boolean): number {
  const values = runs.map(by);
  return largest ? Math.max(...values) : Math.min(...values);
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A step count as the table writes it: 1,000,000. */
export function steps(n: number): string {
  return n.toLocaleString("en-US");
}

/** PASS or MISS against the figure's budget, or "" when it has none. */
export function verdict(figure: Figure): "PASS" | "MISS" | "" {
  const { budget, value } = figure;
  if (!budget) return "";
  const ok =
    (budget.atLeast === undefined || value >= budget.atLeast) &&
    (budget.atMost === undefined || value <= budget.atMost);
  return ok ? "PASS" : "MISS";
}

/** `value` in `unit`, as the table shows it. */
export function format(value: number, unit: Unit): string {
  switch (unit) {
    case "steps/s":
      return `${Math.round(value).toLocaleString("en-US")} steps/s`;
    case "ratio":
      return value.toFixed(2);
    case "fps":
      return `${value.toFixed(1)} fps`;
    case "ms":
      return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
    case "bytes":
      return value >= MB ? `${(value / MB).toFixed(1)} MB` : `${(value / KB).toFixed(1)} KB`;
  }
}

function formatBudget(figure: Figure): string {
  const { budget, unit } = figure;
  if (!budget) return "";
  if (budget.atLeast !== undefined) return `≥ ${format(budget.atLeast, unit)}`;
  return `≤ ${format(budget.atMost!, unit)}`;
}

/** The figures as a Markdown table. */
export function table(figures: readonly Figure[]): string {
  return [
    "| what | value | budget | result | how |",
    "|---|---:|---:|---|---|",
    ...figures.map(
      (figure) =>
        `| ${figure.what} | ${format(figure.value, figure.unit)} | ${formatBudget(figure)} | ${verdict(figure)} | ${figure.how} |`,
    ),
  ].join("\n");
}

/** The figures as the JSON line's `figures` object: value and unit, and budget and pass where there is one. */
export function figuresJson(figures: readonly Figure[]): Record<string, object> {
  return Object.fromEntries(
    figures.map((figure) => [
      figure.key,
      {
        value: figure.value,
        unit: figure.unit,
        ...(figure.budget ? { budget: figure.budget, pass: verdict(figure) === "PASS" } : {}),
      },
    ]),
  );
}

/** Where figures were measured, as the JSON line starts: browser, Node, cores, load average at either end. */
export function machineJson(chromiumVersion: string, loadStart: number, loadEnd: number) {
  return {
    chromium: chromiumVersion,
    node: process.version,
    cores: cpus().length,
    loadAverage: { start: loadStart, end: loadEnd },
  };
}
