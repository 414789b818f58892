/**
 * The run engine: a compiled script driving a real {@link BufferPool}, with a
 * recorded history that can be scrubbed to any step by deterministic replay.
 *
 * Pure: no worker globals, no DOM, so it is tested in Node. The worker entry
 * (`pool.worker.ts`) only schedules it and posts what it reports.
 */
import {
  BufferPool,
  OVERSIZED,
  SIZE_CLASSES,
  type PoolState,
  type PooledBuffer,
} from "../pool/index.ts";
import { HeldTable } from "./heldTable.ts";
import { LOG_CHUNK_STEPS, StepLog } from "./stepLog.ts";
import {
  BATCH_ACQUIRE,
  BATCH_RELEASE,
  ScriptError,
  StepBatch,
  type CursorState,
  type Program,
  type RoundsAhead,
  type StepCursor,
} from "../script/index.ts";
import {
  CLASS_COUNT,
  EVENT_LOG_LIMIT,
  HELD_LIST_LIMIT,
  type HeldBuffer,
  type PoolEvent,
  type RunError,
  type SeriesPoint,
  type Snapshot,
  type RunStatus,
} from "./types.ts";

/** Steps between checkpoints; replay from one to any step costs at most this many steps. */
export const CHECKPOINT_INTERVAL = 65_536;
/** The most points the chart series keeps; it halves its resolution when full. */
export const SERIES_LIMIT = 512;

const SMALLEST_CLASS = SIZE_CLASSES[0]!;
const LARGEST_CLASS = SIZE_CLASSES[CLASS_COUNT - 1]!;

/** The longest round the engine runs as a whole; longer ones run step by step. */
const ROUND_STEPS_LIMIT = 4096;

/** Steps the engine takes from the cursor at a time. */
const BATCH_STEPS = 256;

/**
 * A pool operation made by a click on the page rather than by the script.
 * `buffer` is a buffer id: the script's (`Program.bufferId`), or -k for `@k`.
 */
export interface ManualOp {
  readonly kind: typeof BATCH_ACQUIRE | typeof BATCH_RELEASE;
  readonly buffer: number;
  readonly size: number;
}

interface HeldRecord {
  readonly buffer: number;
  readonly sizeClass: number;
  readonly length: number;
  readonly capacity: number;
}

interface Checkpoint {
  readonly step: number;
  readonly pool: PoolState;
  readonly cursor: CursorState;
  readonly cursorDone: boolean;
  readonly held: readonly HeldRecord[];
  readonly releasedByClick: ReadonlySet<number>;
}

const enum Op {
  Acquire = 1,
  Release = 2,
  Resize = 3,
}

/** Outcome codes, two bits in a step's log byte; their meaning depends on the op. */
const Outcome = {
  Recycle: 0,
  Miss: 1,
  Pooled: 0,
  DroppedFull: 1,
  DroppedOversized: 2,
  InPlace: 0,
  Grown: 1,
} as const;

/** An error the engine raises while running: a script misuse or a limit. */
export class RunStop extends Error {
  constructor(readonly error: RunError) {
    super(error.message);
  }
}

/** The last events, kept in a ring of plain fields so the hot loop allocates nothing. */
class EventRing {
  private readonly ops = new Uint8Array(EVENT_LOG_LIMIT);
  private readonly steps = new Float64Array(EVENT_LOG_LIMIT);
  private readonly lines = new Int32Array(EVENT_LOG_LIMIT);
  private readonly buffers = new Float64Array(EVENT_LOG_LIMIT);
  private readonly sizes = new Float64Array(EVENT_LOG_LIMIT);
  private readonly classes = new Int8Array(EVENT_LOG_LIMIT);
  private readonly outcomes = new Uint8Array(EVENT_LOG_LIMIT);
  private readonly capacities = new Float64Array(EVENT_LOG_LIMIT);
  private readonly previous = new Float64Array(EVENT_LOG_LIMIT);
  private next = 0;
  private count = 0;

  push(
    op: Op,
    step: number,
    line: number,
    buffer: number,
    size: number,
    sizeClass: number,
    outcome: number,
    capacity: number,
    previousCapacity: number,
  ): void {
    const i = this.next;
    this.ops[i] = op;
    this.steps[i] = step;
    this.lines[i] = line;
    this.buffers[i] = buffer;
    this.sizes[i] = size;
    this.classes[i] = sizeClass;
    this.outcomes[i] = outcome;
    this.capacities[i] = capacity;
    this.previous[i] = previousCapacity;
    this.next = i + 1 === EVENT_LOG_LIMIT ? 0 : i + 1;
    if (this.count < EVENT_LOG_LIMIT) this.count++;
  }

