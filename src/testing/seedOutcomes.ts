/**
 * What the seed's pool did at each step of an oracle trace fixture, in the
 * words of predict mode's answers, read from the oracle's own output (its
 * counters, free lists and capacities), for tests of predict mode.
 */
import { readFileSync } from "node:fs";
import { LARGEST_CLASS } from "../pool/index.ts";
import type { PredictAnswer } from "../store/predict.ts";
import { traceToScript } from "./traces/toScript.ts";
import { parseRecords, parseTrace, type TraceState } from "./traces/trace.ts";

const TRACES = new URL("./traces/", import.meta.url);

/** An answer button's words. */
export type SeedOutcome = PredictAnswer;

/** Trace fixture `name` as a script, and the seed's outcome of each of its steps. */
export function seedOutcomes(name: string): { source: string; outcomes: SeedOutcome[] } {
  const text = readFileSync(new URL(`${name}.txt`, TRACES), "utf8");
  const ops = parseTrace(text);
  const records = parseRecords(readFileSync(new URL(`${name}.expected.jsonl`, TRACES), "utf8"));
  const script = traceToScript(text);
  const sizes = new Map<string, number>();
  const capacities = new Map<string, number>();
  const outcomes = script.recordIndex.map((i): SeedOutcome => {
    const op = ops[i]!;
    const before = records[i - 1] as TraceState;
    const after = records[i] as TraceState;
    switch (op.kind) {
      case "acquire":
        sizes.set(op.id, op.size);
        capacities.set(op.id, after.capacity!);
        return after.recycles > before.recycles ? "Recycle" : "Miss";
      case "release": {
        const kept = after.free.some((length, k) => length > before.free[k]!);
        if (kept) return "Back on the list";
        return sizes.get(op.id)! > LARGEST_CLASS ? "Dropped: oversized" : "Dropped: list full";
      }
      case "resize": {
        const grew = after.capacity! > capacities.get(op.id)!;
        capacities.set(op.id, after.capacity!);
        return grew ? "Grows" : "Fits";
      }
      default:
        throw new Error(`a step from a ${op.kind} line`);
    }
  });
  return { source: script.source, outcomes };
}
