import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOG_CHUNK_STEPS, StepLog } from "./stepLog.ts";

/** A log with `codes[k]` recorded as step k + 1. */
function logOf(codes: readonly number[]): StepLog {
  const log = new StepLog();
  codes.forEach((code, k) => log.set(k + 1, code));
  return log;
}

/** `steps` bytes: `prefix`, then `period` repeated. */
function bytes(steps: number, period: readonly number[], prefix: readonly number[] = []): number[] {
  return Array.from({ length: steps }, (_, k) =>
    k < prefix.length ? prefix[k]! : period[(k - prefix.length) % period.length]!,
  );
}

describe("the step log", () => {
  // The last chunk is still being written, so it is always whole.
  it.each([
    ["a period of 2: one period", bytes(3 * LOG_CHUNK_STEPS, [0x11, 0x12]), 2 + 2],
    ["a period of 6: one period", bytes(3 * LOG_CHUNK_STEPS, [1, 2, 3, 4, 5, 6]), 6 + 6],
    ["a period of 1024: one period", bytes(2 * LOG_CHUNK_STEPS, [...Array(1023).fill(1), 2]), 1024],
    ["a period of 1025: whole", bytes(2 * LOG_CHUNK_STEPS, [...Array(1024).fill(1), 2]), 65536],
    ["a period after one other byte: whole", bytes(2 * LOG_CHUNK_STEPS, [1, 2], [3]), 65536],
    ["one odd byte at its end: whole", [...bytes(LOG_CHUNK_STEPS - 1, [7]), 8, 1], 65536],
  ])("keeps each full chunk with %s", (_, codes, fullChunkBytes) => {
    const log = logOf(codes);
    expect(log.byteLength).toBe(fullChunkBytes + LOG_CHUNK_STEPS);
    expect(codes.map((_, k) => log.get(k + 1))).toEqual(codes);
  });

  it("reads back every step, rewritten after a truncate or not, whatever the bytes", () => {
    const periodArb = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        periodArb,
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 5 }),
        fc.integer({ min: 1, max: 3 * LOG_CHUNK_STEPS }),
        fc.integer({ min: 0, max: 3 * LOG_CHUNK_STEPS }),
        periodArb,
        (period, prefix, steps, keep, rewrite) => {
          const codes = bytes(steps, period, prefix);
          const log = logOf(codes);
          const kept = Math.min(keep, steps);
          log.truncate(kept);
          const after = bytes(steps - kept, rewrite);
          after.forEach((code, k) => log.set(kept + k + 1, code));
          const expected = [...codes.slice(0, kept), ...after];
          for (let k = 0; k < expected.length; k += 97) expect(log.get(k + 1)).toBe(expected[k]);
          expect(log.get(expected.length)).toBe(expected.at(-1));
          const whole = log.chunkOf(kept + 1);
          expect(whole.length).toBe(LOG_CHUNK_STEPS);
          expect(whole[kept & 0xffff]).toBe(expected[kept] ?? 0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
