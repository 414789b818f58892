import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DENSE_LIMIT, HeldBuffers } from "./heldBuffers.ts";

/** One operation on the held list, as the cursor performs them. */
type Op =
  | { kind: "add"; named: boolean }
  | { kind: "newest" }
  | { kind: "oldest" }
  | { kind: "all" }
  | { kind: "rank"; which: number }
  | { kind: "name"; which: number };

interface Entry {
  id: number;
  slot: number;
  line: number;
  handle: number;
}

const SLOTS = 8;
/**
 * The dense limit of the lists these tests make unless they say otherwise:
 * small, so runs cross it both ways quickly, and above twice `COPY_FROM`, so
 * gaps are closed both by the loop and by `copyWithin`.
 */
const TEST_DENSE_LIMIT = 100;

/**
 * Runs `ops` on a HeldBuffers and on a plain array of entries, oldest first,
 * and checks after each that both hold the same buffers in the same order,
 * and that every way of finding one (by rank, oldest, newest, name) agrees.
 */
function sameAsArray(ops: readonly Op[], ranked: boolean, denseLimit = TEST_DENSE_LIMIT): void {
  const held = new HeldBuffers(SLOTS, ranked, denseLimit);
  const model: Entry[] = [];
  const freeHandles: number[] = [];
  let nextHandle = 0;
  let nextId = SLOTS;
  const removeAt = (index: number): void => {
    const [entry] = model.splice(index, 1);
    freeHandles.push(entry!.handle);
  };
  ops.forEach((op, k) => {
    switch (op.kind) {
      case "add": {
        const free = Array.from({ length: SLOTS }, (_, slot) => slot).filter(
          (slot) => !model.some((entry) => entry.slot === slot),
        );
        const slot = op.named && free.length > 0 ? free[0]! : -1;
        const id = slot >= 0 ? slot : nextId++;
        const handle = freeHandles.pop() ?? nextHandle++;
        expect(held.add(id, slot, k + 1)).toBe(handle);
        model.push({ id, slot, line: k + 1, handle });
        break;
      }
      case "newest":
        if (model.length === 0) return;
        held.removeAt(held.newestPosition());
        removeAt(model.length - 1);
        break;
      case "oldest":
        if (model.length === 0) return;
        held.removeAt(held.oldestPosition());
        removeAt(0);
        break;
      case "all": {
        const ids = new Float64Array(model.length + 2).fill(-7);
        const handles = new Int32Array(model.length + 2).fill(-7);
        expect(held.removeAll(ids, handles, 1)).toBe(model.length);
        // Oldest first, as many as held, from index 1 and no further.
        expect([...ids]).toEqual([-7, ...model.map((entry) => entry.id), -7]);
        expect([...handles]).toEqual([-7, ...model.map((entry) => entry.handle), -7]);
        while (model.length > 0) removeAt(0);
        break;
      }
      case "rank": {
        if (model.length === 0 || !ranked) return;
        const rank = op.which % model.length;
        const position = held.positionAt(rank);
        expect(held.idAt(position)).toBe(model[rank]!.id);
        held.removeAt(position);
        removeAt(rank);
        break;
      }
      case "name": {
        const slot = op.which % SLOTS;
        const index = model.findIndex((entry) => entry.slot === slot);
        const position = held.positionOf(slot);
        expect(position >= 0).toBe(index >= 0);
        if (index < 0) return;
        expect(held.handleAt(position)).toBe(model[index]!.handle);
        held.removeAt(position);
        removeAt(index);
        break;
      }
    }
    expect(held.count).toBe(model.length);
    if (k % 16 === 0 || k === ops.length - 1) {
      expect(held.entries()).toEqual(model.map(({ id, line, handle }) => ({ id, line, handle })));
    }
    for (let slot = 0; slot < SLOTS; slot++) {
      const entry = model.find((candidate) => candidate.slot === slot);
      const position = held.positionOf(slot);
      expect(position >= 0 ? held.handleAt(position) : -1).toBe(entry?.handle ?? -1);
    }
    if (model.length > 0) {
      expect(held.idAt(held.oldestPosition())).toBe(model[0]!.id);
      expect(held.idAt(held.newestPosition())).toBe(model.at(-1)!.id);
      if (ranked) {
        const rank = k % model.length;
        expect(held.idAt(held.positionAt(rank))).toBe(model[rank]!.id);
      }
    }
  });
}

