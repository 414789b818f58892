/**
 * The last events of a run, for the event log and the explanation. The
 * session hands it whole stretches of executed steps (a batch and the
 * ledger's notes on it), of which only the last {@link EVENT_LOG_LIMIT} are
 * kept, so a step costs the feed nothing while it runs.
 */
import type { StepBatch } from "../script/index.ts";
import { StepKind } from "../script/index.ts";
import { OVERSIZED_SLOT } from "./slots.ts";
import { Outcome, kindOf, outcomeOf, slotOfCode, type StepOutcomes } from "./outcomes.ts";
import { EVENT_LOG_LIMIT, type PoolEvent } from "./types.ts";

const LIMIT = EVENT_LOG_LIMIT;

/** A ring of the last {@link EVENT_LOG_LIMIT} events, in plain columns. */
export class EventFeed {
  private readonly steps = new Float64Array(LIMIT);
  private readonly lines = new Float64Array(LIMIT);
  private readonly ids = new Float64Array(LIMIT);
  private readonly amounts = new Float64Array(LIMIT);
  private readonly codes = new Uint8Array(LIMIT);
  private readonly capacities = new Float64Array(LIMIT);
  private readonly previous = new Float64Array(LIMIT);
  private next = 0;
  private count = 0;

  /** Adds one event. */
  push(
    step: number,
    line: number,
    id: number,
    amount: number,
    code: number,
    capacity: number,
    previous: number,
  ): void {
    const i = this.next;
    this.steps[i] = step;
    this.lines[i] = line;
    this.ids[i] = id;
    this.amounts[i] = amount;
    this.codes[i] = code;
    this.capacities[i] = capacity;
    this.previous[i] = previous;
    this.next = i + 1 === LIMIT ? 0 : i + 1;
    if (this.count < LIMIT) this.count++;
  }

  /**
   * Adds the steps `from…to-1` of a batch, the last of them being step
   * `lastStep` (only the last {@link EVENT_LOG_LIMIT} matter).
   */
  pushBatch(batch: StepBatch, out: StepOutcomes, from: number, to: number, lastStep: number): void {
    for (let k = Math.max(from, to - LIMIT); k < to; k++) {
      this.push(
        lastStep - (to - 1 - k),
        batch.lines[k]!,
        batch.buffers[k]!,
        batch.amounts[k]!,
        out.codes[k]!,
        out.capacities[k]!,
        out.previous[k]!,
      );
    }
  }

  clear(): void {
    this.count = 0;
    this.next = 0;
  }

  /** The events, oldest first, buffers named by `nameOf`. */
  events(nameOf: (id: number) => string): PoolEvent[] {
    const out: PoolEvent[] = [];
    for (let k = this.count; k > 0; k--) out.push(this.event(this.index(k), nameOf));
    return out;
  }

  /** The newest event, or null. */
  last(nameOf: (id: number) => string): PoolEvent | null {
    return this.count === 0 ? null : this.event(this.index(1), nameOf);
  }

  /** The ring index of the k-th newest event (1 = newest). */
  private index(k: number): number {
    return (this.next - k + LIMIT) % LIMIT;
  }

  private event(i: number, nameOf: (id: number) => string): PoolEvent {
    const code = this.codes[i]!;
    const slot = slotOfCode(code);
    const outcome = outcomeOf(code);
    const base = {
      step: this.steps[i]!,
      line: this.lines[i]!,
      name: nameOf(this.ids[i]!),
      sizeClass: slot === OVERSIZED_SLOT ? -1 : slot,
      capacity: this.capacities[i]!,
    };
    switch (kindOf(code)) {
      case StepKind.Acquire:
        return {
          op: "acquire",
          ...base,
          size: this.amounts[i]!,
          outcome: outcome === Outcome.Recycle ? "recycle" : "miss",
        };
      case StepKind.Release:
        return {
          op: "release",
          ...base,
          outcome:
            outcome === Outcome.Pooled
              ? "pooled"
              : outcome === Outcome.DroppedFull
                ? "dropped-full"
                : "dropped-oversized",
        };
      default:
        return {
          op: "resize",
          ...base,
          length: this.amounts[i]!,
          previousCapacity: this.previous[i]!,
        };
    }
  }
}
