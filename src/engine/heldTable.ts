import type { PooledBuffer } from "../pool/index.ts";

/**
 * Ids below this are held in plain arrays indexed by id: a script's names and
 * its first unnamed buffers, so the usual loop of acquire and release touches
 * no hash table. Other ids (later unnamed buffers, clicks) go in a Map.
 */
const DENSE_IDS = 4096;

interface Entry {
  readonly buffer: PooledBuffer;
  /** Acquisition order: larger is newer. */
  readonly order: number;
}

/**
 * Held buffers by id (a script buffer's id from `Program.bufferId`, or the
 * engine's negative id of a click's buffer), in acquisition order.
 */
export class HeldTable {
  private readonly dense: (PooledBuffer | null)[] = [];
  private readonly denseOrder = new Float64Array(DENSE_IDS);
  private readonly sparse = new Map<number, Entry>();
  private live = 0;
  private counter = 0;

  /** Number of held buffers. */
  get size(): number {
    return this.live;
  }

  get(id: number): PooledBuffer | undefined {
    if (id >= 0 && id < DENSE_IDS) return this.dense[id] ?? undefined;
    return this.sparse.get(id)?.buffer;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** Holds `buffer` as `id`, the newest; the id must not be held. */
  add(id: number, buffer: PooledBuffer): void {
    const order = ++this.counter;
    if (id >= 0 && id < DENSE_IDS) {
      const dense = this.dense;
      // Keep the array packed: fill any gap below `id` before writing it.
      while (dense.length < id) dense.push(null);
      dense[id] = buffer;
      this.denseOrder[id] = order;
    } else {
      this.sparse.set(id, { buffer, order });
    }
    this.live++;
  }

  /** Stops holding `id`; returns its buffer, or undefined when it was not held. */
  remove(id: number): PooledBuffer | undefined {
    let buffer: PooledBuffer | undefined;
    if (id >= 0 && id < DENSE_IDS) {
      buffer = this.dense[id] ?? undefined;
      if (buffer !== undefined) this.dense[id] = null;
    } else {
      buffer = this.sparse.get(id)?.buffer;
      if (buffer !== undefined) this.sparse.delete(id);
    }
    if (buffer !== undefined) this.live--;
    return buffer;
  }

  /** The held buffers as [id, buffer], oldest first; at most `limit` of them. */
  oldestFirst(limit = Number.POSITIVE_INFINITY): [number, PooledBuffer][] {
    const held: [number, PooledBuffer, number][] = [];
    this.dense.forEach((buffer, id) => {
      if (buffer) held.push([id, buffer, this.denseOrder[id]!]);
    });
    for (const [id, { buffer, order }] of this.sparse) held.push([id, buffer, order]);
    held.sort((a, b) => a[2] - b[2]);
    return held.slice(0, limit).map(([id, buffer]) => [id, buffer]);
  }
}
