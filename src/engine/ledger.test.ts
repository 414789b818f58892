import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BufferPool, OVERSIZED, sizeClassOf, type PooledBuffer } from "../pool/index.ts";
import { StepBatch, StepKind } from "../script/index.ts";
import { Ledger } from "./ledger.ts";
import { droppedInState } from "./ledgerState.ts";
import { CLASS_SLOTS, OVERSIZED_SLOT } from "./slots.ts";
import { Outcome, StepOutcomes, kindOf, outcomeOf, slotOfCode } from "./outcomes.ts";

type Op =
  | { kind: "acquire"; size: number }
  | { kind: "release"; pick: number }
  | { kind: "resize"; pick: number; length: number };

const sizeArb = fc.oneof(
  fc.integer({ min: 0, max: 70_000 }),
  fc.constantFrom(4096, 8192, 1 << 20, (1 << 20) + 1, 3 << 20),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: sizeArb.map((size) => ({ kind: "acquire" as const, size })) },
  { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: "release" as const, pick })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.nat(), fc.integer({ min: 0, max: 300_000 }))
      .map(([pick, length]) => ({ kind: "resize" as const, pick, length })),
  },
);

/** SPEC §9's metrics the plain way: a pool driven directly, and counts kept beside it. */
class Reference {
  readonly pool: BufferPool;
  readonly held: { handle: number; buffer: PooledBuffer }[] = [];
  readonly requests = new Array<number>(CLASS_SLOTS).fill(0);
  readonly recycles = new Array<number>(CLASS_SLOTS).fill(0);
  readonly peakHeld = new Array<number>(CLASS_SLOTS).fill(0);
  readonly peakFree = new Array<number>(CLASS_SLOTS).fill(0);
  readonly waste = new Array<number>(CLASS_SLOTS).fill(0);
  /** Per class, the handles that last held the buffers on its free list, bottom to top. */
  readonly holders: number[][] = Array.from({ length: OVERSIZED_SLOT }, () => []);

  constructor(capacity: number) {
    this.pool = new BufferPool(capacity);
  }

  slot(buffer: PooledBuffer): number {
    return buffer.sizeClass === OVERSIZED ? OVERSIZED_SLOT : buffer.sizeClass;
  }

  heldIn(slot: number): number {
    return this.held.filter(({ buffer }) => this.slot(buffer) === slot).length;
  }

  acquire(size: number, handle: number): void {
    const recycles = this.pool.recycles();
    const buffer = this.pool.acquire(size);
    const slot = this.slot(buffer);
    this.requests[slot]!++;
    if (this.pool.recycles() > recycles) {
      this.recycles[slot]!++;
      this.holders[slot]!.pop();
    }
    if (slot !== OVERSIZED_SLOT) this.waste[slot]! += (4096 << slot) - size;
    this.held.push({ handle, buffer });
    this.peakHeld[slot] = Math.max(this.peakHeld[slot]!, this.heldIn(slot));
  }

  release(index: number): void {
    const { buffer, handle } = this.held.splice(index, 1)[0]!;
    const slot = this.slot(buffer);
    const before = this.pool.freeListLength(slot);
    buffer.release();
    if (this.pool.freeListLength(slot) > before) this.holders[slot]!.push(handle);
    if (slot !== OVERSIZED_SLOT) {
      this.peakFree[slot] = Math.max(this.peakFree[slot]!, this.pool.freeListLength(slot));
    }
  }
}

