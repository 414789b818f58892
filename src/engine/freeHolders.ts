/**
 * Who last held each buffer on the pool's free lists: per class, a stack of
 * buffer ids kept in step with the pool's own list. The pool knows only the
 * buffers' capacities (`freeListCapacities`); this is the rest of what the
 * free-list stacks show. The pool's list lengths are the stacks' lengths, so
 * a release that keeps its buffer stores one id and a recycle costs nothing
 * (the entry above the list's new top is simply no longer read).
 */
import { SIZE_CLASSES, type BufferPool } from "../pool/index.ts";

/** The ids of the buffers on each class's free list, bottom to top. */
export class FreeHolders {
  /**
   * The classes' stacks in one array, class `k`'s from `k × stride`, bottom
   * to top in its first `pool.freeListLength(k)` entries, so a release stores
   * one number (`Ledger.runSteps` stores it itself, as {@link put} does:
   * called, it cost 1.5–2 ns a step of the ledger on `acquire 4KB; release
   * random`, session 29). Written only by this class.
   */
  ids = new Float64Array(SIZE_CLASSES.length * 4);
  /** Room per class, a power of two: at least the longest list seen. */
  stride = 4;

  /**
   * Holders as {@link save} packed them: the classes' stacks one after the
   * other, each as long as the pool's free list.
   *
   * @throws RangeError when `packed` is not as long as the pool's lists add up to.
   */
  constructor(
    private readonly pool: BufferPool,
    packed?: readonly number[],
  ) {
    if (packed === undefined) return;
    const lengths = pool.freeListLengths();
    const total = lengths.reduce((sum, length) => sum + length, 0);
    if (total !== packed.length) {
      throw new RangeError(
        `freeHolders: ${packed.length} ids for free lists holding ${total} buffers`,
      );
    }
    let at = 0;
    lengths.forEach((length, k) => {
      for (let i = 1; i <= length; i++) this.put(k, i, packed[at + i - 1]!);
      at += length;
    });
  }

  /** A release kept buffer `id` on class `k`'s list, now `length` long: it is the new top. */
  put(k: number, length: number, id: number): void {
    if (length > this.stride) this.widen(length);
    this.ids[k * this.stride + length - 1] = id;
  }

  /** Room for lists of `length` at least: a new {@link ids} and {@link stride}. Returns this. */
  widen(length: number): this {
    let stride = this.stride;
    while (stride < length) stride *= 2;
    const ids = new Float64Array(SIZE_CLASSES.length * stride);
    for (let k = 0; k < SIZE_CLASSES.length; k++) {
      ids.set(this.ids.subarray(k * this.stride, (k + 1) * this.stride), k * stride);
    }
    this.ids = ids;
    this.stride = stride;
    return this;
  }

  /** The ids on class `k`'s list, top first, at most `limit`. */
  topFirst(k: number, limit: number): number[] {
    const out: number[] = [];
    for (let i = this.pool.freeListLength(k) - 1; i >= 0 && out.length < limit; i--) {
      out.push(this.ids[k * this.stride + i]!);
    }
    return out;
  }

  /** Every class's ids bottom to top, one class after another (see the constructor). */
  save(): number[] {
    const packed: number[] = [];
    for (let k = 0; k < SIZE_CLASSES.length; k++) {
      const length = this.pool.freeListLength(k);
      for (let i = 0; i < length; i++) packed.push(this.ids[k * this.stride + i]!);
    }
    return packed;
  }
}
