import { describe, expect, it } from "vitest";
import { BufferPool } from "../pool/index.ts";
import { FreeHolders } from "./freeHolders.ts";

describe("FreeHolders", () => {
  it("keeps every holder of a free list longer than its first stack, top first, and saves them", () => {
    const pool = new BufferPool(20);
    const holders = new FreeHolders(pool);
    const buffers = Array.from({ length: 20 }, () => pool.acquire(4096));
    buffers.forEach((buffer, i) => {
      buffer.release();
      holders.put(0, pool.freeListLength(0), 100 + i);
    });
    const ids = Array.from({ length: 20 }, (_, i) => 100 + i);
    expect(holders.topFirst(0, 20)).toEqual([...ids].reverse());
    expect(holders.topFirst(0, 3)).toEqual([119, 118, 117]);
    expect(new FreeHolders(pool, holders.save()).topFirst(0, 20)).toEqual([...ids].reverse());
  });
});