  clear(): void {
    this.count = 0;
    this.next = 0;
  }

  /** The events, oldest first, buffers named by `nameOf`. */
  events(nameOf: (buffer: number) => string): PoolEvent[] {
    const out: PoolEvent[] = [];
    for (let k = this.count; k > 0; k--) {
      out.push(this.event((this.next - k + EVENT_LOG_LIMIT) % EVENT_LOG_LIMIT, nameOf));
    }
    return out;
  }

  last(nameOf: (buffer: number) => string): PoolEvent | null {
    return this.count === 0
      ? null
      : this.event((this.next - 1 + EVENT_LOG_LIMIT) % EVENT_LOG_LIMIT, nameOf);
  }

  private event(i: number, nameOf: (buffer: number) => string): PoolEvent {
    const base = {
      step: this.steps[i] ?? 0,
      line: this.lines[i] ?? 0,
      name: nameOf(this.buffers[i] ?? 0),
      sizeClass: this.classes[i] ?? 0,
      capacity: this.capacities[i] ?? 0,
    };
    const outcome = this.outcomes[i] ?? 0;
    switch (this.ops[i] as Op) {
      case Op.Acquire:
        return {
          op: "acquire",
          ...base,
          size: this.sizes[i] ?? 0,
          outcome: outcome === Outcome.Recycle ? "recycle" : "miss",
        };
      case Op.Release:
        return {
          op: "release",
          ...base,
          outcome:
            outcome === Outcome.Pooled
              ? "pooled"
              : outcome === Outcome.DroppedFull
                ? "dropped-full"
                : "dropped-oversized",
        };
      case Op.Resize:
        return {
          op: "resize",
          ...base,
          length: this.sizes[i] ?? 0,
          previousCapacity: this.previous[i] ?? 0,
        };
    }
  }
}

/**
 * A closed loop's round as the engine runs it (see `StepCursor.roundsAhead`):
 * each step's log code worked out from the script, as far as it can be.
 */
class RoundPlan {
  /** Steps in a round. */
  readonly length: number;
  /**
   * Per step, how it runs: {@link RoundStep}. A buffer released right after
   * its acquire is never stored, so the engine can keep it off the heap as the
   * bare pool's own loop does.
   */
  readonly steps: Uint8Array;
  /** Per step, its log code when it recycles (acquire) or pools the buffer (release). */
  readonly codes: Uint8Array;
  /** Per step, the bits to add when it misses (acquire) or drops the buffer (release). */
  readonly otherwise: Uint8Array;
  /** Per step, where the round keeps the buffer it acquires or releases. */
  readonly locals: Int32Array;
  /** The buffers a round holds, by {@link locals}. */
  readonly held: (PooledBuffer | null)[] = [];
  /** Per step, how many steps earlier in the round its buffer was acquired (0 for an acquire). */
  readonly sinceAcquire: Int32Array;
  /**
   * The capacity of the buffer each recent acquire got, by step & {@link capacityMask}:
   * enough of them for the last events and the acquires of their releases.
   */
  readonly capacities: Float64Array;
  readonly capacityMask: number;
  /** The most a round can add to live + pooled bytes: every acquire a miss. */
  readonly freshBytes: number;

