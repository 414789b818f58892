/**
 * The kinds of number a script holds (sizes, counts, weights, settings) and
 * how a number token is read as one, with the message for each way it can be wrong.
 */
import type { Input } from "./input.ts";
import { LIMITS } from "./limits.ts";
import { formatSize, UNIT_BYTES } from "./sizes.ts";

/** What a number in the script stands for, and the words that explain its rules. */
export interface Quantity {
  readonly unitsAllowed: boolean;
  readonly max: number;
  /** Ends "'X' is too large: …". */
  readonly limit: string;
  /** The thing itself, as in "a repeat count can't be negative". */
  readonly noun: string;
}

/** A size in bytes, units allowed. */
export const SIZE: Quantity = {
  unitsAllowed: true,
  max: LIMITS.maxSizeBytes,
  limit: `a size is at most ${formatSize(LIMITS.maxSizeBytes)} (2^31 bytes)`,
  noun: "a size",
};
/** A resize's new length in bytes. */
export const LENGTH: Quantity = {
  ...SIZE,
  limit: `a length is at most ${formatSize(LIMITS.maxSizeBytes)} (2^31 bytes)`,
  noun: "a length",
};
/** A repeat count, or an end of a `repeat random` range. */
export const COUNT: Quantity = {
  unitsAllowed: false,
  max: LIMITS.maxRepeatCount,
  limit: `a repeat count is at most ${LIMITS.maxRepeatCount} (10^9)`,
  noun: "a repeat count",
};
/** The `capacity` setting. */
export const CAPACITY: Quantity = {
  unitsAllowed: false,
  max: LIMITS.maxCapacity,
  limit: `capacity is at most ${LIMITS.maxCapacity} buffers per size class`,
  noun: "capacity (buffers kept per size class)",
};
/** The `seed` setting. */
export const SEED: Quantity = {
  unitsAllowed: false,
  max: LIMITS.maxSeed,
  limit: `a seed is at most ${LIMITS.maxSeed} (2^32 - 1)`,
  noun: "a seed",
};
/** The weight of one size of a weighted choice. */
export const WEIGHT: Quantity = {
  unitsAllowed: false,
  max: LIMITS.maxWeightTotal,
  limit: `a weight is at most ${LIMITS.maxWeightTotal} (10^9)`,
  noun: "a weight",
};

const NUMBER_PARTS = /^([0-9_]+)(?:\.([0-9_]*))?([A-Za-z][A-Za-z0-9_]*)?$/;
const DIGIT_GROUPS = /^[0-9]+(?:_[0-9]+)*$/;

/** Reads a number token's text as the given quantity, or raises at the token what is wrong with it. */
export function numberValue(input: Input, text: string, quantity: Quantity): number {
  const parts = NUMBER_PARTS.exec(text);
  if (parts === null) {
    input.raise(
      `'${text}' is not a number — ${quantity.unitsAllowed ? "write a whole number with an optional unit, as in 4KB" : "write a whole number such as 8"}`,
    );
  }
  const [, digits = "", fraction, unit = ""] = parts;
  if (!DIGIT_GROUPS.test(digits) || (fraction !== undefined && !DIGIT_GROUPS.test(fraction))) {
    input.raise(
      `'${text}' has a misplaced '_' — '_' may only stand between two digits, as in 1_000`,
    );
  }
  if (digits === "0" && /^x/i.test(unit)) {
    input.raise(`'${text}' is not a decimal number — write numbers in decimal, such as 4096`);
  }
  if (unit !== "" && !quantity.unitsAllowed) {
    input.raise(`'${text}' has a unit, but ${quantity.noun} is a plain whole number such as 8`);
  }
  const unitBytes = UNIT_BYTES.get(unit.toLowerCase());
  if (unitBytes === undefined) {
    input.raise(
      `'${text}' has an unknown unit '${unit}' — use B, KB or MB (K, KiB, M and MiB work too)`,
    );
  }
  const whole = (s: string) => s.replaceAll("_", "");
  if (fraction !== undefined) {
    const bytes = Number(`${whole(digits)}.${whole(fraction)}`) * unitBytes;
    const instead =
      quantity.unitsAllowed && Number.isInteger(bytes) && bytes <= quantity.max
        ? ` — write ${formatSize(bytes)} instead`
        : "";
    input.raise(`'${text}' is not a whole number${instead}`);
  }
  const value = Number(whole(digits)) * unitBytes;
  if (value > quantity.max) input.raise(`'${text}' is too large: ${quantity.limit}`);
  return value;
}
