/**
 * The ledger of a run: the real pool, the buffers held (by handle, see
 * `StepBatch`), what a memory budget allows, and the per-class metrics of
 * SPEC §9. It executes steps and notes each one's outcome.
 */
import { BufferPool, OVERSIZED, SIZE_CLASSES, type PooledBuffer } from "../pool/index.ts";
import type { SpareStores } from "../pool/index.ts";
import { StepKind, type StepBatch } from "../script/index.ts";
import { runWithBlocks, type BlockHost } from "./blocks.ts";
import { whyRefused, type Refusal } from "./errors.ts";
import { FreeHolders } from "./freeHolders.ts";
import { HandleColumns } from "./handleColumns.ts";
import { HELD_FIELDS, METRIC_ARRAYS, metricAt, type LedgerState } from "./ledgerState.ts";
import { Outcome, StepOutcomes, stepCode } from "./outcomes.ts";
import {
  CLASS_SLOTS,
  OVERSIZED_SLOT,
  bytesTaken,
  classBytes,
  slotForSize,
  slotOf,
} from "./slots.ts";

// Where each per-class count starts in `Ledger.perClass`: the saved metrics' order, then buffers held.
const RECYCLES = metricAt("recycles");
const MISSES = metricAt("misses");
const PEAK_HELD = metricAt("peakHeld");
const PEAK_FREE = metricAt("peakFree");
const WASTE_BYTES = metricAt("wasteBytes");
const SAVED = METRIC_ARRAYS.length * CLASS_SLOTS;
const HELD_COUNT = SAVED;
// The running totals, after the per-class counts (see `Ledger.perClass`).
const HELD_BYTES = HELD_COUNT + CLASS_SLOTS;
const ORDER = HELD_BYTES + 1;
const OVERSIZED_BYTES = ORDER + 1;
const TOTALS_END = OVERSIZED_BYTES + 1;

/** A held buffer, as the session names and lists it. */
export interface HeldEntry {
  readonly id: number;
  readonly buffer: PooledBuffer;
  readonly order: number;
}

/** The pool, the held buffers and the metrics of one run. */
export class Ledger implements BlockHost {
  readonly pool: BufferPool;
  /** Live + pooled bytes allowed. */
  readonly budgetBytes: number;
  /** Why the last {@link run} stopped early, when it did. */
  refusal: Refusal = "held";
  /** For a refused budget: the live + pooled bytes the step would have made. */
  refusedTotal = 0;
  /**
   * The per-class counts below, one after another in one array, so the hot
   * loop reaches them all through one base after each call into the pool;
   * the saved ones first, as a checkpoint keeps them. Then the running totals
   * (held bytes, acquire order, oversized bytes), doubles from the start: as
   * fields they began as small integers and became doubles mid-run, which gave
   * the ledger a new hidden class and threw away the optimized code that used
   * the old one (docs/performance-history.md, session 24).
   */
  private readonly perClass = new Float64Array(TOTALS_END);
  /** Buffers held per class (index {@link OVERSIZED_SLOT}: oversized). */
  readonly heldCount = this.perClass.subarray(HELD_COUNT, HELD_COUNT + CLASS_SLOTS);
  readonly recycles = this.perClass.subarray(RECYCLES, RECYCLES + CLASS_SLOTS);
  readonly misses = this.perClass.subarray(MISSES, MISSES + CLASS_SLOTS);
  readonly peakHeld = this.perClass.subarray(PEAK_HELD, PEAK_HELD + CLASS_SLOTS);
  readonly peakFree = this.perClass.subarray(PEAK_FREE, PEAK_FREE + CLASS_SLOTS);
  readonly wasteBytes = this.perClass.subarray(WASTE_BYTES, WASTE_BYTES + CLASS_SLOTS);
  /** Source buffers by handle; null where the handle holds none. */
  private held: (PooledBuffer | null)[] = [];
  /** What the ledger knows of each of them, by handle. */
  private readonly byHandle = new HandleColumns();
  /** Buffers acquired by clicks, by id (negative: -k for `@k`). */
  private readonly clicks = new Map<number, HeldEntry>();
  /** Source buffers a click released: a later release of theirs is explained so. */
  private readonly releasedByClick = new Set<number>();
  /** Who last held each buffer on the free lists. */
  private readonly holders: FreeHolders;

