import { describe, expect, it } from "vitest";
import { HandleColumns } from "./handleColumns.ts";

describe("HandleColumns", () => {
  it("keeps every handle's figures when it grows, and makes room for the handle asked", () => {
    const columns = new HandleColumns();
    const start = columns.ids.length;
    for (let handle = 0; handle < start; handle++) {
      columns.set(handle, 1000 + handle, 2 * handle, 4096 << (handle % 3), handle % 10);
    }
    columns.ensure(5 * start + 1);
    expect(columns.ids.length).toBeGreaterThan(5 * start);
    for (const column of [columns.orders, columns.capacities, columns.slots]) {
      expect(column.length).toBe(columns.ids.length);
    }
    columns.set(5 * start, 1, 2, 3, 4);
    for (let handle = 0; handle < start; handle++) {
      expect([
        columns.ids[handle],
        columns.orders[handle],
        columns.capacities[handle],
        columns.slots[handle],
      ]).toEqual([1000 + handle, 2 * handle, 4096 << (handle % 3), handle % 10]);
    }
    const before = columns.ids;
    columns.ensure(3);
    expect(columns.ids).toBe(before);
  });
});
