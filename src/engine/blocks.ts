/**
 * Blocks of steps that repeat exactly (`StepBatch.repeats`: rounds a cursor
 * wrote from a record), run without the ledger's bookkeeping for each.
 *
 * Whether a step recycles or misses, is pooled or dropped, fits or grows,
 * and what capacity it ends with, depends only on the step and on the state
 * a block starts from: the free lists' capacities, the held buffers' classes
 * and capacities, and the bytes held and pooled (for the budget). So when one
 * block, run step by step, leaves that state as it found it, the next blocks
 * have the same outcomes, and each adds the same to the counters. Those
 * blocks are replayed: the real pool still acquires, releases and resizes
 * every buffer, and each step's outcome is the one a block before it. The
 * last block is run step by step again, so that everything a block writes
 * only for its own buffers (ids, acquisition order, the free lists' last
 * holders) ends exactly as running every step would leave it. A property
 * test (`blocks.test.ts`) holds the outcomes and the saved ledger to that.
 */
import { SIZE_CLASSES, type BufferPool, type PooledBuffer } from "../pool/index.ts";
import { StepKind, repeatInto, type StepBatch } from "../script/index.ts";
import type { StepOutcomes } from "./outcomes.ts";
import { CLASS_SLOTS, slotOf } from "./slots.ts";

/** What {@link runWithBlocks} needs of the ledger. */
export interface BlockHost {
  readonly pool: BufferPool;
  readonly heldBytes: number;
  /** The held buffers by handle, to replay steps on. */
  heldTable(): (PooledBuffer | null)[];
  /** Runs steps `from…to-1` one by one (see `Ledger.run`); returns where it stopped. */
  runSteps(batch: StepBatch, out: StepOutcomes, from: number, to: number): number;
  /** Writes the counts steps add to for good into `into` (at least 3 × 10 + 2 long). */
  counters(into: Float64Array): void;
  /** Adds `delta` (a difference of two {@link counters}) `times` times. */
  addCounters(delta: Float64Array, times: number): void;
}

/** Beyond this many free and held buffers, comparing states costs more than replaying saves. */
const STATE_LIMIT = 1024;
/** Fewer blocks than this are run step by step: learning from one costs about as much. */
const MIN_BLOCKS = 8;

// Scratch space, reused by every call (runs do not nest): a state before and
// after the block learned from, and the counters before and after it.
const before = new Float64Array(2 + SIZE_CLASSES.length + 2 * STATE_LIMIT);
const after = new Float64Array(before.length);
const countersBefore = new Float64Array(3 * CLASS_SLOTS + 2);
const delta = new Float64Array(countersBefore.length);

/**
 * Runs steps `from…to-1` of `batch` on `host`, replaying the repeated blocks
 * it can (see above). Returns where it stopped, as `Ledger.run` does.
 */
export function runWithBlocks(
  host: BlockHost,
  batch: StepBatch,
  out: StepOutcomes,
  from: number,
  to: number,
): number {
  let k = from;
  for (let r = 0; r < batch.repeats; r++) {
    const length = batch.repeatLengths[r]!;
    const start = batch.repeatStarts[r]!;
    const end = Math.min(to, start + length * batch.repeatCounts[r]!);
    const first = k <= start ? start : start + Math.ceil((k - start) / length) * length;
    const blocks = Math.floor((end - first) / length);
    // One block to learn from and one to finish with; those between are replayed.
    if (blocks < MIN_BLOCKS) continue;
    const reached = host.runSteps(batch, out, k, first);
    if (reached < first) return reached;
    k = first;
    const size = blockState(host, before);
    if (size < 0) continue;
    host.counters(countersBefore);
    const learned = host.runSteps(batch, out, first, first + length);
    if (learned < first + length) return learned;
    k = first + length;
    if (blockState(host, after) !== size || !sameState(before, after, size)) continue;
    host.counters(delta);
    for (let i = 0; i < delta.length; i++) delta[i]! -= countersBefore[i]!;
    const replayed = blocks - 2;
    replayBlocks(host, batch, out, k, length, replayed);
    host.addCounters(delta, replayed);
    k += replayed * length;
  }
  return host.runSteps(batch, out, k, to);
}

/**
 * Replays `blocks` blocks of `length` steps from `at` on the real pool, each
 * step's outcome copied from the same step one block before.
 */
function replayBlocks(
  host: BlockHost,
  batch: StepBatch,
  out: StepOutcomes,
  at: number,
  length: number,
  blocks: number,
): void {
  const { pool } = host;
  const held = host.heldTable();
  const { kinds, amounts, handles } = batch;
  const total = blocks * length;
  // The outcomes first, the block before over and over; then the loop does the pool's work only.
  const { codes, capacities, previous } = out;
  repeatInto(codes, codes.subarray(at - length, at), at, total);
  repeatInto(capacities, capacities.subarray(at - length, at), at, total);
  repeatInto(previous, previous.subarray(at - length, at), at, total);
  const end = at + total;
  for (let k = at; k < end; k++) {
    const handle = handles[k]!;
    const kind = kinds[k];
    if (kind === StepKind.Acquire) {
      const next = k + 1;
      if (next < end && kinds[next] === StepKind.Release && handles[next] === handle) {
        // Released at once: the buffer never reaches the table, which it would leave as it
        // found it (free), so the compiler may keep it out of the heap altogether.
        pool.acquire(amounts[k]!).release();
        k = next;
        continue;
      }
      held[handle] = pool.acquire(amounts[k]!);
    } else if (kind === StepKind.Release) {
      held[handle]!.release();
      held[handle] = null;
    } else {
      held[handle]!.resize(amounts[k]!);
    }
  }
}

/**
 * Writes what the outcomes of a block depend on (see above) into `into`;
 * returns how many numbers, or -1 when there are too many to compare.
 */
function blockState(host: BlockHost, into: Float64Array): number {
  const { pool } = host;
  const held = host.heldTable();
  let free = 0;
  for (let k = 0; k < SIZE_CLASSES.length; k++) free += pool.freeListLength(k);
  if (free + held.length > STATE_LIMIT) return -1;
  into[0] = host.heldBytes;
  into[1] = pool.retainedBytes();
  let i = 2;
  for (let k = 0; k < SIZE_CLASSES.length; k++) {
    const length = pool.freeListLength(k);
    into[i++] = length;
    for (let at = 0; at < length; at++) into[i++] = pool.freeListCapacityAt(k, at);
  }
  for (const buffer of held) {
    into[i++] = buffer == null ? -1 : slotOf(buffer.sizeClass);
    into[i++] = buffer == null ? 0 : buffer.capacity;
  }
  return i;
}

function sameState(a: Float64Array, b: Float64Array, size: number): boolean {
  for (let i = 0; i < size; i++) if (a[i] !== b[i]) return false;
  return true;
}