  /** Restored from `state`, with the stores of `spare` where it has them (`BufferPool.discard`). */
  constructor(
    capacityPerClass: number,
    budgetBytes: number,
    state?: LedgerState,
    spare?: SpareStores,
  ) {
    this.budgetBytes = budgetBytes;
    if (state === undefined) {
      this.pool = new BufferPool(capacityPerClass);
      this.holders = new FreeHolders(this.pool);
      return;
    }
    // The state may be another capacity's run's while the two are one (Compare's B, see `sameAtCapacity`).
    this.pool = BufferPool.restore({ ...state.pool, capacityPerClass }, spare);
    this.holders = new FreeHolders(this.pool, state.freeHolders);
    this.perClass.set(state.metrics.slice(0, SAVED));
    this.perClass[ORDER] = state.order;
    this.perClass[OVERSIZED_BYTES] = state.metrics[SAVED]!;
    for (const id of state.releasedByClick) this.releasedByClick.add(id);
    const { held } = state;
    for (let i = 0; i < held.length; i += HELD_FIELDS) {
      const handle = held[i]!;
      const id = held[i + 1]!;
      const slot = held[i + 2]!;
      const order = held[i + 5]!;
      const buffer = this.pool.restoreHeld(
        slot === OVERSIZED_SLOT ? OVERSIZED : slot,
        held[i + 3]!,
        held[i + 4]!,
      );
      this.perClass[HELD_BYTES]! += buffer.capacity;
      this.heldCount[slot]!++;
      if (handle < 0) {
        this.clicks.set(id, { id, buffer, order });
      } else {
        this.hold(handle, id, buffer, order);
      }
    }
  }

  /** Bytes of held buffers' backing stores. */
  get heldBytes(): number {
    return this.perClass[HELD_BYTES]!;
  }

  /** The capacities on each class's free list, bottom to top (as the snapshot's metrics and stacks read them). */
  freeCapacities(): number[][] {
    return SIZE_CLASSES.map((_, k) => this.pool.freeListCapacities(k));
  }

  /** Held buffers in all. */
  get heldTotal(): number {
    return this.heldCount.reduce((total, count) => total + count, 0);
  }

  /**
   * Bytes acquired so far (class sizes; oversized, the size): a replay zero-fills or allocates them again.
   */
  get acquiredBytes(): number {
    return classBytes(this.recycles) + this.freshBytes;
  }

  /** Of {@link acquiredBytes}, those allocated fresh (misses, oversized): replaying them costs most. */
  get freshBytes(): number {
    return classBytes(this.misses) + this.perClass[OVERSIZED_BYTES]!;
  }

  /**
   * Executes steps `from…to-1` of `batch`, noting each one's outcome in
   * `out` at the same index. Returns the index it stopped at: `to`, or the
   * index of a step it refused ({@link refusal} says why; nothing changed).
   * Blocks the batch notes as repeated are replayed where they can be (`blocks.ts`).
   */
  run(batch: StepBatch, out: StepOutcomes, from: number, to: number): number {
    return runWithBlocks(this, batch, out, from, to);
  }