describe("the ledger", () => {
  it("keeps SPEC §9's metrics, the pool and its lists' last holders exactly as a plain run does, whatever the batch", () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 120 }),
        // Above 4, free lists grow past the holders' first room (`FreeHolders.widen`).
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 7 }),
        (ops, capacity, batchSize) => {
          const ledger = new Ledger(capacity, 2 ** 40);
          const reference = new Reference(capacity);
          const batch = new StepBatch(batchSize);
          const out = new StepOutcomes(batchSize);
          let count = 0;
          let nextHandle = 0;
          let droppedFull = 0;
          const free: number[] = [];
          const flush = () => {
            expect(ledger.run(batch, out, 0, count)).toBe(count);
            for (let k = 0; k < count; k++) {
              const code = out.codes[k]!;
              expect(kindOf(code)).toBe(batch.kinds[k]);
              const release = batch.kinds[k] === StepKind.Release;
              if (release && outcomeOf(code) === Outcome.DroppedFull) droppedFull++;
              if (batch.kinds[k] === StepKind.Acquire) {
                const size = batch.amounts[k]!;
                const sizeClass = sizeClassOf(size);
                expect(slotOfCode(code)).toBe(sizeClass === OVERSIZED ? OVERSIZED_SLOT : sizeClass);
                expect([Outcome.Recycle, Outcome.Miss]).toContain(outcomeOf(code));
              }
            }
            count = 0;
          };
          for (const op of ops) {
            if (op.kind === "acquire") {
              const handle = free.pop() ?? nextHandle++;
              batch.kinds[count] = StepKind.Acquire;
              batch.amounts[count] = op.size;
              batch.handles[count] = handle;
              batch.buffers[count] = handle;
              reference.acquire(op.size, handle);
            } else {
              if (reference.held.length === 0) continue;
              const index = op.pick % reference.held.length;
              const { handle, buffer } = reference.held[index]!;
              batch.handles[count] = handle;
              batch.buffers[count] = handle;
              if (op.kind === "release") {
                batch.kinds[count] = StepKind.Release;
                reference.release(index);
                free.push(handle);
              } else {
                batch.kinds[count] = StepKind.Resize;
                batch.amounts[count] = op.length;
                buffer.resize(op.length);
              }
            }
            if (++count === batchSize) flush();
          }
          flush();
          expect(ledger.pool.saveState()).toEqual(reference.pool.saveState());
          const requests = Array.from(ledger.recycles, (r, slot) => r + ledger.misses[slot]!);
          expect(requests).toEqual(reference.requests);
          expect(Array.from(ledger.recycles)).toEqual(reference.recycles);
          expect(Array.from(ledger.peakHeld)).toEqual(reference.peakHeld);
          expect(Array.from(ledger.peakFree)).toEqual(reference.peakFree);
          expect(Array.from(ledger.wasteBytes)).toEqual(reference.waste);
          expect(ledger.heldTotal).toBe(reference.held.length);
          reference.holders.forEach((handles, k) => {
            expect(ledger.freeHoldersTopFirst(k, Infinity)).toEqual(handles.toReversed());
          });
          expect(ledger.heldBytes).toBe(
            reference.held.reduce((sum, { buffer }) => sum + buffer.capacity, 0),
          );
          // A saved ledger tells how many releases found their list full.
          expect(droppedInState(ledger.save())).toBe(droppedFull);
          // A ledger rebuilt from its saved state is the same ledger.
          const rebuilt = new Ledger(capacity, 2 ** 40, structuredClone(ledger.save()));
          expect(rebuilt.save()).toEqual(ledger.save());
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps the last holders of free lists longer than their first room, in every class", () => {
    const ledger = new Ledger(10, 2 ** 40);
    const sizes = [...Array<number>(10).fill(4096), ...Array<number>(9).fill(8192), 1];
    const batch = new StepBatch(2 * sizes.length);
    sizes.forEach((size, k) => {
      batch.kinds[k] = StepKind.Acquire;
      batch.amounts[k] = size;
      batch.handles[k] = k;
      batch.buffers[k] = 100 + k;
      // Released in the order acquired, in the same batch.
      batch.kinds[sizes.length + k] = StepKind.Release;
      batch.handles[sizes.length + k] = k;
      batch.buffers[sizes.length + k] = 100 + k;
    });
    const out = new StepOutcomes(batch.capacity);
    expect(ledger.run(batch, out, 0, batch.capacity)).toBe(batch.capacity);
    const ids = sizes.map((_, k) => 100 + k);
    // The eleventh of 4 KiB (size 1) finds its list full: dropped, not a holder.
    expect(ledger.freeHoldersTopFirst(0, 20)).toEqual(ids.slice(0, 10).reverse());
    expect(ledger.freeHoldersTopFirst(1, 20)).toEqual(ids.slice(10, 19).reverse());
  });

  it("refuses a step over the budget and changes nothing", () => {
    const ledger = new Ledger(4, 10_000);
    const batch = new StepBatch(2);
    const out = new StepOutcomes(2);
    batch.kinds[0] = StepKind.Acquire;
    batch.amounts[0] = 4096;
    batch.kinds[1] = StepKind.Acquire;
    batch.amounts[1] = 8192;
    batch.handles[1] = 1;
    expect(ledger.run(batch, out, 0, 2)).toBe(1);
    expect(ledger.refusal).toBe("budget");
    expect(ledger.refusedTotal).toBe(4096 + 8192);
    expect(ledger.pool.allocations()).toBe(1);
    expect(ledger.heldTotal).toBe(1);
  });
});
