/**
 * The capacities a sweep runs, written as a range (`0..64`) or a list
 * (`0,1,2,4,8`): the same words in the URL (`&sweep=`), on the page and in
 * the CLI (`--capacities`). Imports nothing, so the page can use it as it is.
 */

/** The largest capacity a sweep runs (SPEC §4). */
export const MAX_SWEEP_CAPACITY = 4096;

/** The capacities a sweep runs when none are given. */
export const DEFAULT_SWEEP = "0..64";

const WHOLE = /^\d+$/;

/**
 * The capacities `text` names, ascending, each once. Throws a `RangeError`
 * saying what is wrong: not a whole number, over {@link MAX_SWEEP_CAPACITY},
 * a reversed range, an empty list.
 */
export function parseCapacities(text: string): number[] {
  const spec = text.trim();
  const range = /^(.*?)\.\.(.*)$/.exec(spec);
  if (range) {
    const low = capacityOf(range[1]!, spec);
    const high = capacityOf(range[2]!, spec);
    if (low > high) {
      throw new RangeError(`'${spec}' is a reversed range — write the smaller capacity first`);
    }
    return Array.from({ length: high - low + 1 }, (_, i) => low + i);
  }
  const parts = spec.split(",");
  const capacities = parts.map((part) => capacityOf(part, spec));
  return [...new Set(capacities)].sort((a, b) => a - b);
}

function capacityOf(word: string, spec: string): number {
  const trimmed = word.trim();
  if (!WHOLE.test(trimmed)) {
    throw new RangeError(
      trimmed === ""
        ? `'${spec}' is missing a capacity — write a range like 0..64 or a list like 0,1,2,4,8`
        : `'${trimmed}' in '${spec}' is not a whole number — capacities are 0 to ${MAX_SWEEP_CAPACITY}`,
    );
  }
  const capacity = Number(trimmed);
  if (capacity > MAX_SWEEP_CAPACITY) {
    throw new RangeError(
      `capacity ${trimmed} in '${spec}' is over the limit of ${MAX_SWEEP_CAPACITY} for a sweep`,
    );
  }
  return capacity;
}
