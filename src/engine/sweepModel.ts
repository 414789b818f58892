/**
 * The pool's bookkeeping without its memory: what a sweep needs to know of a
 * run at one capacity_per_class (outcomes per class, bytes retained and their
 * peak, the memory budget) kept as numbers — free lists as stacks of
 * capacities, held buffers as their capacities — so no buffer is allocated
 * or zero-filled. It follows `Ledger.run` and `Replay` rule for rule; a
 * property test (sweep.test.ts) holds it equal to real runs of the pool at
 * every capacity, counter for counter.
 *
 * A model can stand for a **group** of capacities: runs at capacities that
 * no release has yet found full are the same run. It stops at the release
 * that would find a list holding {@link splitAt} buffers, so the sweep can
 * split the smallest capacity off (see `CapacitySweep`).
 */
import { StepKind, type StepBatch } from "../script/index.ts";
import type { Refusal } from "./errors.ts";
import { CLASS_SLOTS, OVERSIZED_SLOT, bytesTaken, slotForSize } from "./slots.ts";

/** What stopped a model inside a batch. */
export const Stop = {
  /** It ran every step it was given. */
  None: 0,
  /** A release would find a list holding {@link SweepModel.splitAt} buffers. */
  Split: 1,
  /** The ledger would refuse the step ({@link SweepModel.refusal}). */
  Refused: 2,
} as const;
export type Stop = (typeof Stop)[keyof typeof Stop];

/** The counting pool of one run (or one group of identical runs). */
export class SweepModel {
  /** The capacity whose list-full rule this model applies. */
  capacity: number;
  /** A release finding this many buffers on its list stops the model (a group's smallest capacity). */
  splitAt = Number.POSITIVE_INFINITY;
  /** Where the model stopped in the last {@link run}. */
  stop: Stop = Stop.None;
  /** Live + pooled bytes allowed (set by the sweep). */
  budgetBytes = Number.POSITIVE_INFINITY;
  refusal: Refusal = "held";
  /** For a refused budget: the live + pooled bytes the step would have made. */
  refusedTotal = 0;
  steps = 0;
  heldBytes = 0;
  retainedBytes = 0;
  peakRetainedBytes = 0;
  readonly recycles = new Float64Array(CLASS_SLOTS);
  readonly misses = new Float64Array(CLASS_SLOTS);
  readonly retainedByClass = new Float64Array(CLASS_SLOTS);
  readonly peakRetainedByClass = new Float64Array(CLASS_SLOTS);
  /** Per class, the capacities on its free list, top last; `free[k]` of them are in use. */
  private lists: Float64Array[] = [];
  // 32-bit: a list's length never passes its capacity, at most 4096 in a sweep
  private readonly free = new Int32Array(CLASS_SLOTS);
  /** Per handle: the held buffer's capacity, 0 when the handle holds none. */
  private heldCapacity = new Float64Array(64);
  /** Per handle: the held buffer's class slot. */
  private heldSlot = new Uint8Array(64);

  constructor(capacity: number) {
    this.capacity = capacity;
    for (let k = 0; k < OVERSIZED_SLOT; k++) this.lists.push(new Float64Array(4));
  }

  /** A model in the same state, to go on at another capacity. */
  clone(capacity: number): SweepModel {
    const copy = new SweepModel(capacity);
    copy.steps = this.steps;
    copy.heldBytes = this.heldBytes;
    copy.retainedBytes = this.retainedBytes;
    copy.peakRetainedBytes = this.peakRetainedBytes;
    copy.recycles.set(this.recycles);
    copy.misses.set(this.misses);
    copy.retainedByClass.set(this.retainedByClass);
    copy.peakRetainedByClass.set(this.peakRetainedByClass);
    copy.lists = this.lists.map((list) => list.slice());
    copy.free.set(this.free);
    copy.heldCapacity = this.heldCapacity.slice();
    copy.heldSlot = this.heldSlot.slice();
    return copy;
  }

