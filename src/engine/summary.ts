/**
 * The numbers a run and a sweep end with, as the exports and the CLI write
 * them (SPEC §8): one function each for the text, so `pool-run.json` on the
 * page and `cli run --json` are the same bytes.
 *
 * JSON: `JSON.stringify` on one line, keys in SPEC §8's order, then a single
 * "\n". CSV: see `csv.ts` (text quoted, numbers bare, CRLF line ends).
 */
import { SIZE_CLASSES } from "../pool/index.ts";
import { csvLines, type CsvField } from "./csv.ts";
import { formatRunError } from "./formatError.ts";
import type { Recommendation } from "./recommend.ts";
import type { Session } from "./session.ts";
import type { ClassMetrics, SweepPoint } from "./types.ts";

/** A run's final numbers: `run --json` and `pool-run.json` (SPEC §8), in key order. */
export interface RunSummary {
  /** Steps run. */
  readonly steps: number;
  /** capacity_per_class in effect. */
  readonly capacity: number;
  readonly allocations: number;
  readonly recycles: number;
  readonly misses: number;
  readonly recycleRate: number;
  /** Bytes of backing store in free lists. */
  readonly retainedBytes: number;
  /** Bytes of backing store in held buffers. */
  readonly heldBytes: number;
  /** The nine classes (4 KiB … 1 MiB), then oversized (`size` null). */
  readonly classes: readonly ClassMetrics[];
}

/** The summary of a session as it stands (at its current step). */
export function runSummary(session: Session): RunSummary {
  const snapshot = session.snapshot("done");
  return {
    steps: snapshot.step,
    capacity: snapshot.capacityPerClass,
    allocations: snapshot.allocations,
    recycles: snapshot.recycles,
    misses: snapshot.misses,
    recycleRate: snapshot.recycleRate,
    retainedBytes: snapshot.retainedBytes,
    heldBytes: snapshot.heldBytes,
    classes: session.classMetrics(),
  };
}

/** The text of `run --json` and `pool-run.json`: one line of JSON and "\n". */
export function runJson(summary: RunSummary): string {
  // Built key by key, so the order is SPEC §8's whatever made the objects.
  const ordered = {
    steps: summary.steps,
    capacity: summary.capacity,
    allocations: summary.allocations,
    recycles: summary.recycles,
    misses: summary.misses,
    recycleRate: summary.recycleRate,
    retainedBytes: summary.retainedBytes,
    heldBytes: summary.heldBytes,
    classes: summary.classes.map((c) => ({
      size: c.size,
      requests: c.requests,
      recycles: c.recycles,
      misses: c.misses,
      peakHeld: c.peakHeld,
      peakFree: c.peakFree,
      wasteBytes: c.wasteBytes,
      retainedBytes: c.retainedBytes,
    })),
  };
  return `${JSON.stringify(ordered)}\n`;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** A class's name in column headings: `4KiB` … `1MiB`, `oversized`. */
export function classKey(size: number | null): string {
  if (size === null) return "oversized";
  return size >= MIB ? `${size / MIB}MiB` : `${size / KIB}KiB`;
}

/**
 * `pool-classes.csv`: a heading, then one line per class, oversized last.
 * Columns: class (`4KiB` … `oversized`), size (bytes; empty for oversized),
 * requests, recycles, misses, hitRate (recycles ÷ requests, 0 when none),
 * peakHeld, peakFree, wasteBytes, retainedBytes (SPEC §9).
 */
export function classesCsv(classes: readonly ClassMetrics[]): string {
  const rows: CsvField[][] = [
    [
      "class",
      "size",
      "requests",
      "recycles",
      "misses",
      "hitRate",
      "peakHeld",
      "peakFree",
      "wasteBytes",
      "retainedBytes",
    ],
  ];
  for (const c of classes) {
    rows.push([
      classKey(c.size),
      c.size,
      c.requests,
      c.recycles,
      c.misses,
      c.requests === 0 ? 0 : c.recycles / c.requests,
      c.peakHeld,
      c.peakFree,
      c.wasteBytes,
      c.retainedBytes,
    ]);
  }
  return csvLines(rows);
}

/** Per-class columns of the sweep CSV, each followed by `_<class>`. */
const SWEEP_CLASS_COLUMNS = ["recycles", "misses", "retainedBytes", "peakRetainedBytes"] as const;

/**
 * `pool-sweep.csv`: a heading, then one line per capacity. Columns: capacity,
 * steps, complete (1 when the whole workload ran, else 0), allocations,
 * recycles, misses, recycleRate, retainedBytes, peakRetainedBytes, error (the
 * message that stopped the run, empty when none), then for each class
 * (`4KiB` … `1MiB`, `oversized`) recycles_, misses_, retainedBytes_ and
 * peakRetainedBytes_ followed by the class, e.g. `misses_64KiB`.
 */
export function sweepCsv(points: readonly SweepPoint[]): string {
  const keys = [...SIZE_CLASSES, null].map(classKey);
  const heading: CsvField[] = [
    "capacity",
    "steps",
    "complete",
    "allocations",
    "recycles",
    "misses",
    "recycleRate",
    "retainedBytes",
    "peakRetainedBytes",
    "error",
    ...keys.flatMap((key) => SWEEP_CLASS_COLUMNS.map((column) => `${column}_${key}`)),
  ];
  const rows: CsvField[][] = [heading];
  for (const p of points) {
    rows.push([
      p.capacity,
      p.steps,
      p.complete ? 1 : 0,
      p.allocations,
      p.recycles,
      p.misses,
      p.recycleRate,
      p.retainedBytes,
      p.peakRetainedBytes,
      p.error === null ? null : formatRunError(p.error),
      ...p.classes.flatMap((c) => SWEEP_CLASS_COLUMNS.map((column) => c[column])),
    ]);
  }
  return csvLines(rows);
}

/** The text of `sweep --json` (SPEC §8): one line of JSON and "\n". */
export function sweepJson(
  points: readonly SweepPoint[],
  recommendation: Recommendation | null,
): string {
  const ordered = {
    points: points.map((p) => ({
      capacity: p.capacity,
      allocations: p.allocations,
      recycles: p.recycles,
      misses: p.misses,
      retainedBytes: p.retainedBytes,
      peakRetainedBytes: p.peakRetainedBytes,
    })),
    recommendation:
      recommendation === null
        ? null
        : {
            capacity: recommendation.capacity,
            target: recommendation.target,
            peakRetainedBytes: recommendation.peakRetainedBytes,
            perClass: recommendation.perClass,
          },
  };
  return `${JSON.stringify(ordered)}\n`;
}
