import type { PooledBuffer } from "../pool/index.ts";

interface Slot {
  buffer: PooledBuffer | null;
  /** Acquisition order: larger is newer. */
  order: number;
}

/** Slots kept for released names before the table is compacted. */
const COMPACT_AFTER = 4096;

/**
 * Held buffers by name, in acquisition order.
 *
 * A plain Map with `delete` reallocates its table when a script acquires and
 * releases one name in a loop (the common case), so released names keep their
 * slot here and are swept out only when they outnumber the held ones.
 */
export class HeldTable {
  private slots = new Map<string, Slot>();
  private live = 0;
  private counter = 0;

  /** Number of held buffers. */
  get size(): number {
    return this.live;
  }

  get(name: string): PooledBuffer | undefined {
    return this.slots.get(name)?.buffer ?? undefined;
  }

  has(name: string): boolean {
    return (this.slots.get(name)?.buffer ?? null) !== null;
  }

  /** Holds `buffer` as `name`, the newest; the name must not be held. */
  add(name: string, buffer: PooledBuffer): void {
    const slot = this.slots.get(name);
    if (slot) {
      slot.buffer = buffer;
      slot.order = ++this.counter;
    } else {
      this.slots.set(name, { buffer, order: ++this.counter });
    }
    this.live++;
  }

  /** Stops holding `name`; returns its buffer, or undefined when it was not held. */
  remove(name: string): PooledBuffer | undefined {
    const slot = this.slots.get(name);
    const buffer = slot?.buffer;
    if (!slot || !buffer) return undefined;
    slot.buffer = null;
    this.live--;
    if (this.slots.size > COMPACT_AFTER && this.slots.size > 2 * this.live) this.compact();
    return buffer;
  }

  /** The held buffers, oldest first; at most `limit` of them. */
  oldestFirst(limit = Number.POSITIVE_INFINITY): [string, PooledBuffer][] {
    const held: [string, PooledBuffer, number][] = [];
    for (const [name, slot] of this.slots)
      if (slot.buffer) held.push([name, slot.buffer, slot.order]);
    held.sort((a, b) => a[2] - b[2]);
    return held.slice(0, limit).map(([name, buffer]) => [name, buffer]);
  }

  private compact(): void {
    const slots = new Map<string, Slot>();
    for (const [name, slot] of this.slots) if (slot.buffer) slots.set(name, slot);
    this.slots = slots;
  }
}
