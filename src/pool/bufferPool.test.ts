import { describe, expect, it, vi } from "vitest";
import {
  BufferPool,
  OVERSIZED,
  type PooledBuffer,
  SIZE_CLASSES,
  SpareStores,
  sizeClassOf,
} from "./index.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/** Everything a caller can observe of a pool. */
function observe(pool: BufferPool) {
  return {
    stats: pool.stats(),
    free: pool.freeListLengths(),
    retainedBytes: pool.retainedBytes(),
    state: pool.saveState(),
  };
}

function isAllZero(bytes: Uint8Array): boolean {
  for (let k = 0; k < bytes.length; k++) if (bytes[k] !== 0) return false;
  return true;
}

describe("size classes", () => {
  it("are 4 KiB … 1 MiB, doubling, and frozen", () => {
    expect(SIZE_CLASSES).toEqual([4, 8, 16, 32, 64, 128, 256, 512, 1024].map((k) => k * KiB));
    expect(Object.isFrozen(SIZE_CLASSES)).toBe(true);
  });

  it.each([
    [0, 0],
    [1, 0],
    [4096, 0],
    [4097, 1],
    [8192, 1],
    [8193, 2],
    [65_536, 4],
    [65_537, 5],
    [524_289, 8],
    [MiB, 8],
    [MiB + 1, OVERSIZED],
    [Number.MAX_SAFE_INTEGER, OVERSIZED],
  ])("sizeClassOf(%d) is %d", (minSize, sizeClass) => {
    expect(sizeClassOf(minSize)).toBe(sizeClass);
  });

  it("OVERSIZED is no class index", () => {
    expect(OVERSIZED).toBeGreaterThanOrEqual(SIZE_CLASSES.length);
  });
});

