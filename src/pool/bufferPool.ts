/**
 * The seed's buffer pool (`buffer_pool.rs`) in TypeScript, counter for counter.
 *
 * Buffers are grouped into nine size classes, 4 KiB to 1 MiB. Each class has a
 * LIFO free list holding at most `capacityPerClass` released buffers. A request
 * above 1 MiB gets a fresh buffer of exactly its size that is never pooled.
 * Buffers are real `ArrayBuffer`s: a buffer's capacity is its backing store's
 * size, and a recycled buffer is really zero-filled.
 *
 * Pure: no DOM, no worker globals.
 */

import {
  LARGEST_CLASS,
  MIN_NON_ZERO_CAPACITY,
  OVERSIZED,
  OVERSIZED_INDEX,
  SIZE_CLASSES,
  SMALLEST_CLASS,
  badArgument,
  pooledClassFor,
  isSize,
} from "./sizeClasses.ts";
import { SpareStores, isWritten, markWritten, type Store } from "./spareStores.ts";

/** A snapshot of a pool's counters (the seed's `BufferPoolStats`). */
export interface BufferPoolStats {
  /** Total number of acquisitions. */
  allocations: number;
  /** Acquisitions served from a free list. */
  recycles: number;
  /** Acquisitions that needed a fresh buffer: empty free list or oversized request. */
  misses: number;
  /** `recycles / allocations`, or 0 when there are no allocations. */
  recycleRate: number;
}

/** Everything needed to rebuild a pool that behaves exactly like the one saved. */
export interface PoolState {
  /** The saved pool's `capacityPerClass`. */
  readonly capacityPerClass: number;
  /** Total acquisitions so far. */
  readonly allocations: number;
  /** Acquisitions served from a free list so far. */
  readonly recycles: number;
  /** Acquisitions that needed a fresh buffer so far. */
  readonly misses: number;
  /** Per size class, the capacities of the buffers on its free list, bottom to top. */
  readonly freeLists: readonly (readonly number[])[];
}

/** What a released buffer's view becomes, so a kept handle does not keep its memory alive. */
const NO_BYTES: Store = new Uint8Array(0);

// Friend access between the two classes, set in their static blocks: the pool creates buffers
// through a private constructor, and a buffer returns its store to the pool's private free
// list and takes a grown one from where the pool takes fresh ones.
let createBuffer: (pool: BufferPool, classIndex: number, store: Store, view: Store) => PooledBuffer;
let returnToPool: (pool: BufferPool, store: Store, sizeClass: number) => void;
let freshStore: (pool: BufferPool, size: number) => Store;
let takeStore: (pool: BufferPool, buffer: PooledBuffer) => Store | null;

/**
 * A pool of reusable byte buffers organized by size class (the seed's
 * `BufferPool`). Get a buffer with {@link BufferPool.acquire}; give it back with
 * {@link PooledBuffer.release} or a `using` declaration.
 */
export class BufferPool {
  /** The most released buffers kept per size class; a release beyond it drops the buffer. */
  readonly capacityPerClass: number;
  #allocations = 0;
  #recycles = 0;
  #misses = 0;
  #retainedBytes = 0;
  readonly #freeLists: Store[][] = SIZE_CLASSES.map(() => []);
  /** Where a fresh store comes from, if it has one of the size, until {@link dropSpare}. */
  #spare: SpareStores | null = null;

  static {
    returnToPool = (pool, store, sizeClass) => {
      const list = pool.#freeLists[sizeClass]!;
      if (list.length < pool.capacityPerClass) {
        list.push(store);
        pool.#retainedBytes += store.length;
      }
    };
    freshStore = (pool, size) => pool.#fresh(size);
  }

  /**
   * A pool keeping at most `capacityPerClass` idle buffers per size class.
   *
   * @throws RangeError naming `capacityPerClass` unless it is a non-negative safe integer.
   */
  constructor(capacityPerClass: number) {
    if (!isSize(capacityPerClass)) {
      throw badArgument("capacityPerClass", capacityPerClass, "a non-negative safe integer");
    }
    this.capacityPerClass = capacityPerClass;
  }

