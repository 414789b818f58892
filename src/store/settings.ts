/**
 * One limit per setting, whatever sets it — a share link, the page's inputs,
 * a saved value, or for capacity a script's `capacity` line — and the same
 * words for a value over it, from every source. Capacity's limit is the
 * script language's own (`LIMITS.maxCapacity`, which the protocol passes on),
 * and so are its words: a link, the input and a `capacity` line all say
 * "'N' is too large: capacity is at most 1000000 buffers per size class".
 */
import { LIMITS, type Speed } from "../worker/protocol.ts";

/** The bounds of a whole-number setting and the words that state them. */
export interface SettingLimit {
  readonly min: number;
  readonly max: number;
  /** The setting, as in "… can't be negative". */
  readonly noun: string;
  /** Ends "'N' is too large: …". */
  readonly atMost: string;
  /** Ends "'N' is too small: …". */
  readonly atLeast: string;
}

/** Each whole-number setting's one limit. */
export const SETTING_LIMITS = {
  /** capacity_per_class: the script language's limit and words (`src/script/parse.ts`). */
  capacity: {
    min: 0,
    max: LIMITS.maxCapacity,
    noun: "capacity (buffers kept per size class)",
    atMost: `capacity is at most ${LIMITS.maxCapacity} buffers per size class`,
    atLeast: "capacity is at least 0",
  },
  /** Live + pooled bytes allowed, in MiB. */
  memoryBudgetMiB: {
    min: 1,
    max: 16_384,
    noun: "the memory budget",
    atMost: "the memory budget is at most 16384 MiB (16 GiB)",
    atLeast: "the memory budget is at least 1 MiB",
  },
  /** A paced speed; "max" is the other choice. */
  stepsPerSecond: {
    min: 1,
    max: 1000,
    noun: "a speed",
    atMost: "a speed is at most 1000 steps/s (or Max)",
    atLeast: "a speed is at least 1 step/s",
  },
} as const satisfies Record<string, SettingLimit>;

/** A whole-number setting. */
export type Setting = keyof typeof SETTING_LIMITS;

/** A setting read from text: its value, or why it cannot be used, in words. */
export type SettingValue = { readonly value: number } | { readonly problem: string };

/** Reads a whole-number setting from text (a link's parameter, an input's value). */
export function readSetting(setting: Setting, text: string): SettingValue {
  const limit = SETTING_LIMITS[setting];
  const trimmed = text.trim();
  if (trimmed === "") return { problem: `enter a whole number from ${limit.min} to ${limit.max}` };
  if (/^-\d+$/.test(trimmed)) return { problem: `${limit.noun} can't be negative` };
  if (!/^\d+$/.test(trimmed)) return { problem: `'${trimmed}' is not a whole number` };
  const value = Number(trimmed);
  if (value > limit.max) return { problem: `'${trimmed}' is too large: ${limit.atMost}` };
  if (value < limit.min) return { problem: `'${trimmed}' is too small: ${limit.atLeast}` };
  return { value };
}

/** Whether `value` (read from storage, say) is a whole number within the setting's limit. */
export function isWithinLimit(setting: Setting, value: unknown): value is number {
  const { min, max } = SETTING_LIMITS[setting];
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

/** Whether `value` is a speed the page runs at: "max", or whole steps per second within the limit. */
export function isSpeed(value: unknown): value is Speed {
  return value === "max" || isWithinLimit("stepsPerSecond", value);
}
