/**
 * The operations a program performs, as the bare pool replays them: read from
 * a fresh cursor (`Program.steps()`, the same deterministic steps the engine
 * runs) into reused typed arrays a chunk at a time, so a run of 10^8 steps
 * never holds its steps in memory, and replayed against a plain pool.
 */
import { BufferPool, type PooledBuffer } from "../../src/pool/index.ts";
import type { StepSource } from "../../src/engine/stepSource.ts";
import { StepKind, type Step } from "../../src/script/index.ts";

/** A workload the bench runs: a compiled script or a trace file, whose steps can also be iterated. */
export type BenchSource = StepSource & { steps(): Iterator<Step> };

/** Steps read and replayed at a time. */
export const CHUNK_STEPS = 1 << 20;

/** Caller-owned arrays one {@link OpReader.fill} writes operations into, from index 0. */
export class OpChunk {
  /** A {@link StepKind}: the script's own step kinds. */
  readonly kinds: Uint8Array;
  /** An acquire's size or a resize's length, in bytes; 0 for a release. */
  readonly amounts: Float64Array;
  /** Where the buffer is held: a small dense index, reused once its buffer is released. */
  readonly slots: Int32Array;

  constructor(
    /** The most operations one fill writes. */
    readonly capacity = CHUNK_STEPS,
  ) {
    this.kinds = new Uint8Array(capacity);
    this.amounts = new Float64Array(capacity);
    this.slots = new Int32Array(capacity);
  }
}

/**
 * Reads up to `maxSteps` steps of a program from a fresh cursor and gives each
 * held buffer a slot: a free one on acquire, freed on release, so the replay's
 * held table is a plain array no longer than the most buffers held at once.
 */
export class OpReader {
  private readonly cursor: Iterator<Step>;
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private slotsUsed = 0;
  private read = 0;

  constructor(
    program: BenchSource,
    private readonly maxSteps = Number.POSITIVE_INFINITY,
  ) {
    this.cursor = program.steps();
  }

  /** How many slots the operations read so far use: the held table's length. */
  get slotCount(): number {
    return this.slotsUsed;
  }

  /** Steps read so far. */
  get steps(): number {
    return this.read;
  }

  /**
   * Writes the next operations, at most `max`, into `chunk` and returns how
   * many: 0 at the end of the script or at `maxSteps`.
   *
   * @throws ScriptError at the script's runtime error, as the cursor does.
   */
  fill(chunk: OpChunk, max = chunk.capacity): number {
    const { kinds, amounts, slots } = chunk;
    const count = Math.min(chunk.capacity, max, this.maxSteps - this.read);
    let k = 0;
    for (; k < count; k++) {
      const next = this.cursor.next();
      if (next.done === true) break;
      const step = next.value;
      switch (step.kind) {
        case "acquire":
          kinds[k] = StepKind.Acquire;
          amounts[k] = step.size;
          slots[k] = this.take(step.name);
          break;
        case "release":
          kinds[k] = StepKind.Release;
          amounts[k] = 0;
          slots[k] = this.give(step.name);
          break;
        case "resize":
          kinds[k] = StepKind.Resize;
          amounts[k] = step.length;
          slots[k] = this.slotOfHeld(step.name);
          break;
      }
    }
    this.read += k;
    return k;
  }

  private take(name: string): number {
    const slot = this.freeSlots.pop() ?? this.slotsUsed++;
    this.slotOf.set(name, slot);
    return slot;
  }

  private give(name: string): number {
    const slot = this.slotOfHeld(name);
    this.slotOf.delete(name);
    this.freeSlots.push(slot);
    return slot;
  }

  private slotOfHeld(name: string): number {
    const slot = this.slotOf.get(name);
    // The cursor refuses a step on a buffer that is not held, so this is a bug here.
    if (slot === undefined) throw new Error(`step on ${name}, which holds no buffer`);
    return slot;
  }
}

/**
 * Replays `count` operations of `chunk` against `pool`, `held` indexed by
 * slot: the pool's own work plus the cheapest dispatch there is.
 */
export function replay(
  pool: BufferPool,
  held: (PooledBuffer | null)[],
  chunk: OpChunk,
  count: number,
): void {
  const { kinds, amounts, slots } = chunk;
  for (let k = 0; k < count; k++) {
    const slot = slots[k]!;
    const kind = kinds[k];
    if (kind === StepKind.Acquire) {
      held[slot] = pool.acquire(amounts[k]!);
    } else if (kind === StepKind.Release) {
      held[slot]!.release();
      held[slot] = null;
    } else {
      held[slot]!.resize(amounts[k]!);
    }
  }
}

/** A bare replay's result: the pool as the operations left it, and the time they took. */
export interface BareRun {
  readonly pool: BufferPool;
  readonly steps: number;
  /** Time spent in {@link replay} only, not reading the steps. */
  readonly elapsedMs: number;
}

/**
 * A bare pool replaying a program's operations from a fresh cursor, a chunk
 * at a time: {@link read} the next operations, {@link replay} them. Its held
 * table is indexed by the reader's slots.
 */
export class BareReplay {
  readonly pool: BufferPool;
  private readonly reader: OpReader;
  private readonly held: (PooledBuffer | null)[] = [];

  constructor(program: BenchSource, capacity: number, maxSteps = Number.POSITIVE_INFINITY) {
    this.reader = new OpReader(program, maxSteps);
    this.pool = new BufferPool(capacity);
  }

  /** Steps read so far. */
  get steps(): number {
    return this.reader.steps;
  }

  /**
   * Reads the next operations, at most `max`, into `chunk` (see {@link OpReader.fill}); how many.
   *
   * @throws ScriptError at the script's runtime error, as the cursor does.
   */
  read(chunk: OpChunk, max = chunk.capacity): number {
    const count = this.reader.fill(chunk, max);
    while (this.held.length < this.reader.slotCount) this.held.push(null);
    return count;
  }

  /** Replays the `count` operations {@link read} wrote into `chunk`. */
  replay(chunk: OpChunk, count: number): void {
    replay(this.pool, this.held, chunk, count);
  }
}

/**
 * Replays up to `maxSteps` steps of `program` on a fresh `BufferPool(capacity)`,
 * a chunk at a time through `chunk`, timing only the replay.
 */
export function runBare(
  program: BenchSource,
  capacity: number,
  maxSteps: number,
  chunk: OpChunk,
  now: () => number = () => performance.now(),
): BareRun {
  const bare = new BareReplay(program, capacity, maxSteps);
  let elapsedMs = 0;
  for (let count = bare.read(chunk); count > 0; count = bare.read(chunk)) {
    const start = now();
    bare.replay(chunk, count);
    elapsedMs += now() - start;
  }
  return { pool: bare.pool, steps: bare.steps, elapsedMs };
}