/** Runs of adds and of removals, long enough to cross {@link TEST_DENSE_LIMIT} both ways. */
const opsArb = fc
  .array(
    fc.oneof(
      fc
        .tuple(fc.integer({ min: 1, max: 3 * TEST_DENSE_LIMIT }), fc.boolean())
        .map(([n, named]) =>
          Array.from({ length: n }, (_, i): Op => ({ kind: "add", named: named && i % 4 === 0 })),
        ),
      fc
        .tuple(
          fc.integer({ min: 1, max: 2 * TEST_DENSE_LIMIT }),
          fc.constantFrom("newest", "oldest", "rank", "name", "all"),
          fc.nat(),
        )
        .map(([n, kind, which]) =>
          Array.from({ length: n }, (_, i): Op => {
            if (kind === "rank" || kind === "name") return { kind, which: which + 7 * i };
            return { kind };
          }),
        ),
    ),
    { maxLength: 12 },
  )
  .map((runs) => runs.flat());

describe("HeldBuffers", () => {
  it("keeps the order of a plain array, with the tree (dense and scattered) or without it", () => {
    fc.assert(
      fc.property(opsArb, fc.boolean(), (ops, ranked) => sameAsArray(ops, ranked)),
      { numRuns: 100 },
    );
  });

  it("moves named buffers with the gap a random pick closes", () => {
    const ops: Op[] = [];
    for (let i = 0; i < 40; i++) ops.push({ kind: "add", named: i % 3 === 0 });
    for (let i = 0; i < 30; i++) ops.push({ kind: "rank", which: 3 * i + 1 });
    sameAsArray(ops, true);
  });

  it("finds every rank of a list that grew past the dense limit and shrank below it again", () => {
    const grow: Op[] = Array.from({ length: 3 * TEST_DENSE_LIMIT }, () => ({
      kind: "add",
      named: false,
    }));
    const scatter: Op[] = Array.from({ length: 2 * TEST_DENSE_LIMIT }, (_, i) => ({
      kind: "rank",
      which: 5 * i + 1,
    }));
    const refill: Op[] = Array.from({ length: TEST_DENSE_LIMIT }, () => ({
      kind: "add",
      named: true,
    }));
    sameAsArray([...grow, ...scatter, ...refill, ...scatter, ...grow], true);
  });

  it("stays dense up to its real limit, closing gaps of up to thousands of positions", () => {
    const fill = (count: number): Op[] =>
      Array.from({ length: count }, (_, i) => ({ kind: "add", named: i % 500 === 0 }));
    const picks = (count: number): Op[] =>
      Array.from({ length: count }, (_, i) => ({ kind: "rank", which: 37 * i + 11 }));
    // Up to the limit, down to half of it and up again.
    sameAsArray(
      [...fill(DENSE_LIMIT), ...picks(DENSE_LIMIT / 2), ...fill(DENSE_LIMIT / 2), ...picks(300)],
      true,
      DENSE_LIMIT,
    );
  });

  it("closes the gap at every rank of every dense list, then keeps adding and picking", () => {
    for (let size = 1; size <= 40; size++) {
      for (let rank = 0; rank < size; rank++) {
        const ops: Op[] = Array.from({ length: size }, (_, i) => ({
          kind: "add",
          named: i === rank,
        }));
        ops.push({ kind: "rank", which: rank });
        // Then a run of picks at ranks near the newest end, each after an add.
        for (let i = 0; i < 24; i++)
          ops.push({ kind: "add", named: false }, { kind: "rank", which: 4 * size - 1 - (i % 3) });
        ops.push({ kind: "all" });
        sameAsArray(ops, true);
      }
    }
  });
});