  /** {@link run}, every step with its bookkeeping: the general path. */
  runSteps(batch: StepBatch, out: StepOutcomes, from: number, to: number): number {
    const { kinds, amounts, handles, buffers } = batch;
    const { codes, capacities, previous } = out;
    const { pool, held, budgetBytes, holders } = this;
    const { byHandle } = this;
    let { ids, orders, capacities: caps, slots } = byHandle;
    const { capacityPerClass } = pool;
    const { perClass } = this;
    let { ids: holderIds, stride: holderStride } = holders; // see `FreeHolders.ids`
    // The hot loop keeps what every step changes in locals, and writes them back on leaving.
    // Live + pooled bytes (the budget's) change only on a miss, a drop or a growth.
    let liveAndPooled = perClass[HELD_BYTES]! + pool.retainedBytes();
    let order = perClass[ORDER]!;
    let poolRecycles = pool.recycles();
    let k = from;
    for (; k < to; k++) {
      const handle = handles[k]!;
      const kind = kinds[k]!;
      // What a release needs: from the acquire just before it, or from the columns.
      let buffer: PooledBuffer;
      let capacity: number;
      let slot: number;
      let id: number;
      if (kind === StepKind.Acquire) {
        if (handle < held.length && held[handle] !== null) break;
        const size = amounts[k]!;
        slot = slotForSize(size);
        const classSize = bytesTaken(size, slot);
        if (liveAndPooled + classSize > budgetBytes) break;
        buffer = pool.acquire(size);
        capacity = buffer.capacity;
        let outcome: number = Outcome.Miss;
        if (pool.recycles() !== poolRecycles) {
          poolRecycles++;
          outcome = Outcome.Recycle;
          perClass[RECYCLES + slot]!++;
        } else {
          liveAndPooled += capacity;
          perClass[MISSES + slot]!++;
        }
        if (slot === OVERSIZED_SLOT) perClass[OVERSIZED_BYTES]! += size;
        else perClass[WASTE_BYTES + slot]! += classSize - size;
        const count = ++perClass[HELD_COUNT + slot]!;
        if (count > perClass[PEAK_HELD + slot]!) perClass[PEAK_HELD + slot] = count;
        codes[k] = stepCode(StepKind.Acquire, outcome, slot);
        capacities[k] = capacity;
        id = buffers[k]!;
        order++;
        if (k + 1 < to && kinds[k + 1] === StepKind.Release && handles[k + 1] === handle) {
          // Released at once: the buffer goes on to its release without entering the
          // table, which it would leave as it found it (the pair of a closed loop).
          k++;
        } else if (handle < held.length) {
          held[handle] = buffer;
          ids[handle] = id;
          orders[handle] = order;
          caps[handle] = capacity;
          slots[handle] = slot;
          continue;
        } else {
          this.hold(handle, id, buffer, order);
          ({ ids, orders, capacities: caps, slots } = byHandle);
          continue;
        }
      } else {
        const found = handle < held.length ? held[handle] : null;
        if (found == null) break;
        buffer = found;
        capacity = caps[handle]!;
        if (kind === StepKind.Resize) {
          const length = amounts[k]!;
          if (length > capacity) {
            if (liveAndPooled + Math.max(2 * capacity, length) - capacity > budgetBytes) break;
          }
          buffer.resize(length);
          const grown = buffer.capacity;
          caps[handle] = grown;
          liveAndPooled += grown - capacity;
          codes[k] = stepCode(
            StepKind.Resize,
            grown !== capacity ? Outcome.Grown : Outcome.Fits,
            slotOf(buffer.sizeClass),
          );
          previous[k] = capacity;
          capacities[k] = grown;
          continue;
        }
        held[handle] = null;
        slot = slots[handle]!;
        id = ids[handle]!;
      }
      // The release of step k.
      capacities[k] = capacity;
      perClass[HELD_COUNT + slot]!--;
      // The pool keeps a released buffer exactly when its list has room; an oversized one, never.
      const free = pool.freeListLength(slot) + 1;
      buffer.release();
      let outcome: number = Outcome.Pooled;
      if (slot === OVERSIZED_SLOT) outcome = Outcome.DroppedOversized;
      else if (free > capacityPerClass) outcome = Outcome.DroppedFull;
      codes[k] = stepCode(StepKind.Release, outcome, slot);
      if (outcome !== Outcome.Pooled) {
        liveAndPooled -= capacity;
      } else {
        if (free > holderStride) ({ ids: holderIds, stride: holderStride } = holders.widen(free));
        holderIds[slot * holderStride + free - 1] = id;
        if (free > perClass[PEAK_FREE + slot]!) perClass[PEAK_FREE + slot] = free;
      }
    }
    const heldBytes = liveAndPooled - pool.retainedBytes();
    perClass[HELD_BYTES] = heldBytes;
    perClass[ORDER] = order;
    if (k < to) {
      // Nothing changed; say why.
      const handle = handles[k]!;
      const why = whyRefused(batch, k, held[handle] ?? null, heldBytes, pool.retainedBytes());
      this.refusal = why.refusal;
      if (why.refusal === "budget") this.refusedTotal = why.totalBytes;
    }
    return k;
  }

