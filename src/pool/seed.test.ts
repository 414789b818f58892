// The six unit tests of the seed's buffer_pool.rs, one for one: same names,
// same assertions. Rust's `drop(buf)` is `buf.release()` here.
import { describe, expect, it } from "vitest";
import { BufferPool, SIZE_CLASSES } from "./index.ts";

describe("buffer_pool.rs tests", () => {
  /** Verify that a buffer acquired for `min_size` bytes has at least that many bytes available. */
  it("test_buffer_pool_basic_acquire", () => {
    const pool = new BufferPool(4);
    const buf = pool.acquire(1_000);
    expect(buf.length, "buffer must be at least the requested size").toBeGreaterThanOrEqual(1_000);
  });

  /** Drop a buffer, re-acquire one, and verify the recycle counter climbs. */
  it("test_buffer_pool_recycle", () => {
    const pool = new BufferPool(4);
    const buf = pool.acquire(4_096);
    buf.release();
    using _buf2 = pool.acquire(4_096);
    expect(pool.recycles(), "second acquire should be a recycle").toBeGreaterThanOrEqual(1);
  });

  /** Verify that buffers are rounded up to the correct size-class capacity. */
  it("test_buffer_pool_size_classes", () => {
    const pool = new BufferPool(4);

    const cases: [number, number][] = [
      [1, SIZE_CLASSES[0]!], // 1 → 4 KB
      [4_096, SIZE_CLASSES[0]!], // exactly 4 KB → 4 KB
      [8_193, SIZE_CLASSES[2]!], // just over 8 KB → 16 KB
      [65_537, SIZE_CLASSES[4 + 1]!], // just over 64 KB → 128 KB
    ];

    for (const [req, expectedCap] of cases) {
      using buf = pool.acquire(req);
      expect(buf.capacity, `request ${req} → expected size-class capacity ${expectedCap}`).toBe(
        expectedCap,
      );
    }
  });

  /** The free list must not grow beyond `capacity_per_class`. */
  it("test_buffer_pool_capacity_limit", () => {
    const capacity = 3;
    const pool = new BufferPool(capacity);

    // Acquire capacity + 1 buffers, all in the same size class.
    const buffers = Array.from({ length: capacity + 1 }, () => pool.acquire(4_096));
    // Drop them all — the pool may keep at most `capacity`.
    for (const buffer of buffers) buffer.release();

    const freeCount = pool.freeListLengths()[0]!;
    expect(freeCount, `free list must not exceed capacity (got ${freeCount})`).toBeLessThanOrEqual(
      capacity,
    );
  });

  /** Write via `DerefMut`, read via `Deref` (here: through `bytes`). */
  it("test_pooled_buffer_deref", () => {
    const pool = new BufferPool(4);
    using buf = pool.acquire(4_096);

    buf.bytes[0] = 0xaa;
    buf.bytes[1] = 0xbb;

    expect(buf.bytes[0]).toBe(0xaa);
    expect(buf.bytes[1]).toBe(0xbb);
  });

  /** Counters must reflect acquire / recycle / miss semantics. */
  it("test_buffer_pool_stats", () => {
    const pool = new BufferPool(4);

    // First acquire: miss (free list is empty).
    const b1 = pool.acquire(4_096);
    expect(pool.allocations()).toBe(1);
    expect(pool.misses()).toBe(1);
    expect(pool.recycles()).toBe(0);

    // Release b1 back to the pool.
    b1.release();

    // Second acquire: recycle.
    using _b2 = pool.acquire(4_096);
    expect(pool.allocations()).toBe(2);
    expect(pool.misses()).toBe(1);
    expect(pool.recycles()).toBe(1);

    const stats = pool.stats();
    expect(stats.allocations).toBe(2);
    expect(stats.recycles).toBe(1);
    expect(Math.abs(stats.recycleRate - 0.5)).toBeLessThan(Number.EPSILON);
  });
});