  /**
   * A buffer of at least `minSize` bytes. Counts an allocation; then pops the
   * most recently released buffer of the smallest fitting class and zero-fills
   * it to the class size (a recycle, keeping the buffer's capacity), or, if
   * that list is empty, allocates a fresh zeroed buffer of the class size (a
   * miss). Other classes' lists are never looked at. Above 1 MiB the buffer is
   * fresh, exactly `minSize` bytes, counted as a miss and never pooled.
   *
   * @throws RangeError naming `minSize` unless it is a non-negative safe integer.
   * @throws RangeError from the engine when it refuses the allocation; no counter changes.
   */
  acquire(minSize: number): PooledBuffer {
    if (!isSize(minSize)) throw badArgument("minSize", minSize, "a non-negative safe integer");
    if (minSize > LARGEST_CLASS) {
      const store = this.#fresh(minSize);
      this.#allocations++;
      this.#misses++;
      return createBuffer(this, OVERSIZED_INDEX, store, store);
    }
    const sizeClass = pooledClassFor(minSize);
    // 32-bit: a class index is 0…8, so the shift is at most 2^20 (1 MiB)
    const classSize = SMALLEST_CLASS << sizeClass;
    const store = this.#freeLists[sizeClass]!.pop();
    if (store === undefined) {
      const fresh = this.#fresh(classSize);
      this.#misses++;
      this.#allocations++;
      return createBuffer(this, sizeClass, fresh, fresh);
    }
    this.#retainedBytes -= store.length;
    const view = store.length === classSize ? store : store.subarray(0, classSize);
    view.fill(0);
    this.#recycles++;
    this.#allocations++;
    return createBuffer(this, sizeClass, store, view);
  }

  /** Total number of acquisitions. */
  allocations(): number {
    return this.#allocations;
  }

  /** Acquisitions served from a free list. */
  recycles(): number {
    return this.#recycles;
  }

  /** Acquisitions that needed a fresh buffer. */
  misses(): number {
    return this.#misses;
  }

  /** A snapshot of all counters. */
  stats(): BufferPoolStats {
    const allocations = this.#allocations;
    const recycles = this.#recycles;
    return {
      allocations,
      recycles,
      misses: this.#misses,
      recycleRate: allocations === 0 ? 0 : recycles / allocations,
    };
  }

  /** How many buffers each of the nine free lists holds (nine numbers). */
  freeListLengths(): number[] {
    return this.#freeLists.map((list) => list.length);
  }

  /** How many buffers the free list of class `sizeClass` (0…8) holds; 0 for any other number. O(1). */
  freeListLength(sizeClass: number): number {
    return this.#freeLists[sizeClass]?.length ?? 0;
  }