  /**
   * Runs steps `from…to-1` of `batch`; returns the index it stopped at: `to`,
   * or the step that stopped it ({@link stop} says why; nothing changed).
   */
  run(batch: StepBatch, from: number, to: number): number {
    const { kinds, amounts, handles } = batch;
    const { recycles, misses, retainedByClass, peakRetainedByClass, free, lists } = this;
    const budget = this.budgetBytes;
    const capacity = this.capacity;
    const splitAt = this.splitAt;
    let heldCapacity = this.heldCapacity;
    let heldSlot = this.heldSlot;
    let heldBytes = this.heldBytes;
    let retained = this.retainedBytes;
    let peak = this.peakRetainedBytes;
    let stop: Stop = Stop.None;
    let k = from;
    for (; k < to; k++) {
      const handle = handles[k]!;
      const kind = kinds[k]!;
      if (kind === StepKind.Acquire) {
        if (handle < heldCapacity.length && heldCapacity[handle]! !== 0) {
          stop = this.refuse("held", 0);
          break;
        }
        const size = amounts[k]!;
        const slot = slotForSize(size);
        const classSize = bytesTaken(size, slot);
        if (heldBytes + retained + classSize > budget) {
          stop = this.refuse("budget", heldBytes + retained + classSize);
          break;
        }
        let got = classSize;
        const length = slot === OVERSIZED_SLOT ? 0 : free[slot]!;
        if (length > 0) {
          got = lists[slot]![length - 1]!;
          free[slot] = length - 1;
          retained -= got;
          retainedByClass[slot]! -= got;
          recycles[slot]!++;
        } else {
          misses[slot]!++;
        }
        if (handle >= heldCapacity.length) {
          this.growHeld(handle);
          ({ heldCapacity, heldSlot } = this);
        }
        heldCapacity[handle] = got;
        heldSlot[handle] = slot;
        heldBytes += got;
      } else {
        const held = handle < heldCapacity.length ? heldCapacity[handle]! : 0;
        if (held === 0) {
          stop = this.refuse("not-held", 0);
          break;
        }
        const slot = heldSlot[handle]!;
        if (kind === StepKind.Release) {
          if (slot !== OVERSIZED_SLOT) {
            const length = free[slot]!;
            if (length >= splitAt) {
              stop = Stop.Split;
              break;
            }
            if (length < capacity) {
              let list = lists[slot]!;
              if (length === list.length) list = this.growList(slot);
              list[length] = held;
              free[slot] = length + 1;
              retained += held;
              const inClass = (retainedByClass[slot] = retainedByClass[slot]! + held);
              if (inClass > peakRetainedByClass[slot]!) peakRetainedByClass[slot] = inClass;
              if (retained > peak) peak = retained;
            }
          }
          heldCapacity[handle] = 0;
          heldBytes -= held;
        } else {
          const length = amounts[k]!;
          if (length > held) {
            const grown = Math.max(2 * held, length, 8);
            const total = heldBytes + retained + Math.max(2 * held, length) - held;
            if (total > budget) {
              stop = this.refuse("budget", total);
              break;
            }
            heldCapacity[handle] = grown;
            heldBytes += grown - held;
          }
        }
      }
    }
    this.steps += k - from;
    this.heldBytes = heldBytes;
    this.retainedBytes = retained;
    this.peakRetainedBytes = peak;
    this.stop = stop;
    return k;
  }

  private refuse(refusal: Refusal, total: number): Stop {
    this.refusal = refusal;
    this.refusedTotal = total;
    return Stop.Refused;
  }

  private growHeld(handle: number): void {
    const size = Math.max(2 * this.heldCapacity.length, handle + 1);
    const capacities = new Float64Array(size);
    const slots = new Uint8Array(size);
    capacities.set(this.heldCapacity);
    slots.set(this.heldSlot);
    this.heldCapacity = capacities;
    this.heldSlot = slots;
  }

  private growList(slot: number): Float64Array {
    const list = new Float64Array(2 * this.lists[slot]!.length);
    list.set(this.lists[slot]!);
    this.lists[slot] = list;
    return list;
  }
}
