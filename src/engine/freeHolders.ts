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
  /** Per class, the ids bottom to top in the first `pool.freeListLength(k)` entries. */
  private readonly stacks: Float64Array[] = SIZE_CLASSES.map(() => new Float64Array(4));

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
    const stack = this.stacks[k]!;
    (length > stack.length ? this.grow(k, length) : stack)[length - 1] = id;
  }

  /** Class `k`'s stack, grown to hold `length` ids at least (out of `put`, which a hot loop takes in). */
  private grow(k: number, length: number): Float64Array {
    const grown = new Float64Array(2 * length);
    grown.set(this.stacks[k]!);
    this.stacks[k] = grown;
    return grown;
  }

  /** The ids on class `k`'s list, top first, at most `limit`. */
  topFirst(k: number, limit: number): number[] {
    const stack = this.stacks[k]!;
    const out: number[] = [];
    for (let i = this.pool.freeListLength(k) - 1; i >= 0 && out.length < limit; i--) {
      out.push(stack[i]!);
    }
    return out;
  }

  /** Every class's ids bottom to top, one class after another (see the constructor). */
  save(): number[] {
    const packed: number[] = [];
    this.stacks.forEach((stack, k) => {
      const length = this.pool.freeListLength(k);
      for (let i = 0; i < length; i++) packed.push(stack[i]!);
    });
    return packed;
  }
}
