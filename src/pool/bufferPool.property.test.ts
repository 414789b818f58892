// Random op sequences checked against a small model of the seed's pool, and a
// saved-then-restored pool checked against the original.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BufferPool, OVERSIZED, type PooledBuffer, SIZE_CLASSES } from "./index.ts";

const MiB = 1024 * 1024;

type Op =
  | { readonly kind: "acquire"; readonly size: number; readonly mark: number }
  | { readonly kind: "release"; readonly pick: number }
  | {
      readonly kind: "resize";
      readonly pick: number;
      readonly length: number;
      readonly value: number;
    };

const size = fc.oneof(
  fc.constantFrom(0, 1, ...SIZE_CLASSES.flatMap((c) => [c - 1, c, c + 1])),
  fc.integer({ min: 0, max: MiB }),
  // Oversized: how far above 1 MiB changes nothing but the time a test takes.
  fc.integer({ min: MiB + 1, max: MiB + 65_536 }),
);
const byte = fc.integer({ min: 0, max: 255 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("acquire"), size, mark: byte }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("release"), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("resize"),
      pick: fc.nat(),
      length: size,
      value: byte,
    }),
  },
);
const capacity = fc.integer({ min: 0, max: 4 });
/** Hundreds of runs moving megabytes: room for a busy machine. */
const SLOW = { timeout: 60_000 };

/** The class a request falls in, by the seed's linear search; -1 when oversized. */
const referenceClass = (minSize: number) => SIZE_CLASSES.findIndex((c) => c >= minSize);

/** Whether every byte is 0, read four at a time (views of pool buffers start at offset 0). */
function isZeroed(bytes: Uint8Array): boolean {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  for (let k = 0; k < words.length; k++) if (words[k] !== 0) return false;
  for (let k = words.length << 2; k < bytes.length; k++) if (bytes[k] !== 0) return false;
  return true;
}

/** A held buffer as the model sees it: its store, and its contents as runs of one byte value. */
interface Held {
  readonly buffer: PooledBuffer;
  store: ArrayBuffer;
  runs: { end: number; value: number }[];
}

/** The seed's pool, said plainly: counters, and free lists of the stores themselves. */
class Model {
  allocations = 0;
  recycles = 0;
  misses = 0;
  readonly free: ArrayBuffer[][] = SIZE_CLASSES.map(() => []);
  readonly held: Held[] = [];
  readonly released: PooledBuffer[] = [];
  readonly seen = new WeakSet<ArrayBuffer>();

  constructor(
    readonly pool: BufferPool,
    readonly capacity: number,
  ) {}

  apply(op: Op): void {
    if (op.kind === "acquire") this.acquire(op.size, op.mark);
    else if (this.held.length === 0) return;
    else if (op.kind === "release") this.release(op.pick % this.held.length);
    else this.resize(this.held[op.pick % this.held.length]!, op.length, op.value);
  }

  acquire(minSize: number, mark: number): void {
    const sizeClass = referenceClass(minSize);
    const recycled = sizeClass < 0 ? undefined : this.free[sizeClass]!.pop();
    const buffer = this.pool.acquire(minSize);
    this.allocations++;
    const store = buffer.bytes.buffer;
    if (recycled === undefined) {
      this.misses++;
      expect(this.seen.has(store), "a miss gives a fresh buffer").toBe(false);
    } else {
      this.recycles++;
      expect(store, "a recycle pops the last buffer released into the class").toBe(recycled);
    }
    const length = sizeClass < 0 ? minSize : SIZE_CLASSES[sizeClass]!;
    expect(buffer.sizeClass).toBe(sizeClass < 0 ? OVERSIZED : sizeClass);
    expect([buffer.length, buffer.capacity]).toEqual([length, recycled?.byteLength ?? length]);
    expect(isZeroed(buffer.bytes), "an acquired buffer reads all zeros").toBe(true);
    buffer.bytes.fill(mark);
    this.seen.add(store);
    this.held.push({ buffer, store, runs: [{ end: length, value: mark }] });
  }

  release(index: number): void {
    const [{ buffer, store }] = this.held.splice(index, 1) as [Held];
    buffer.release();
    const list = this.free[buffer.sizeClass];
    if (list !== undefined && list.length < this.capacity) list.push(store);
    this.released.push(buffer);
  }

  resize(held: Held, newLength: number, value: number): void {
    const { buffer } = held;
    const [length, capacity] = [buffer.length, buffer.capacity];
    buffer.resize(newLength, value);
    const grown = newLength > capacity;
    expect(buffer.capacity).toBe(grown ? Math.max(2 * capacity, newLength, 8) : capacity);
    expect(buffer.length).toBe(newLength);
    const store = buffer.bytes.buffer;
    expect(store === held.store).toBe(!grown);
    expect(this.seen.has(store)).toBe(!grown);
    this.seen.add(store);
    held.store = store;
    if (newLength > length) held.runs.push({ end: newLength, value });
    held.runs = held.runs.filter((run, k, runs) => k === 0 || runs[k - 1]!.end < newLength);
    held.runs.at(-1)!.end = newLength;
    let start = 0;
    for (const { end, value } of held.runs) {
      if (end > start) expect([buffer.bytes[start], buffer.bytes[end - 1]]).toEqual([value, value]);
      start = end;
    }
  }