  constructor(readonly body: StepBatch) {
    const length = body.capacity;
    this.length = length;
    this.steps = new Uint8Array(length);
    this.codes = new Uint8Array(length);
    this.otherwise = new Uint8Array(length);
    this.locals = new Int32Array(length);
    this.sinceAcquire = new Int32Array(length);
    const remembered = 2 ** Math.ceil(Math.log2(EVENT_LOG_LIMIT + length));
    this.capacities = new Float64Array(remembered);
    this.capacityMask = remembered - 1;
    const localOf = new Map<number, number>();
    const acquiredAt: number[] = [];
    const classOf: number[] = [];
    let freshBytes = 0;
    for (let k = 0; k < length; k++) {
      const buffer = body.buffers[k]!;
      if (body.kinds[k] === BATCH_ACQUIRE) {
        const size = body.amounts[k]!;
        const sizeClass = size > LARGEST_CLASS ? OVERSIZED : sizeClassOfFast(size);
        const local = classOf.push(protocolClass(sizeClass)) - 1;
        acquiredAt.push(k);
        localOf.set(buffer, local);
        this.locals[k] = local;
        this.codes[k] = logCode(Op.Acquire, Outcome.Recycle, classOf[local]!);
        this.otherwise[k] = Outcome.Miss << 2;
        this.steps[k] = RoundStep.Acquire;
        freshBytes += sizeClass === OVERSIZED ? size : SMALLEST_CLASS << sizeClass;
        this.held.push(null);
      } else {
        const local = localOf.get(buffer)!;
        const cls = classOf[local]!;
        this.locals[k] = local;
        this.sinceAcquire[k] = k - acquiredAt[local]!;
        this.steps[k] = RoundStep.Release;
        if (k === acquiredAt[local]! + 1) this.steps[k - 1] = RoundStep.AcquireAndRelease;
        this.codes[k] = logCode(
          Op.Release,
          cls < 0 ? Outcome.DroppedOversized : Outcome.Pooled,
          cls,
        );
        this.otherwise[k] = cls < 0 ? 0 : Outcome.DroppedFull << 2;
      }
    }
    this.freshBytes = freshBytes;
  }
}

/** How a {@link RoundPlan} runs a step. */
const enum RoundStep {
  Acquire = 0,
  Release = 1,
  /** An acquire whose buffer the next step releases: both steps at once. */
  AcquireAndRelease = 2,
}

/** A step's byte in the log: op (2 bits), outcome (2 bits), protocol class + 1 (4 bits). */
function logCode(op: Op, outcome: number, cls: number): number {
  return op | (outcome << 2) | ((cls + 1) << 4);
}

/** Size class index for the protocol: 0…8, or -1 when oversized. */
function protocolClass(sizeClass: number): number {
  return sizeClass === OVERSIZED ? -1 : sizeClass;
}

/** Options for a {@link Session}. */
export interface SessionOptions {
  /** capacity_per_class when the script has no `capacity` line. */
  readonly capacity: number;
  /** capacity_per_class even when the script has a `capacity` line (a capacity sweep). */
  readonly capacityOverride?: number;
  /** Live + pooled bytes allowed; an operation that would exceed it stops the run. */
  readonly memoryBudgetBytes: number;
}

/**
 * One run of one program: the pool, the held buffers, the cursor into the
 * script, and the history that makes every recorded step reachable again.
 */
export class Session {
  /** capacity_per_class in effect (the script's `capacity` line wins). */
  readonly capacityPerClass: number;
  private pool: BufferPool;
  private cursor: StepCursor;
  private cursorDone = false;
  /** Steps taken from the cursor; those from `batchNext` to `batchCount` are still to run. */
  private readonly batch = new StepBatch(BATCH_STEPS);
  private batchNext = 0;
  private batchCount = 0;
  private held = new HeldTable();
  /** Buffers released by clicks: the script does not know, so the engine explains. */
  private releasedByClick = new Set<number>();
  private readonly heldPerClass = new Int32Array(CLASS_COUNT);
  private oversizedHeld = 0;
  private heldBytes = 0;
  private currentStep = 0;
  private recorded = 0;
  private readonly log = new StepLog();
  private readonly manual = new Map<number, ManualOp>();
  private manualCount = 0;
  private checkpoints: Checkpoint[] = [];
  private nextCheckpoint = 0;
  private readonly ring = new EventRing();
  private series: SeriesPoint[] = [];
  private seriesStride = 1;
  /** The next step the series samples; always after the recorded steps. */
  private nextSample = 1;
  /** How the engine runs each closed loop it has met. */
  private readonly plans = new Map<StepBatch, RoundPlan>();
  /**
   * Steps `roundsFrom…roundsTo` ran as rounds of `roundsPlan` without
   * pushing events: only the last of them are ever shown, so they are pushed
   * when the ring is next read or written.
   */
  private roundsPlan: RoundPlan | null = null;
  private roundsFrom = 0;
  private roundsTo = 0;
  private seriesVersion = 0;
  private lastLine = 0;
  private stopped: RunError | null = null;