  heldTable(): (PooledBuffer | null)[] {
    return this.held;
  }

  counters(into: Float64Array): void {
    into.set(this.recycles);
    into.set(this.misses, CLASS_SLOTS);
    into.set(this.wasteBytes, 2 * CLASS_SLOTS);
    into[3 * CLASS_SLOTS] = this.perClass[OVERSIZED_BYTES]!;
    into[3 * CLASS_SLOTS + 1] = this.perClass[ORDER]!;
  }

  addCounters(delta: Float64Array, times: number): void {
    for (let k = 0; k < CLASS_SLOTS; k++) {
      this.recycles[k]! += delta[k]! * times;
      this.misses[k]! += delta[CLASS_SLOTS + k]! * times;
      this.wasteBytes[k]! += delta[2 * CLASS_SLOTS + k]! * times;
    }
    this.perClass[OVERSIZED_BYTES]! += delta[3 * CLASS_SLOTS]! * times;
    this.perClass[ORDER]! += delta[3 * CLASS_SLOTS + 1]! * times;
  }

  /**
   * Acquires a buffer for a click, held as `id` (negative); its outcome code
   * and capacity, or null when the budget refuses it ({@link refusedTotal} says by how much).
   */
  acquireForClick(id: number, size: number): { code: number; capacity: number } | null {
    const slot = slotForSize(size);
    const classSize = bytesTaken(size, slot);
    const total = this.heldBytes + this.pool.retainedBytes() + classSize;
    if (total > this.budgetBytes) {
      this.refusedTotal = total;
      this.refusal = "budget";
      return null;
    }
    const recyclesBefore = this.pool.recycles();
    const buffer = this.pool.acquire(size);
    const recycled = this.pool.recycles() !== recyclesBefore;
    if (recycled) {
      this.recycles[slot]!++;
    } else {
      this.misses[slot]!++;
    }
    if (slot === OVERSIZED_SLOT) this.perClass[OVERSIZED_BYTES]! += size;
    else this.wasteBytes[slot]! += classSize - size;
    const count = ++this.heldCount[slot]!;
    if (count > this.peakHeld[slot]!) this.peakHeld[slot] = count;
    this.perClass[HELD_BYTES]! += buffer.capacity;
    this.clicks.set(id, { id, buffer, order: ++this.perClass[ORDER]! });
    return {
      code: stepCode(StepKind.Acquire, recycled ? Outcome.Recycle : Outcome.Miss, slot),
      capacity: buffer.capacity,
    };
  }

  /** Releases the held buffer `id` for a click; its outcome code and capacity, or null if none is held. */
  releaseForClick(id: number): { code: number; capacity: number } | null {
    const click = this.clicks.get(id);
    let buffer: PooledBuffer;
    if (click !== undefined) {
      this.clicks.delete(id);
      buffer = click.buffer;
    } else {
      const handle = this.handleOf(id);
      if (handle < 0) return null;
      buffer = this.held[handle]!;
      this.held[handle] = null;
      this.releasedByClick.add(id);
    }
    const capacity = buffer.capacity;
    return { code: this.release(buffer, id), capacity };
  }

