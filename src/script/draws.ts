/**
 * Sizes drawn by weight. A weighted choice and a log-uniform range are both
 * compiled into one table of segments, each a run of `count` consecutive
 * sizes from `start` that share one weight per size, `unit`. One number r
 * drawn uniformly below the table's total weight picks the segment whose
 * cumulative weight first passes r, and the size inside it: start +
 * ⌊(r − weight before the segment) / unit⌋. Whole numbers below 2^53 all
 * the way, so a seed draws the same sizes on every machine.
 *
 * A table is a Float64Array of triples: [end, start, unit] per segment, `end`
 * the cumulative weight up to and including the segment.
 */
import type { WeightedSize } from "./ast.ts";
import type { Mulberry32 } from "./prng.ts";

const END = 0;
const START = 1;
const UNIT = 2;
const STRIDE = 3;

/** A weighted choice: one segment of one size per positive weight; sizes of weight 0 are never drawn. */
export function weightedTable(choices: readonly WeightedSize[]): Float64Array {
  const table: number[] = [];
  let total = 0;
  for (const { bytes, weight } of choices) {
    if (weight === 0) continue;
    total += weight;
    table.push(total, bytes, weight);
  }
  return Float64Array.from(table);
}

/**
 * A log-uniform range `min..max` (1 ≤ min ≤ max ≤ 2^31): a size x is drawn
 * with chance in proportion to 1 / 2^⌊log2 x⌋. So every octave [2^k, 2^(k+1))
 * that lies wholly in the range is equally likely, the sizes in an octave are
 * equally likely, and an octave cut by an end of the range gets its share in
 * proportion to the part of it inside the range (`1KB..2MB log`: eleven whole
 * octaves of 1/11 each, and 2MB itself once in 11 · 2^21 + 1, some 23 million, draws).
 * Weights are scaled by 2^K, K the top octave, to stay whole: a size in
 * octave k weighs 2^(K−k), and the total is below 32 · 2^31 = 2^36.
 */
export function logTable(min: number, max: number): Float64Array {
  const top = octave(max);
  const table: number[] = [];
  let total = 0;
  for (let k = octave(min); k <= top; k++) {
    const low = Math.max(min, 2 ** k);
    const high = Math.min(max, 2 ** (k + 1) - 1);
    const unit = 2 ** (top - k);
    total += (high - low + 1) * unit;
    table.push(total, low, unit);
  }
  return Float64Array.from(table);
}

/** A table's segments: each one's sizes `start…`, weight per size `unit`, and the total weight before it and up to its end. */
export function tableSegments(
  table: Float64Array,
): { before: number; end: number; start: number; unit: number }[] {
  const segments = [];
  for (let at = 0; at < table.length; at += STRIDE) {
    const before = at === 0 ? 0 : table[at - STRIDE + END]!;
    segments.push({
      before,
      end: table[at + END]!,
      start: table[at + START]!,
      unit: table[at + UNIT]!,
    });
  }
  return segments;
}

/** The sum of a table's weights: what {@link drawFromTable} draws below. */
export function tableTotal(table: Float64Array): number {
  return table[table.length - STRIDE + END]!;
}

/**
 * A size drawn from `table`, whose total weight is `total`, with one uniform
 * draw; `inverse` is 1 / total, which the caller keeps (`Op.inverse`), so a
 * draw multiplies instead of dividing.
 */
export function drawFromTable(
  rng: Mulberry32,
  table: Float64Array,
  total: number,
  inverse: number,
): number {
  const r = rng.below(total, inverse);
  // The first segment whose end passes r, by bisection over segments.
  let low = 0;
  let high = table.length / STRIDE - 1;
  while (low < high) {
    const middle = (low + high) >> 1; // 32-bit: segment indices, at most a few hundred thousand
    if (table[middle * STRIDE + END]! > r) high = middle;
    else low = middle + 1;
  }
  const at = low * STRIDE;
  const before = at === 0 ? 0 : table[at - STRIDE + END]!;
  return table[at + START]! + Math.floor((r - before) / table[at + UNIT]!);
}

/** ⌊log2 n⌋ for 1 ≤ n ≤ 2^31. */
function octave(n: number): number {
  return 31 - Math.clz32(n); // 32-bit: n ≤ 2^31 fits an unsigned 32-bit word
}