  constructor(
    private readonly program: Program,
    private readonly options: SessionOptions,
  ) {
    this.capacityPerClass = options.capacityOverride ?? program.capacity ?? options.capacity;
    this.pool = new BufferPool(this.capacityPerClass);
    this.cursor = program.cursor();
    this.takeCheckpoint();
  }

  /** The name of a buffer id, as the page shows it. */
  private readonly nameOf = (buffer: number): string =>
    buffer < 0 ? `@${-buffer}` : this.program.bufferName(buffer);

  /** The id of a buffer the page names, or undefined if no buffer can have that name. */
  private idOf(name: string): number | undefined {
    if (name.startsWith("@")) {
      const click = Number(name.slice(1));
      return Number.isSafeInteger(click) && click > 0 && name === `@${click}` ? -click : undefined;
    }
    const buffer = this.program.bufferId(name);
    return buffer < 0 ? undefined : buffer;
  }

  /** Steps executed so far. */
  get step(): number {
    return this.currentStep;
  }

  /** The furthest step recorded. */
  get recordedSteps(): number {
    return this.recorded;
  }

  /** True when the script has no more steps and no recorded step lies ahead. */
  get finished(): boolean {
    return this.cursorDone && this.currentStep >= this.recorded;
  }

  /** Why the run stopped, if it did. */
  get error(): RunError | null {
    return this.stopped;
  }

  /** Changes whenever the chart series changes. */
  get seriesRevision(): number {
    return this.seriesVersion;
  }

  /**
   * Executes up to `maxSteps` steps forward. Returns how many ran. Stops early
   * at the end of the script, at `untilStep`, or at an error (then {@link error} is set).
   */
  advance(maxSteps: number, untilStep = Number.POSITIVE_INFINITY): number {
    if (this.stopped) return 0;
    const first = this.currentStep;
    const last = Math.min(first + maxSteps, untilStep);
    const batch = this.batch;
    try {
      while (this.currentStep < last) {
        const step = this.currentStep + 1;
        const manual = this.manual.size === 0 ? undefined : this.manual.get(step);
        if (manual) {
          this.execute(step, manual.kind, manual.buffer, manual.size, 0);
          continue;
        }
        if (this.batchNext === this.batchCount) {
          if (this.cursorDone) break;
          const ahead = this.cursor.roundsAhead();
          if (ahead !== null && ahead.offset === 0 && this.runRounds(ahead, last) > 0) continue;
          if (!this.refill(ahead)) break;
        }
        // Taken before it runs: a step that fails is used up, as the cursor moved past it.
        const k = this.batchNext++;
        this.execute(step, batch.kinds[k]!, batch.buffers[k]!, batch.amounts[k]!, batch.lines[k]!);
      }
    } catch (thrown) {
      this.stopped = toRunError(thrown);
    }
    return this.currentStep - first;
  }

  /**
   * Shows the exact state at `target` (0 ≤ target ≤ recorded steps): restores
   * the nearest checkpoint at or before it and replays the recorded steps.
   */
  seek(target: number): void {
    const step = Math.max(0, Math.min(Math.floor(target), this.recorded));
    // After an error the pool and held table are as the failing step left them: restore.
    if (this.stopped || step < this.currentStep || step - this.currentStep > CHECKPOINT_INTERVAL) {
      this.restore(this.checkpointAtOrBefore(Math.max(0, step - EVENT_LOG_LIMIT)));
    }
    this.stopped = null;
    this.advance(step - this.currentStep, step);
  }

  /** Acquires a buffer of class `sizeClass` on behalf of a click; it becomes the next step. */
  acquireClass(sizeClass: number): void {
    const size = SIZE_CLASSES[sizeClass];
    if (size === undefined) throw new RangeError(`no size class ${sizeClass}`);
    this.manualCount++;
    this.applyManual({ kind: BATCH_ACQUIRE, buffer: -this.manualCount, size });
  }

  /** Releases a held buffer on behalf of a click; it becomes the next step. */
  releaseBuffer(name: string): void {
    const buffer = this.idOf(name);
    if (buffer === undefined || !this.held.has(buffer)) return;
    this.applyManual({ kind: BATCH_RELEASE, buffer, size: 0 });
  }

  private applyManual(op: ManualOp): void {
    const step = this.currentStep + 1;
    this.truncateAfter(this.currentStep);
    this.manual.set(step, op);
    this.stopped = null;
    this.advance(1);
  }