  /** Whether a click released the source's buffer `id` (so the source's own release fails). */
  wasReleasedByClick(id: number): boolean {
    return this.releasedByClick.has(id);
  }

  /** Whether a buffer with this id is held. */
  holds(id: number): boolean {
    return this.clicks.has(id) || this.handleOf(id) >= 0;
  }

  /** The held buffers, oldest first, at most `limit`. */
  heldOldestFirst(limit = Number.POSITIVE_INFINITY): HeldEntry[] {
    const entries: HeldEntry[] = [...this.clicks.values()];
    const { held } = this;
    const { ids, orders } = this.byHandle;
    for (let handle = 0; handle < held.length; handle++) {
      const buffer = held[handle];
      if (buffer != null) {
        entries.push({ id: ids[handle]!, buffer, order: orders[handle]! });
      }
    }
    entries.sort((a, b) => a.order - b.order);
    return entries.length > limit ? entries.slice(0, limit) : entries;
  }

  /** The ids of the last holders of the buffers on class `k`'s free list, top first, at most `limit`. */
  freeHoldersTopFirst(k: number, limit: number): number[] {
    return this.holders.topFirst(k, limit);
  }

  /** Everything needed to rebuild this ledger: pass it to the constructor. */
  save(): LedgerState {
    const entries: [handle: number, entry: HeldEntry][] = [];
    for (const entry of this.clicks.values()) entries.push([-1, entry]);
    const { ids, orders } = this.byHandle;
    this.held.forEach((buffer, handle) => {
      if (buffer != null) {
        entries.push([handle, { id: ids[handle]!, buffer, order: orders[handle]! }]);
      }
    });
    const held: number[] = [];
    for (const [handle, { id, buffer, order }] of entries) {
      held.push(handle, id, slotOf(buffer.sizeClass), buffer.length, buffer.capacity, order);
    }
    const metrics = Array.from(this.perClass.subarray(0, SAVED));
    metrics.push(this.perClass[OVERSIZED_BYTES]!);
    return {
      pool: this.pool.saveState(),
      held,
      releasedByClick: [...this.releasedByClick],
      metrics,
      order: this.perClass[ORDER]!,
      freeHolders: this.holders.save(),
    };
  }

  /** Holds `buffer` at `handle`; `byHandle` always has room for every handle of `held`. */
  private hold(handle: number, id: number, buffer: PooledBuffer, order: number): void {
    const held = this.held;
    while (held.length < handle) held.push(null);
    held[handle] = buffer;
    this.byHandle.ensure(held.length);
    this.byHandle.set(handle, id, order, buffer.capacity, slotOf(buffer.sizeClass));
  }

  private handleOf(id: number): number {
    const held = this.held;
    for (let handle = 0; handle < held.length; handle++) {
      if (held[handle] != null && this.byHandle.ids[handle] === id) return handle;
    }
    return -1;
  }

  /** Gives `buffer`, held as `id`, back to the pool; its outcome code. */
  private release(buffer: PooledBuffer, id: number): number {
    const slot = slotOf(buffer.sizeClass);
    const capacity = buffer.capacity;
    this.perClass[HELD_BYTES]! -= capacity;
    this.heldCount[slot]!--;
    if (slot === OVERSIZED_SLOT) {
      buffer.release();
      return stepCode(StepKind.Release, Outcome.DroppedOversized, slot);
    }
    const free = this.pool.freeListLength(slot) + 1; // as in runSteps
    buffer.release();
    if (free > this.pool.capacityPerClass) {
      return stepCode(StepKind.Release, Outcome.DroppedFull, slot);
    }
    this.holders.put(slot, free, id);
    if (free > this.peakFree[slot]!) this.peakFree[slot] = free;
    return stepCode(StepKind.Release, Outcome.Pooled, slot);
  }
}
