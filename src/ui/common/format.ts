/**
 * How sizes, counts and classes read on the page.
 *
 * One fixed locale, so the same state draws the same pixels on every machine.
 */
import {
  SIZE_CLASSES,
  formatRunError as formatRunErrorInline,
  type RunError,
} from "../../worker/protocol.ts";

const KIB = 1024;
const MIB = 1024 * 1024;

/** Bytes of each size class: 4 KiB, 8 KiB, … 1 MiB (the pool's own list). */
export const CLASS_SIZES: readonly number[] = SIZE_CLASSES;

/** The largest pooled size, 1 MiB. */
export const LARGEST_CLASS_SIZE = SIZE_CLASSES[SIZE_CLASSES.length - 1]!;

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** A whole number with thousands separators: 3,096. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/**
 * An exact size: "4 KiB" or "2 MiB" when it is a whole number of them,
 * else bytes with separators ("1,000 B").
 */
export function formatSize(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${integer.format(bytes / MIB)} MiB`;
  if (bytes >= KIB && bytes % KIB === 0) return `${integer.format(bytes / KIB)} KiB`;
  return `${integer.format(bytes)} B`;
}

/** A rounded amount of memory for totals: "0 B", "12 KiB", "1.5 MiB". */
export function formatAmount(bytes: number): string {
  if (bytes < KIB) return `${integer.format(bytes)} B`;
  if (bytes < MIB) return `${trimmed(bytes / KIB)} KiB`;
  return `${trimmed(bytes / MIB)} MiB`;
}

function trimmed(value: number): string {
  return Number.isInteger(value) ? integer.format(value) : oneDecimal.format(value);
}

/** The label of size class `k` (0…8), or "oversized" for -1. */
export function classLabel(sizeClass: number): string {
  const size = CLASS_SIZES[sizeClass];
  return size === undefined ? "oversized" : formatSize(size);
}

/** A ratio 0…1 as a percentage with one decimal: "50.0%". */
export function formatPercent(ratio: number): string {
  return `${oneDecimal.format(ratio * 100)}%`;
}

/**
 * A run error in words, led by where it is: "Line 3, col 5: unknown statement …",
 * "Line 7: …" without a column, the bare reason without a line. The engine
 * words it (the CLI prints the same words); the page capitalises the place.
 */
export function formatRunError(error: Pick<RunError, "message" | "line" | "column">): string {
  const text = formatRunErrorInline(error);
  return error.line > 0 ? `L${text.slice(1)}` : text;
}

/** Names longer than this many characters are shortened where they sit in running text. */
export const SHOWN_NAME_CHARS = 32;

/**
 * A buffer name as running text shows it: a long one (a trace's IDs can be
 * anything) keeps its start and end around "…", so a sentence stays readable
 * and the page never scrolls sideways; wherever it is shortened, the full name
 * is in a tooltip. Counts characters, not UTF-16 units, so no emoji is cut.
 */
export function shownName(name: string): string {
  if (name.length <= SHOWN_NAME_CHARS) return name;
  const chars = Array.from(name);
  if (chars.length <= SHOWN_NAME_CHARS) return name;
  return `${chars.slice(0, 22).join("")}…${chars.slice(-8).join("")}`;
}
