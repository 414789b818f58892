/** Backing stores of a discarded pool, for a pool restored in its place. Pure. */

/** A buffer's backing store. */
export type Store = Uint8Array<ArrayBuffer>;

/**
 * Stores whose bytes may not all be zero: a caller had them through
 * `PooledBuffer.bytes`, or a resize wrote a value into them. The others were
 * never written: a spare one is handed out again as it is, without filling,
 * which would touch every page of stores the system has never mapped in, and
 * a resize neither copies them into a grown store nor fills them with zeros.
 */
const written = new WeakSet<Store>();

/** Notes that `store`'s bytes may no longer all be zero. */
export function markWritten(store: Store): Store {
  written.add(store);
  return store;
}

/** Whether `store`'s bytes may not all be zero. */
export function isWritten(store: Store): boolean {
  return written.has(store);
}

/**
 * Backing stores a discarded pool gave up (`BufferPool.discard`), by
 * capacity, for a pool restored in its place to reuse instead of allocating:
 * zero-filling a store costs a fraction of allocating one, and a run may
 * hold hundreds of megabytes.
 */
export class SpareStores {
  readonly #byCapacity = new Map<number, Store[]>();
  #count = 0;

  /** Whether no store is left. */
  get empty(): boolean {
    return this.#count === 0;
  }

  add(store: Store): void {
    this.#count++;
    const list = this.#byCapacity.get(store.length);
    if (list === undefined) this.#byCapacity.set(store.length, [store]);
    else list.push(store);
  }

  /** A zero-filled store of exactly `capacity` bytes: a spare one if there is one left, else a fresh one. */
  take(capacity: number): Store {
    const store = this.#byCapacity.get(capacity)?.pop();
    if (store === undefined) return new Uint8Array(capacity);
    this.#count--;
    if (written.delete(store)) store.fill(0);
    return store;
  }
}