  /** The state to draw, with the given playback status. */
  snapshot(status: RunStatus): Snapshot {
    this.pushRoundEvents();
    const stats = this.pool.stats();
    const heldBuffers: HeldBuffer[] = [];
    for (const [id, buffer] of this.held.oldestFirst(HELD_LIST_LIMIT)) {
      heldBuffers.push({
        name: this.nameOf(id),
        sizeClass: protocolClass(buffer.sizeClass),
        length: buffer.length,
        capacity: buffer.capacity,
      });
    }
    return {
      status,
      step: this.currentStep,
      recordedSteps: this.recorded,
      line: this.lastLine,
      lastEvent: this.ring.last(this.nameOf),
      recentEvents: this.ring.events(this.nameOf),
      capacityPerClass: this.capacityPerClass,
      allocations: stats.allocations,
      recycles: stats.recycles,
      misses: stats.misses,
      recycleRate: stats.recycleRate,
      free: this.pool.freeListLengths(),
      held: Array.from(this.heldPerClass),
      oversizedHeld: this.oversizedHeld,
      retainedBytes: this.pool.retainedBytes(),
      heldBytes: this.heldBytes,
      heldBuffers,
      heldCount: this.held.size,
    };
  }

  /** Recycle rate and misses sampled over the recorded run. */
  chartSeries(): readonly SeriesPoint[] {
    return this.series.slice();
  }

  /** Approximate bytes of history kept (step log and checkpoints), for the benchmarks. */
  historyBytes(): number {
    let bytes = this.log.byteLength;
    for (const checkpoint of this.checkpoints) {
      bytes += 64 * checkpoint.held.length + 8 * checkpoint.pool.freeLists.flat().length + 256;
    }
    return bytes;
  }

  /**
   * Takes the next steps from the cursor into the batch. False at the end of
   * the script. In a closed loop it takes at most the rest of the round, so
   * that the next round can run as a whole.
   */
  private refill(ahead: RoundsAhead | null): boolean {
    // A checkpoint saves the cursor, so it is taken when no step taken from the
    // cursor is still to run: a batch stops where the next checkpoint is due.
    const room = this.nextCheckpoint - this.currentStep;
    let max = room > 0 ? room : 1;
    if (ahead !== null) max = Math.min(max, ahead.offset > 0 ? ahead.offset : ahead.body.capacity);
    const count = this.cursor.fill(this.batch, max);
    this.batchNext = 0;
    this.batchCount = count;
    if (count === 0) this.cursorDone = true;
    return count > 0;
  }

  /** Runs one step (a `BATCH_…` kind) and records it, or checks it against the record. */
  private execute(step: number, kind: number, buffer: number, amount: number, line: number): void {
    if (this.roundsPlan !== null) this.pushRoundEvents();
    const code =
      kind === BATCH_ACQUIRE
        ? this.acquire(step, buffer, amount, line)
        : kind === BATCH_RELEASE
          ? this.release(step, buffer, line)
          : this.resize(step, buffer, amount, line);
    this.currentStep = step;
    this.lastLine = line;
    if (step > this.recorded) {
      this.recorded = step;
      this.log.set(step, code);
      if (step === this.nextSample) this.sample(step);
      if (step >= this.nextCheckpoint && this.batchNext === this.batchCount) this.takeCheckpoint();
    } else if (this.log.get(step) !== code) {
      throw diverged(step);
    }
  }