  /** The capacities of the buffers on class `sizeClass`'s free list, bottom to top (the top is handed out next). */
  freeListCapacities(sizeClass: number): number[] {
    return (this.#freeLists[sizeClass] ?? []).map((store) => store.length);
  }

  /** The capacity of the `index`-th buffer from the bottom of class `sizeClass`'s free list; O(1), no allocation. */
  freeListCapacityAt(sizeClass: number, index: number): number {
    return this.#freeLists[sizeClass]?.[index]?.length ?? 0;
  }

  /** Bytes of backing store held by all free lists: the sum of their buffers' capacities. O(1). */
  retainedBytes(): number {
    return this.#retainedBytes;
  }

  /** The counters and free lists, to rebuild an identical pool with {@link BufferPool.restore}. */
  saveState(): PoolState {
    return {
      capacityPerClass: this.capacityPerClass,
      allocations: this.#allocations,
      recycles: this.#recycles,
      misses: this.#misses,
      freeLists: this.#freeLists.map((list) => list.map((store) => store.length)),
    };
  }

  /**
   * A pool in the saved state: same counters, and free lists of zeroed
   * buffers with the saved capacities in the saved order, so that it behaves
   * from here exactly as the saved pool would. Their stores, those of
   * {@link restoreHeld}, of misses and of resizes that grow come from `spare`
   * where it has them, until {@link dropSpare}: a replay from a checkpoint
   * allocates again what the run left behind held.
   *
   * @throws RangeError naming the field of `state` that no pool could have had.
   */
  static restore(state: PoolState, spare?: SpareStores): BufferPool {
    const pool = new BufferPool(state.capacityPerClass);
    pool.#spare = spare ?? null;
    const { allocations, recycles, misses, freeLists } = state;
    if (!isSize(recycles)) throw badArgument("recycles", recycles, "a non-negative safe integer");
    if (!isSize(misses)) throw badArgument("misses", misses, "a non-negative safe integer");
    if (allocations !== recycles + misses) {
      throw badArgument("allocations", allocations, "recycles + misses");
    }
    if (freeLists.length !== SIZE_CLASSES.length) {
      throw badArgument("freeLists", freeLists.length, "nine lists long");
    }
    freeLists.forEach((capacities, sizeClass) => {
      if (capacities.length > pool.capacityPerClass) {
        throw badArgument(`freeLists[${sizeClass}]`, capacities.length, "at most capacityPerClass");
      }
      for (const capacity of capacities) {
        // 32-bit: a class index is 0…8, so the shift is at most 2^20 (1 MiB)
        if (!isSize(capacity) || capacity < SMALLEST_CLASS << sizeClass) {
          throw badArgument(`freeLists[${sizeClass}]`, capacity, "capacities ≥ the class size");
        }
      }
    });
    freeLists.forEach((capacities, sizeClass) => {
      for (const capacity of capacities) returnToPool(pool, pool.#fresh(capacity), sizeClass);
    });
    pool.#allocations = allocations;
    pool.#recycles = recycles;
    pool.#misses = misses;
    return pool;
  }

  /**
   * Ends this pool, for a pool restored in its place: every store on its free
   * lists, and those of the `held` buffers it handed out (nulls are passed
   * over), go into `spare`. The buffers count as released; the pool must not
   * be used again.
   */
  discard(held: Iterable<PooledBuffer | null>, spare: SpareStores): void {
    for (const list of this.#freeLists) for (const store of list.splice(0)) spare.add(store);
    this.#retainedBytes = 0;
    for (const buffer of held) {
      const store = buffer === null ? null : takeStore(this, buffer);
      if (store !== null) spare.add(store);
    }
  }

  /** Allocates fresh stores from now on: the spare given to {@link restore} is let go. */
  dropSpare(): void {
    this.#spare = null;
  }

  /** A zero-filled store of `size` bytes: from the spare if it has one, else new. An empty spare is let go. */
  #fresh(size: number): Store {
    const spare = this.#spare;
    if (spare !== null) {
      if (!spare.empty) return spare.take(size);
      this.#spare = null;
    }
    return new Uint8Array(size);
  }

  /**
   * A held buffer recreated as it was, zero-filled, for deterministic replay
   * from a checkpoint: of class `sizeClass` (0…8 or {@link OVERSIZED}), with
   * `length` bytes in a backing store of `capacity` bytes (from the spare
   * given to {@link restore} if it has one). No counter changes.
   *
   * @throws RangeError naming `sizeClass`, `length` or `capacity` when no buffer
   *   of this pool could have had it.
   * @throws RangeError from the engine when it refuses the allocation.
   */
  restoreHeld(sizeClass: number, length: number, capacity: number): PooledBuffer {
    const pooled = Number.isInteger(sizeClass) && sizeClass >= 0 && sizeClass < SIZE_CLASSES.length;
    if (!pooled && sizeClass !== OVERSIZED) {
      throw badArgument("sizeClass", sizeClass, "a class index 0…8 or OVERSIZED");
    }
    if (!isSize(length)) throw badArgument("length", length, "a non-negative safe integer");
    // 32-bit: shifted only when pooled, a class index 0…8: at most 2^20 (1 MiB)
    const least = pooled ? SMALLEST_CLASS << sizeClass : LARGEST_CLASS + 1;
    if (!isSize(capacity) || capacity < least || capacity < length) {
      throw badArgument("capacity", capacity, `a safe integer ≥ max(length, ${least})`);
    }
    const store = this.#fresh(capacity);
    return createBuffer(
      this,
      pooled ? sizeClass : OVERSIZED_INDEX,
      store,
      length === capacity ? store : store.subarray(0, length),
    );
  }
}

/**
 * A byte buffer borrowed from a {@link BufferPool} (the seed's `PooledBuffer`).
 * It goes back to its class's free list on {@link PooledBuffer.release}, or at
 * the end of the scope of a `using` declaration. A released buffer refuses use:
 * every member but `sizeClass` and `[Symbol.dispose]` throws.
 */
export class PooledBuffer implements Disposable {
  readonly #pool: BufferPool;
  /** `sizeClass`, with OVERSIZED_INDEX for OVERSIZED. */
  readonly #classIndex: number;
  /** The whole backing store (`capacity` bytes); null once released. */
  #store: Store | null;
  /** The first `length` bytes of `#store`. */
  #view: Store;

  static {
    createBuffer = (pool, classIndex, store, view) =>
      new PooledBuffer(pool, classIndex, store, view);
    takeStore = (pool, buffer) => {
      const store = buffer.#pool === pool ? buffer.#store : null;
      if (store !== null) {
        buffer.#store = null;
        buffer.#view = NO_BYTES;
      }
      return store;
    };
  }

  private constructor(pool: BufferPool, classIndex: number, store: Store, view: Store) {
    this.#pool = pool;
    this.#classIndex = classIndex;
    this.#store = store;
    this.#view = view;
  }

  /** Index of the size class it was acquired in (0…8), or {@link OVERSIZED}; readable after release. */
  get sizeClass(): number {
    const classIndex = this.#classIndex;
    return classIndex === OVERSIZED_INDEX ? OVERSIZED : classIndex;
  }

  /**
   * Number of bytes in use (Rust `len()`).
   *
   * @throws Error once released.
   */
  get length(): number {
    this.#held("length");
    return this.#view.length;
  }

  /**
   * Bytes allocated: the backing store's `byteLength` (Rust `capacity()`).
   *
   * @throws Error once released.
   */
  get capacity(): number {
    return this.#held("capacity").length;
  }

  /**
   * Whether `length` is 0.
   *
   * @throws Error once released.
   */
  get isEmpty(): boolean {
    this.#held("isEmpty");
    return this.#view.length === 0;
  }

  /**
   * A read/write view of the `length` bytes in use. The same view is returned
   * until a resize; do not keep it past `release()`, as the memory may then be
   * recycled into another buffer.
   *
   * @throws Error once released.
   */
  get bytes(): Uint8Array<ArrayBuffer> {
    markWritten(this.#held("bytes"));
    return this.#view;
  }

  /**
   * Change the length to `newLength` like Rust's `Vec::resize`: new bytes are
   * set to `value`; growing beyond the capacity moves the contents to a
   * backing store of `max(2 × capacity, newLength, 8)` bytes; the capacity
   * never shrinks. The buffer stays in its size class, whatever its length.
   *
   * @throws RangeError naming `newLength` unless it is a non-negative safe integer,
   *   or `value` unless it is an integer 0…255.
   * @throws Error once released.
   * @throws RangeError from the engine when it refuses to grow; the buffer is unchanged.
   */
  resize(newLength: number, value = 0): void {
    if (!isSize(newLength)) {
      throw badArgument("newLength", newLength, "a non-negative safe integer");
    }
    if (!(Number.isInteger(value) && value >= 0 && value <= 255)) {
      throw badArgument("value", value, "an integer 0…255");
    }
    let store = this.#held("resize");
    const length = this.#view.length;
    if (newLength > store.length) {
      const capacity = Math.max(2 * store.length, newLength, MIN_NON_ZERO_CAPACITY);
      const grown = freshStore(this.#pool, capacity);
      // A store nobody wrote to is all zeros, as `grown` is: nothing to copy.
      if (isWritten(store)) markWritten(grown).set(this.#view);
      if (value !== 0) markWritten(grown).fill(value, length, newLength);
      this.#store = store = grown;
    } else if (newLength > length && (value !== 0 || isWritten(store))) {
      markWritten(store).fill(value, length, newLength);
    }
    this.#view = newLength === store.length ? store : store.subarray(0, newLength);
  }

  /**
   * Give the buffer back (the seed's `Drop`): onto its class's free list unless
   * that list already holds `capacityPerClass` buffers; an oversized buffer is
   * always dropped.
   *
   * @throws Error if the buffer was already released.
   */
  release(): void {
    const store = this.#store;
    if (store === null) throw released("release");
    this.#store = null;
    this.#view = NO_BYTES;
    if (this.#classIndex !== OVERSIZED_INDEX) returnToPool(this.#pool, store, this.#classIndex);
  }

  /** Release the buffer unless it was already released, so `using` is safe after `release()`. */
  [Symbol.dispose](): void {
    if (this.#store !== null) this.release();
  }

  #held(member: string): Store {
    const store = this.#store;
    if (store === null) throw released(member);
    return store;
  }
}

function released(member: string): Error {
  return new Error(`PooledBuffer.${member}: the buffer was already released`);
}