  check(): void {
    const { pool } = this;
    const { allocations, recycles, misses } = this;
    const recycleRate = allocations === 0 ? 0 : recycles / allocations;
    expect(pool.stats()).toEqual({ allocations, recycles, misses, recycleRate });
    expect(pool.allocations()).toBe(pool.recycles() + pool.misses());
    const lengths = pool.freeListLengths();
    expect(lengths).toEqual(this.free.map((list) => list.length));
    expect(Math.max(...lengths)).toBeLessThanOrEqual(this.capacity);
    expect(pool.saveState().freeLists).toEqual(this.free.map((l) => l.map((s) => s.byteLength)));
    const listed = this.free.flat();
    expect(pool.retainedBytes()).toBe(listed.reduce((sum, store) => sum + store.byteLength, 0));
    const stores = [...listed, ...this.held.map((h) => h.store)];
    expect(new Set(stores).size, "no buffer twice on the lists, or listed while held").toBe(
      stores.length,
    );
  }

  checkReleased(): void {
    for (const buffer of this.released) {
      expect(() => buffer.bytes).toThrow(/already released/);
      expect(() => buffer.resize(0)).toThrow(/already released/);
      expect(() => buffer.release()).toThrow(/already released/);
      buffer[Symbol.dispose]();
    }
    this.check();
  }
}

/** Apply `op` to a pool and its held buffers (marking each acquired one), returning what it showed. */
function step(pool: BufferPool, held: PooledBuffer[], op: Op): unknown {
  if (op.kind === "acquire") {
    const buffer = pool.acquire(op.size);
    held.push(buffer);
    const { sizeClass, length, capacity } = buffer;
    const shown = { sizeClass, length, capacity, zeroed: isZeroed(buffer.bytes) };
    buffer.bytes.fill(op.mark);
    return shown;
  }
  if (held.length === 0) return null;
  const index = op.pick % held.length;
  if (op.kind === "release") {
    held.splice(index, 1)[0]!.release();
    return null;
  }
  const buffer = held[index]!;
  buffer.resize(op.length, op.value);
  // Not the contents: a restored held buffer is zeroed where the original was written.
  return { length: buffer.length, capacity: buffer.capacity };
}

function observe(pool: BufferPool) {
  return { stats: pool.stats(), retainedBytes: pool.retainedBytes(), state: pool.saveState() };
}

describe("BufferPool against a model", () => {
  it(
    "keeps the seed's counters, lists and LIFO order, zeroes recycles, refuses released handles",
    SLOW,
    () => {
      fc.assert(
        fc.property(capacity, fc.array(op, { maxLength: 60 }), (capacityPerClass, ops) => {
          const model = new Model(new BufferPool(capacityPerClass), capacityPerClass);
          for (const next of ops) {
            model.apply(next);
            model.check();
          }
          model.checkReleased();
        }),
        { numRuns: 200 },
      );
    },
  );
});

describe("saveState and restore", () => {
  it("give a pool that continues exactly like the original", SLOW, () => {
    fc.assert(
      fc.property(
        capacity,
        fc.array(op, { maxLength: 40 }),
        fc.array(op, { maxLength: 40 }),
        (capacityPerClass, before, after) => {
          const original = new BufferPool(capacityPerClass);
          const held: PooledBuffer[] = [];
          for (const next of before) step(original, held, next);
          const state = original.saveState();
          const restored = BufferPool.restore(state);
          const restoredHeld = held.map((b) =>
            restored.restoreHeld(b.sizeClass, b.length, b.capacity),
          );
          expect(restored.saveState()).toEqual(state);
          expect(
            restoredHeld.map((b) => [b.sizeClass, b.length, b.capacity, isZeroed(b.bytes)]),
          ).toEqual(held.map((b) => [b.sizeClass, b.length, b.capacity, true]));
          for (const next of after) {
            expect(step(restored, restoredHeld, next)).toEqual(step(original, held, next));
            expect(observe(restored)).toEqual(observe(original));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

// A store nobody wrote to is neither copied nor filled with zeros (spareStores.ts): every
// buffer still reads as Rust's Vec would, whether or not its bytes were ever looked at.
describe("the bytes of buffers written to or not", () => {
  type Move =
    | { readonly kind: "acquire"; readonly size: number }
    | { readonly kind: "release" | "write"; readonly pick: number; readonly value: number }
    | {
        readonly kind: "resize";
        readonly pick: number;
        readonly length: number;
        readonly value: number;
      };
  const small = fc.integer({ min: 0, max: 40_000 });
  const sometimes = fc.oneof(fc.constant(0), byte);
  const move: fc.Arbitrary<Move> = fc.oneof(
    fc.record({ kind: fc.constant("acquire"), size: small }),
    fc.record({ kind: fc.constantFrom("release", "write"), pick: fc.nat(), value: byte }),
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("resize"),
        pick: fc.nat(),
        length: small,
        value: sometimes,
      }),
    },
  );

  it("are what a model of Vec gives at the end, through recycles, shrinks and regrowth", () => {
    fc.assert(
      fc.property(capacity, fc.array(move, { maxLength: 60 }), (capacityPerClass, moves) => {
        const pool = new BufferPool(capacityPerClass);
        const held: { buffer: PooledBuffer; model: number[] }[] = [];
        for (const next of moves) {
          if (next.kind === "acquire") {
            const buffer = pool.acquire(next.size);
            held.push({ buffer, model: new Array<number>(buffer.length).fill(0) });
            continue;
          }
          if (held.length === 0) continue;
          const at = next.pick % held.length;
          const { buffer, model } = held[at]!;
          if (next.kind === "resize") {
            buffer.resize(next.length, next.value);
            const kept = model.length;
            model.length = next.length;
            if (next.length > kept) model.fill(next.value, kept);
          } else if (next.kind === "release") {
            buffer.release();
            held.splice(at, 1);
          } else {
            buffer.bytes.fill(next.value);
            model.fill(next.value);
          }
        }
        for (const { buffer, model } of held) expect(Array.from(buffer.bytes)).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });
});
