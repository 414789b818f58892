/**
 * Who last held each buffer on the pool's free lists: per class, a stack of
 * buffer ids kept in step with the pool's own list (a release that keeps the
 * buffer pushes its holder, a recycle pops the top). The pool knows only the
 * buffers' capacities (`freeListCapacities`); this is the rest of what the
 * free-list stacks show. Numbers in typed arrays only, so a step costs a store
 * or a decrement and no allocation.
 */
import { SIZE_CLASSES } from "../pool/index.ts";

/** The ids of the buffers on each class's free list, bottom to top. */
export class FreeHolders {
  /** Per class, the ids bottom to top in the first `lengths[k]` entries. */
  private readonly stacks: Float64Array[] = SIZE_CLASSES.map(() => new Float64Array(4));
  private readonly lengths = new Float64Array(SIZE_CLASSES.length);

  /**
   * Holders as {@link save} packed them: the classes' stacks one after the
   * other, each as long as `lengths[k]` (the pool's free-list lengths).
   *
   * @throws RangeError when `packed` is not as long as the lengths add up to.
   */
  constructor(packed?: Float64Array, lengths?: readonly number[]) {
    if (packed === undefined || lengths === undefined) return;
    const total = lengths.reduce((sum, length) => sum + length, 0);
    if (total !== packed.length) {
      throw new RangeError(
        `freeHolders: ${packed.length} ids for free lists holding ${total} buffers`,
      );
    }
    let at = 0;
    lengths.forEach((length, k) => {
      for (let i = 0; i < length; i++) this.push(k, packed[at + i]!);
      at += length;
    });
  }

  /** A release kept buffer `id` on class `k`'s list: it is the new top. */
  push(k: number, id: number): void {
    let stack = this.stacks[k]!;
    const length = this.lengths[k]!;
    if (length === stack.length) {
      const grown = new Float64Array(2 * length);
      grown.set(stack);
      this.stacks[k] = stack = grown;
    }
    stack[length] = id;
    this.lengths[k] = length + 1;
  }

  /** A recycle took class `k`'s top buffer. */
  pop(k: number): void {
    this.lengths[k]!--;
  }

  /** The ids on class `k`'s list, top first, at most `limit`. */
  topFirst(k: number, limit: number): number[] {
    const stack = this.stacks[k]!;
    const length = this.lengths[k]!;
    const out: number[] = [];
    for (let i = length - 1; i >= 0 && out.length < limit; i--) out.push(stack[i]!);
    return out;
  }

  /** Every class's ids bottom to top, one class after another (see the constructor). */
  save(): Float64Array {
    const total = this.lengths.reduce((sum, length) => sum + length, 0);
    const packed = new Float64Array(total);
    let at = 0;
    this.stacks.forEach((stack, k) => {
      const length = this.lengths[k]!;
      packed.set(stack.subarray(0, length), at);
      at += length;
    });
    return packed;
  }
}