  /**
   * Runs whole rounds of the closed loop ahead and returns how many steps ran:
   * as many rounds as fit before `last`, the next click and the end of the
   * step log's chunk, as long as a round cannot
   * break the memory budget; the round that reaches the next checkpoint is the
   * last. The pool sees every step; the held table, held counts and the event
   * ring do not need to, as a round gives back all it takes and only the last
   * events are ever shown.
   */
  private runRounds(ahead: RoundsAhead, last: number): number {
    if (ahead.body.capacity > ROUND_STEPS_LIMIT) return 0;
    let plan = this.plans.get(ahead.body);
    if (plan === undefined) {
      plan = new RoundPlan(ahead.body);
      this.plans.set(ahead.body, plan);
    }
    const first = this.currentStep;
    const recording = first >= this.recorded;
    const end = Math.min(
      last,
      this.nextManualStep() - 1,
      recording ? Number.POSITIVE_INFINITY : this.recorded,
      (Math.floor(first / LOG_CHUNK_STEPS) + 1) * LOG_CHUNK_STEPS,
      first + Math.max(1, this.nextCheckpoint - first) + plan.length - 1,
    );
    const rounds = Math.min(ahead.rounds, Math.floor((end - first) / plan.length));
    if (rounds <= 0) return 0;

    const { pool } = this;
    const { length, steps, codes, otherwise, locals, held, capacities, capacityMask } = plan;
    const { amounts } = plan.body;
    const log = this.log.chunkOf(first + 1);
    /** The step before byte 0 of `log`. */
    const base = first - (first & 0xffff);
    const retainedLimit = this.options.memoryBudgetBytes - this.heldBytes - plan.freshBytes;
    let index = first & 0xffff;
    /** The byte of `log` whose step the series samples next. */
    let sampleIndex = this.nextSample - base - 1;
    let done = 0;
    for (; done < rounds && pool.retainedBytes() <= retainedLimit; done++) {
      for (let k = 0; k < length; k++) {
        let code = codes[k]!;
        const how = steps[k]!;
        if (how === RoundStep.Release) {
          const retained = pool.retainedBytes();
          held[locals[k]!]!.release();
          if (pool.retainedBytes() === retained) code |= otherwise[k]!;
        } else {
          const misses = pool.misses();
          const buffer = pool.acquire(amounts[k]!);
          capacities[index & capacityMask] = buffer.capacity;
          if (pool.misses() !== misses) code |= otherwise[k]!;
          if (how === RoundStep.Acquire) {
            held[locals[k]!] = buffer;
          } else {
            // Released before the acquire is noted: a release changes no counter
            // the series samples, and the buffer, never live across a call, need
            // not exist at all. (Noting is written out twice for the same reason.)
            k++;
            let released = codes[k]!;
            const retained = pool.retainedBytes();
            buffer.release();
            if (pool.retainedBytes() === retained) released |= otherwise[k]!;
            if (recording) {
              log[index] = code;
              if (index === sampleIndex) sampleIndex = this.sample(base + index + 1) - base - 1;
            } else if (log[index] !== code) {
              throw diverged(base + index + 1);
            }
            index++;
            code = released;
          }
        }
        if (recording) {
          log[index] = code;
          if (index === sampleIndex) sampleIndex = this.sample(base + index + 1) - base - 1;
        } else if (log[index] !== code) {
          throw diverged(base + index + 1);
        }
        index++;
      }
    }
    if (done === 0) return 0;
    const step = first + done * length;
    this.cursor.skipRounds(done);
    if (this.roundsPlan !== plan || this.roundsTo !== first) {
      this.pushRoundEvents();
      this.roundsPlan = plan;
      this.roundsFrom = first + 1;
    }
    this.roundsTo = step;
    this.currentStep = step;
    this.lastLine = plan.body.lines[length - 1]!;
    if (recording) {
      this.recorded = step;
      if (step >= this.nextCheckpoint) this.takeCheckpoint();
    }
    return step - first;
  }

  /** Pushes the last events of the rounds run since the ring was last written. */
  private pushRoundEvents(): void {
    const plan = this.roundsPlan;
    if (plan === null) return;
    this.roundsPlan = null;
    const { buffers, amounts, lines } = plan.body;
    const from = Math.max(this.roundsFrom, this.roundsTo - EVENT_LOG_LIMIT + 1);
    for (let step = from; step <= this.roundsTo; step++) {
      const k = (step - this.roundsFrom) % plan.length;
      const code = this.log.get(step);
      const op = (code & 3) as Op;
      // Byte (s - 1) & 0xffff of the log, as runRounds indexes capacities.
      const acquiredAt = (step - 1 - plan.sinceAcquire[k]!) & plan.capacityMask;
      this.ring.push(
        op,
        step,
        lines[k]!,
        buffers[k]!,
        op === Op.Acquire ? amounts[k]! : 0,
        (code >> 4) - 1,
        (code >> 2) & 3,
        plan.capacities[acquiredAt]!,
        0,
      );
    }
  }

  /** The step of the next click recorded ahead, or infinity. */
  private nextManualStep(): number {
    let next = Number.POSITIVE_INFINITY;
    if (this.manual.size === 0) return next;
    for (const step of this.manual.keys()) if (step > this.currentStep && step < next) next = step;
    return next;
  }

