import { describe, expect, it } from "vitest";
import { SpareStores, markWritten } from "./spareStores.ts";

describe("SpareStores", () => {
  it("hands back a store of exactly the capacity asked, until none is left, then fresh ones", () => {
    const spare = new SpareStores();
    expect(spare.empty).toBe(true);
    const stores = [new Uint8Array(4096), new Uint8Array(8192), new Uint8Array(4096)];
    for (const store of stores) spare.add(store);
    expect(spare.empty).toBe(false);
    expect(spare.take(8192)).toBe(stores[1]);
    expect(spare.take(8192)).not.toBe(stores[1]); // none of that size left: a fresh one
    const taken = [spare.take(4096), spare.take(4096)];
    expect(taken).toContain(stores[0]);
    expect(taken).toContain(stores[2]);
    expect(spare.empty).toBe(true);
  });

  it("zero-fills a store someone wrote to, and only that one", () => {
    const spare = new SpareStores();
    const written = markWritten(new Uint8Array(16).fill(9));
    const untouched = new Uint8Array(16);
    spare.add(written);
    expect(spare.take(16)).toBe(written);
    expect([...written]).toEqual(new Array(16).fill(0));
    // A store not marked is taken as it is (here it is zero anyway: no one could write to it).
    spare.add(untouched);
    expect(spare.take(16)).toBe(untouched);
  });
});