describe("acquire", () => {
  it("gives a zeroed buffer of the class size over a real ArrayBuffer, counted as a miss", () => {
    const pool = new BufferPool(2);
    const buffer = pool.acquire(5000);
    expect([buffer.sizeClass, buffer.length, buffer.capacity]).toEqual([1, 8192, 8192]);
    expect(buffer.bytes.buffer).toBeInstanceOf(ArrayBuffer);
    expect(buffer.bytes.buffer.byteLength).toBe(buffer.capacity);
    expect(buffer.isEmpty).toBe(false);
    expect(isAllZero(buffer.bytes)).toBe(true);
    expect(pool.stats()).toEqual({ allocations: 1, recycles: 0, misses: 1, recycleRate: 0 });
  });

  it("recycles the last released buffer of the class first (LIFO), zero-filled", () => {
    const pool = new BufferPool(4);
    const [a, b] = [pool.acquire(4096), pool.acquire(4096)];
    const [storeA, storeB] = [a.bytes.buffer, b.bytes.buffer];
    a.bytes.fill(0xa1);
    b.bytes.fill(0xb2);
    a.release();
    b.release();
    const first = pool.acquire(1);
    const second = pool.acquire(0);
    expect(first.bytes.buffer).toBe(storeB);
    expect(second.bytes.buffer).toBe(storeA);
    expect(isAllZero(first.bytes) && isAllZero(second.bytes)).toBe(true);
    expect(pool.stats()).toEqual({ allocations: 4, recycles: 2, misses: 2, recycleRate: 0.5 });
  });

  it("never looks at another class's free list", () => {
    const pool = new BufferPool(4);
    pool.acquire(8192).release();
    pool.acquire(4096);
    expect(pool.misses()).toBe(2);
    expect(pool.freeListLengths()).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("above 1 MiB gives an exact, unpooled buffer counted as a miss", () => {
    const pool = new BufferPool(4);
    const buffer = pool.acquire(MiB + 1);
    expect([buffer.sizeClass, buffer.length, buffer.capacity]).toEqual([
      OVERSIZED,
      MiB + 1,
      MiB + 1,
    ]);
    expect(pool.misses()).toBe(1);
    buffer.release();
    expect(pool.freeListLengths()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(pool.retainedBytes()).toBe(0);
  });

  it("changes no counter when the engine refuses the allocation", () => {
    const pool = new BufferPool(4);
    pool.acquire(4096).release();
    const before = observe(pool);
    expect(() => pool.acquire(2 ** 40)).toThrow(RangeError);
    expect(observe(pool)).toEqual(before);
  });
});

describe("release", () => {
  it("drops the buffer when its list already holds capacityPerClass buffers", () => {
    const pool = new BufferPool(2);
    const buffers = [1, 2, 3].map(() => pool.acquire(MiB));
    for (const buffer of buffers) buffer.release();
    expect(pool.freeListLengths()[8]).toBe(2);
    expect(pool.retainedBytes()).toBe(2 * MiB);
  });

  it("with capacity 0 drops every buffer", () => {
    const pool = new BufferPool(0);
    pool.acquire(4096).release();
    pool.acquire(4096).release();
    expect(pool.stats()).toEqual({ allocations: 2, recycles: 0, misses: 2, recycleRate: 0 });
    expect(pool.retainedBytes()).toBe(0);
  });

  it("refuses a second release, leaving the list as it was", () => {
    const pool = new BufferPool(4);
    const buffer = pool.acquire(4096);
    buffer.release();
    expect(() => buffer.release()).toThrow(/release.*already released/);
    expect(pool.freeListLengths()[0]).toBe(1);
  });

  it.each([
    ["bytes", (b: PooledBuffer) => b.bytes],
    ["length", (b: PooledBuffer) => b.length],
    ["capacity", (b: PooledBuffer) => b.capacity],
    ["isEmpty", (b: PooledBuffer) => b.isEmpty],
    ["resize", (b: PooledBuffer) => b.resize(10)],
  ])("makes %s of the released buffer throw", (member, use) => {
    const buffer = new BufferPool(4).acquire(4096);
    buffer.release();
    expect(() => use(buffer)).toThrow(
      new Error(`PooledBuffer.${member}: the buffer was already released`),
    );
    expect(buffer.sizeClass).toBe(0);
  });

  it("happens at the end of a `using` scope, and dispose after release does nothing", () => {
    const pool = new BufferPool(4);
    {
      using _scoped = pool.acquire(4096);
      expect(pool.freeListLengths()[0]).toBe(0);
    }
    expect(pool.freeListLengths()[0]).toBe(1);
    {
      using early = pool.acquire(4096);
      early.release();
    }
    expect(pool.freeListLengths()[0]).toBe(1);
  });
});

describe("resize", () => {
  // [acquired size, resizes, final length, final capacity]: Rust's Vec::resize —
  // growth past capacity takes max(2 × capacity, new length); capacity never shrinks.
  it.each([
    [4096, [4097], 4097, 8192],
    [4096, [8193], 8193, 8193],
    [4096, [5000, 3_145_728], 3_145_728, 3_145_728],
    [4096, [10], 10, 4096],
    [4096, [0, 4096], 4096, 4096],
    [8192, [0, 8193], 8193, 16384],
    [MiB + 1, [10, MiB + 2], MiB + 2, 2 * MiB + 2],
  ])("from %d through %j: length %d, capacity %d", (size, lengths, length, capacity) => {
    const buffer = new BufferPool(4).acquire(size);
    for (const newLength of lengths) buffer.resize(newLength);
    expect([buffer.length, buffer.capacity, buffer.bytes.length]).toEqual([
      length,
      capacity,
      length,
    ]);
    expect(buffer.bytes.buffer.byteLength).toBe(capacity);
    expect(buffer.isEmpty).toBe(length === 0);
  });

  it("keeps the contents and sets new bytes to value, within and beyond the capacity", () => {
    const buffer = new BufferPool(4).acquire(4096);
    buffer.bytes.fill(0xee);
    buffer.resize(10);
    buffer.resize(4000, 7);
    expect([buffer.bytes[9], buffer.bytes[10], buffer.bytes[3999]]).toEqual([0xee, 7, 7]);
    buffer.resize(5000, 9);
    expect([buffer.bytes[9], buffer.bytes[10], buffer.bytes[3999], buffer.bytes[4000]]).toEqual([
      0xee, 7, 7, 9,
    ]);
    buffer.resize(6000);
    expect([buffer.bytes[4999], buffer.bytes[5000], buffer.bytes[5999]]).toEqual([9, 0, 0]);
  });

  it("of a grown buffer returns it to its own class, where a recycle keeps its capacity", () => {
    const pool = new BufferPool(4);
    const buffer = pool.acquire(4096);
    buffer.resize(100_000, 0xff);
    buffer.release();
    expect(pool.freeListLengths()[0]).toBe(1);
    expect(pool.retainedBytes()).toBe(100_000);
    const recycled = pool.acquire(4096);
    expect([recycled.length, recycled.capacity]).toEqual([4096, 100_000]);
    expect(isAllZero(recycled.bytes)).toBe(true);
    expect(pool.retainedBytes()).toBe(0);
  });

  it("leaves the buffer as it was when the engine refuses to grow it", () => {
    const buffer = new BufferPool(4).acquire(4096);
    buffer.bytes[0] = 1;
    const view = buffer.bytes;
    expect(() => buffer.resize(2 ** 40)).toThrow(RangeError);
    expect([buffer.length, buffer.capacity, buffer.bytes]).toEqual([4096, 4096, view]);
  });
});

describe("retainedBytes", () => {
  it("sums the capacities on every free list as buffers come and go", () => {
    const pool = new BufferPool(1);
    const [a, b, c] = [pool.acquire(4096), pool.acquire(70_000), pool.acquire(4096)];
    a.release();
    b.release();
    c.release(); // dropped: list 0 is full
    expect(pool.retainedBytes()).toBe(4096 + 131_072);
    pool.acquire(1);
    expect(pool.retainedBytes()).toBe(131_072);
  });
});

describe("saveState and restore", () => {
  it("rebuild the counters and free lists, capacities in order", () => {
    const pool = new BufferPool(3);
    const grown = pool.acquire(4096);
    grown.resize(9000);
    const plain = pool.acquire(4096);
    grown.release();
    plain.release();
    pool.acquire(MiB).release();
    const state = pool.saveState();
    expect(state).toEqual({
      capacityPerClass: 3,
      allocations: 3,
      recycles: 0,
      misses: 3,
      freeLists: [[9000, 4096], [], [], [], [], [], [], [], [MiB]],
    });
    const restored = BufferPool.restore(JSON.parse(JSON.stringify(state)));
    expect(observe(restored)).toEqual(observe(pool));
    expect(restored.acquire(1).capacity).toBe(4096);
    expect(restored.acquire(1).capacity).toBe(9000);
  });

  const valid = {
    capacityPerClass: 1,
    allocations: 1,
    recycles: 0,
    misses: 1,
    freeLists: [[4096], [], [], [], [], [], [], [], []],
  };
  it.each([
    ["capacityPerClass", { capacityPerClass: -1 }],
    ["recycles", { recycles: 0.5 }],
    ["misses", { misses: NaN }],
    ["allocations", { allocations: 2 }],
    ["freeLists", { freeLists: [[4096]] }],
    ["freeLists[0]", { freeLists: [[4096, 4096], [], [], [], [], [], [], [], []] }],
    ["freeLists[1]", { freeLists: [[], [4096], [], [], [], [], [], [], []] }],
  ])("restore refuses a state with a bad %s", (name, change) => {
    expect(BufferPool.restore(valid).saveState()).toEqual(valid);
    expect(() => BufferPool.restore({ ...valid, ...change })).toThrow(
      expect.objectContaining({ name: "RangeError", message: expect.stringContaining(name) }),
    );
  });
});

describe("restoreHeld", () => {
  it("recreates a zeroed held buffer without touching a counter", () => {
    const pool = new BufferPool(2);
    const before = observe(pool);
    const buffer = pool.restoreHeld(2, 100, 40_000);
    expect([buffer.sizeClass, buffer.length, buffer.capacity]).toEqual([2, 100, 40_000]);
    expect(isAllZero(buffer.bytes)).toBe(true);
    expect(observe(pool)).toEqual(before);
    buffer.release();
    expect(pool.freeListLengths()[2]).toBe(1);
    expect(pool.retainedBytes()).toBe(40_000);
  });

  it("recreates an oversized buffer, which release drops", () => {
    const pool = new BufferPool(2);
    const buffer = pool.restoreHeld(OVERSIZED, 0, 3 * MiB);
    expect([buffer.length, buffer.capacity, buffer.isEmpty]).toEqual([0, 3 * MiB, true]);
    buffer.release();
    expect(pool.retainedBytes()).toBe(0);
  });
});

describe("discard, then restore from its spare stores", () => {
  /** A pool with two stores on class 0's list and two buffers held, all written to. */
  function used() {
    const pool = new BufferPool(4);
    const free = [pool.acquire(4096), pool.acquire(4096)];
    const held = [pool.acquire(8192), pool.acquire(2 * MiB)];
    for (const buffer of [...free, ...held]) buffer.bytes.fill(7);
    const stores = [...free, ...held].map((buffer) => buffer.bytes);
    for (const buffer of free) buffer.release();
    return { pool, held, stores, state: pool.saveState() };
  }

  it("takes every store, leaves the held buffers released, and passes over other pools' buffers", () => {
    const { pool, held } = used();
    const other = new BufferPool(4).acquire(8192);
    const spare = new SpareStores();
    pool.discard([held[0]!, null, other, held[1]!], spare);
    expect(pool.retainedBytes()).toBe(0);
    expect(pool.freeListLengths()).toEqual(SIZE_CLASSES.map(() => 0));
    for (const buffer of held) expect(() => buffer.capacity).toThrow(/already released/);
    expect(other.capacity).toBe(8192);
  });

  it("restores into the same stores, zero-filled, and allocates what the spare lacks", () => {
    const { pool, held, stores, state } = used();
    const spare = new SpareStores();
    pool.discard(held, spare);
    const restored = BufferPool.restore(state, spare);
    expect(observe(restored)).toEqual(observe(BufferPool.restore(state)));
    const again = [restored.acquire(4096), restored.acquire(4096)];
    again.push(restored.restoreHeld(1, 8192, 8192));
    again.push(restored.restoreHeld(OVERSIZED, 2 * MiB, 2 * MiB));
    // Stores of one capacity are alike: which goes where does not matter.
    const reused = again.map((buffer) => stores.indexOf(buffer.bytes));
    expect(reused.toSorted()).toEqual([0, 1, 2, 3]);
    for (const buffer of again) expect(isAllZero(buffer.bytes)).toBe(true);
    const fresh = restored.restoreHeld(1, 8192, 8192);
    expect(stores).not.toContain(fresh.bytes);
    expect(isAllZero(fresh.bytes)).toBe(true);
  });

  it("serves misses from the spare until dropSpare, filling only the stores someone wrote to", () => {
    const pool = new BufferPool(4);
    const empty = pool.saveState();
    const written = [pool.acquire(MiB), pool.acquire(MiB)];
    const stores = written.map((buffer) => buffer.bytes.fill(7));
    const clean = pool.acquire(3 * MiB);
    const spare = new SpareStores();
    pool.discard([...written, clean], spare);
    const restored = BufferPool.restore(empty, spare);
    const fill = vi.spyOn(Object.getPrototypeOf(Uint8Array.prototype) as Uint8Array, "fill");
    try {
      // Never written, so its pages need not be touched.
      expect(restored.acquire(3 * MiB).capacity).toBe(3 * MiB);
      expect(fill).not.toHaveBeenCalled();
      const miss = restored.acquire(MiB);
      expect(fill).toHaveBeenCalledTimes(1);
      expect(stores).toContain(miss.bytes);
      expect(isAllZero(miss.bytes)).toBe(true);
      restored.dropSpare();
      expect(stores).not.toContain(restored.acquire(MiB).bytes);
      expect(restored.stats()).toMatchObject({ allocations: 3, misses: 3 });
    } finally {
      fill.mockRestore();
    }
  });
});

describe("a resize that grows, after a restore from spare stores", () => {
  it("takes a spare store of the grown capacity, zero-filled beyond what it copies, until dropSpare", () => {
    const pool = new BufferPool(4);
    const empty = pool.saveState();
    const left = [pool.acquire(4096), pool.acquire(4096)];
    for (const buffer of left) buffer.resize(20_000, 9);
    const stores = left.map((buffer) => buffer.bytes);
    const spare = new SpareStores();
    pool.discard(left, spare);
    const restored = BufferPool.restore(empty, spare);
    const grown = restored.acquire(4096);
    grown.bytes.fill(3, 0, 10);
    grown.resize(20_000);
    expect(stores).toContain(grown.bytes);
    expect(grown.capacity).toBe(20_000);
    const bytes = grown.bytes;
    expect([bytes[0], bytes[9], bytes[10], bytes[4095], bytes[4096], bytes[19_999]]).toEqual([
      3, 3, 0, 0, 0, 0,
    ]);
    expect(isAllZero(bytes.subarray(10))).toBe(true);
    restored.dropSpare();
    const after = restored.acquire(4096);
    after.resize(20_000);
    expect(stores).not.toContain(after.bytes);
    expect(isAllZero(after.bytes)).toBe(true);
  });
});

// Every bad argument: a RangeError naming it, and nothing observable changes.
const NOT_A_SIZE = [-1, 0.5, NaN, Infinity, -Infinity, 2 ** 53, "8" as unknown as number];
type Call = (pool: BufferPool, buffer: PooledBuffer, x: number) => unknown;
const badArguments: [string, string, readonly number[], Call][] = [
  ["new BufferPool(x)", "capacityPerClass", NOT_A_SIZE, (_pool, _buffer, x) => new BufferPool(x)],
  ["sizeClassOf(x)", "minSize", NOT_A_SIZE, (_pool, _buffer, x) => sizeClassOf(x)],
  ["acquire(x)", "minSize", NOT_A_SIZE, (pool, _buffer, x) => pool.acquire(x)],
  ["resize(x)", "newLength", NOT_A_SIZE, (_pool, buffer, x) => buffer.resize(x)],
  [
    "resize(5000, x)",
    "value",
    [-1, 256, 1.5, NaN, "1" as unknown as number],
    (_pool, buffer, x) => buffer.resize(5000, x),
  ],
  [
    "restoreHeld(x, 0, 4096)",
    "sizeClass",
    [-1, 9, 0.5, NaN],
    (pool, _buffer, x) => pool.restoreHeld(x, 0, 4096),
  ],
  [
    "restoreHeld(0, x, 4096)",
    "length",
    NOT_A_SIZE,
    (pool, _buffer, x) => pool.restoreHeld(0, x, 4096),
  ],
  ["restoreHeld(0, 0, x)", "capacity", NOT_A_SIZE, (pool, _buffer, x) => pool.restoreHeld(0, 0, x)],
  [
    "restoreHeld(1, 8192, x)",
    "capacity",
    [4096, 8191],
    (pool, _buffer, x) => pool.restoreHeld(1, 8192, x),
  ],
  [
    "restoreHeld(OVERSIZED, 0, x)",
    "capacity",
    [MiB],
    (pool, _buffer, x) => pool.restoreHeld(OVERSIZED, 0, x),
  ],
];

describe.each(badArguments)("%s", (_call, name, bads, call) => {
  it.each(bads)(`refuses ${name} = %s with a RangeError naming it and changes nothing`, (bad) => {
    const pool = new BufferPool(2);
    const buffer = pool.acquire(4096);
    pool.acquire(8192).release();
    const look = () => ({ ...observe(pool), length: buffer.length, capacity: buffer.capacity });
    const before = look();
    expect(() => call(pool, buffer, bad)).toThrow(
      expect.objectContaining({
        name: "RangeError",
        message: expect.stringMatching(new RegExp(`^${name} must be `)),
      }),
    );
    expect(look()).toEqual(before);
  });
});