  private acquire(step: number, id: number, size: number, line: number): number {
    if (this.held.has(id)) {
      const name = this.nameOf(id);
      throw this.misuse(line, `acquire ${name} — ${name} still holds a buffer; release it first`);
    }
    const sizeClass = size > LARGEST_CLASS ? OVERSIZED : sizeClassOfFast(size);
    const freshBytes = sizeClass === OVERSIZED ? size : SMALLEST_CLASS << sizeClass;
    this.checkBudget(line, "acquire", id, freshBytes);
    const recyclesBefore = this.pool.recycles();
    const buffer = this.pool.acquire(size);
    const recycled = this.pool.recycles() !== recyclesBefore;
    this.held.add(id, buffer);
    const capacity = buffer.capacity;
    this.heldBytes += capacity;
    if (sizeClass === OVERSIZED) this.oversizedHeld++;
    else this.heldPerClass[sizeClass]!++;
    const outcome = recycled ? Outcome.Recycle : Outcome.Miss;
    const cls = protocolClass(sizeClass);
    this.ring.push(Op.Acquire, step, line, id, size, cls, outcome, capacity, 0);
    return logCode(Op.Acquire, outcome, cls);
  }

  private release(step: number, id: number, line: number): number {
    const buffer = this.held.remove(id);
    if (!buffer) throw this.unknown(line, "release", id);
    const sizeClass = buffer.sizeClass;
    const capacity = buffer.capacity;
    const retainedBefore = this.pool.retainedBytes();
    buffer.release();
    if (line === 0) this.releasedByClick.add(id);
    this.heldBytes -= capacity;
    let outcome: number;
    if (sizeClass === OVERSIZED) {
      this.oversizedHeld--;
      outcome = Outcome.DroppedOversized;
    } else {
      this.heldPerClass[sizeClass]!--;
      outcome = this.pool.retainedBytes() !== retainedBefore ? Outcome.Pooled : Outcome.DroppedFull;
    }
    const cls = protocolClass(sizeClass);
    this.ring.push(Op.Release, step, line, id, 0, cls, outcome, capacity, 0);
    return logCode(Op.Release, outcome, cls);
  }

  private resize(step: number, id: number, length: number, line: number): number {
    const buffer = this.held.get(id);
    if (!buffer) throw this.unknown(line, "resize", id);
    const previousCapacity = buffer.capacity;
    if (length > previousCapacity) {
      this.checkBudget(
        line,
        "resize",
        id,
        Math.max(2 * previousCapacity, length) - previousCapacity,
      );
    }
    buffer.resize(length);
    const capacity = buffer.capacity;
    this.heldBytes += capacity - previousCapacity;
    const outcome = capacity !== previousCapacity ? Outcome.Grown : Outcome.InPlace;
    const cls = protocolClass(buffer.sizeClass);
    this.ring.push(Op.Resize, step, line, id, length, cls, outcome, capacity, previousCapacity);
    return logCode(Op.Resize, outcome, cls);
  }

  private checkBudget(line: number, verb: string, id: number, extraBytes: number): void {
    const budget = this.options.memoryBudgetBytes;
    const total = this.heldBytes + this.pool.retainedBytes() + extraBytes;
    if (total > budget) {
      const what = `${verb} ${this.nameOf(id)}`;
      throw new RunStop({
        kind: "limit",
        message:
          `${line > 0 ? `line ${line}: ` : ""}${what} would bring live + pooled memory to ` +
          `${formatMiB(total)}, over the memory budget of ${formatMiB(budget)} — raise the budget or release buffers`,
        line,
        column: 0,
      });
    }
  }

  private unknown(line: number, verb: string, id: number): RunStop {
    const name = this.nameOf(id);
    const why = this.releasedByClick.has(id)
      ? `${name} was already released by a click on the page`
      : `no buffer named ${name} is held`;
    return this.misuse(line, `${verb} ${name} — ${why}`);
  }

  private misuse(line: number, message: string): RunStop {
    return new RunStop({
      kind: "runtime",
      message: line > 0 ? `line ${line}: ${message}` : message,
      line,
      column: 0,
    });
  }

  /** Samples the chart series at `step`, the {@link nextSample} due; returns the next one due. */
  private sample(step: number): number {
    if (this.series.length >= SERIES_LIMIT) {
      this.series = this.series.filter((_, i) => i % 2 === 1);
      this.seriesStride *= 2;
    }
    if (step % this.seriesStride === 0) {
      const stats = this.pool.stats();
      this.series.push({ step, recycleRate: stats.recycleRate, misses: stats.misses });
      this.seriesVersion++;
    }
    this.nextSample = (Math.floor(step / this.seriesStride) + 1) * this.seriesStride;
    return this.nextSample;
  }

  private takeCheckpoint(): void {
    const held: HeldRecord[] = [];
    for (const [id, buffer] of this.held.oldestFirst()) {
      held.push({
        buffer: id,
        sizeClass: buffer.sizeClass,
        length: buffer.length,
        capacity: buffer.capacity,
      });
    }
    const checkpoint: Checkpoint = {
      step: this.currentStep,
      pool: this.pool.saveState(),
      cursor: this.cursor.save(),
      cursorDone: this.cursorDone,
      held,
      releasedByClick: new Set(this.releasedByClick),
    };
    this.checkpoints.push(checkpoint);
    // Space checkpoints by their own cost, so holding many buffers does not make history quadratic.
    this.nextCheckpoint = this.currentStep + Math.max(CHECKPOINT_INTERVAL, 8 * held.length);
  }

  private checkpointAtOrBefore(step: number): Checkpoint {
    let found = this.checkpoints[0]!;
    for (const checkpoint of this.checkpoints) {
      if (checkpoint.step > step) break;
      found = checkpoint;
    }
    return found;
  }

  private restore(checkpoint: Checkpoint): void {
    this.pool = BufferPool.restore(checkpoint.pool);
    this.cursor = this.program.cursor(checkpoint.cursor);
    this.cursorDone = checkpoint.cursorDone;
    this.batchNext = 0;
    this.batchCount = 0;
    this.held = new HeldTable();
    this.heldPerClass.fill(0);
    this.oversizedHeld = 0;
    this.heldBytes = 0;
    for (const record of checkpoint.held) {
      const buffer = this.pool.restoreHeld(record.sizeClass, record.length, record.capacity);
      this.held.add(record.buffer, buffer);
      this.heldBytes += buffer.capacity;
      if (record.sizeClass === OVERSIZED) this.oversizedHeld++;
      else this.heldPerClass[record.sizeClass]!++;
    }
    this.releasedByClick = new Set(checkpoint.releasedByClick);
    this.currentStep = checkpoint.step;
    this.lastLine = 0;
    this.ring.clear();
    this.roundsPlan = null;
  }

  /** Forgets recorded steps after `step` (a click changes the future). */
  private truncateAfter(step: number): void {
    if (this.recorded <= step) return;
    this.recorded = step;
    this.log.truncate(step);
    for (const key of [...this.manual.keys()]) if (key > step) this.manual.delete(key);
    this.checkpoints = this.checkpoints.filter((c) => c.step <= step);
    this.series = this.series.filter((point) => point.step <= step);
    this.seriesVersion++;
    this.nextSample = (Math.floor(step / this.seriesStride) + 1) * this.seriesStride;
    // The script's own future is still ahead of the cursor: only recorded steps are forgotten.
    const last = this.checkpoints.at(-1)!;
    this.nextCheckpoint = last.step + CHECKPOINT_INTERVAL;
  }
}

/** `sizeClassOf` for a size already known to be a valid size of at most 1 MiB. */
function sizeClassOfFast(size: number): number {
  // size - 1 has its top bit at position 12 + k for class k ≥ 1.
  return size <= SMALLEST_CLASS ? 0 : 20 - Math.clz32(size - 1);
}

function diverged(step: number): Error {
  return new Error(`replay diverged at step ${step}: the history no longer matches the script`);
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MiB`;
}

/** Turns anything a run throws into the message the page shows. */
export function toRunError(thrown: unknown): RunError {
  if (thrown instanceof RunStop) return thrown.error;
  if (thrown instanceof ScriptError) {
    return { kind: "runtime", message: thrown.message, line: thrown.line, column: thrown.column };
  }
  if (thrown instanceof RangeError) {
    return { kind: "limit", message: thrown.message, line: 0, column: 0 };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { kind: "crash", message, line: 0, column: 0 };
}
