/**
 * A run: a step source driving a real pool, with a history that makes every
 * recorded step reachable again by deterministic replay.
 *
 * The session is thin: it takes steps from the source in batches and hands
 * them to its parts, each in its own module: the {@link Ledger} (pool, held
 * buffers, budget, metrics) executes them, the {@link EventFeed} keeps the
 * last ones, the {@link SeriesSampler} samples the chart, and the
 * {@link History} keeps checkpoints and clicks. Pure: no worker globals, no
 * DOM, so the worker, the CLI and the tests drive the same code.
 */
import { SIZE_CLASSES, SpareStores } from "../pool/index.ts";
import { StepBatch, StepKind } from "../script/index.ts";
import { RunStop, refusalError, toRunError } from "./errors.ts";
import { classMetrics, freeStacks } from "./classFigures.ts";
import { EventFeed } from "./feed.ts";
import { History, type Checkpoint, type Click } from "./history.ts";
import { Ledger } from "./ledger.ts";
import { heldInState, sameAtCapacity } from "./ledgerState.ts";
import { OVERSIZED_SLOT } from "./slots.ts";
import { StepOutcomes } from "./outcomes.ts";
import { SeriesSampler, poolCounters } from "./sampler.ts";
import type { SourceCursor, StepSource } from "./stepSource.ts";
import {
  CLASS_COUNT,
  EVENT_LOG_LIMIT,
  HELD_LIST_LIMIT,
  STACK_LIST_LIMIT,
  STACK_RUNNING_LIMIT,
  type ClassMetrics,
  type FreeBuffer,
  type HeldBuffer,
  type RunError,
  type RunStatus,
  type SeriesPoint,
  type Snapshot,
} from "./types.ts";

/**
 * Steps the session takes from its source at a time. Each batch costs about a
 * microsecond besides its steps (the checkpoint due, the event feed, the
 * ledger's entry): at 1,024 steps that was 2 ns a step, where the engine takes
 * about 95 on long random (docs/performance-history.md, session 27). Larger
 * batches gained little more and hold more memory.
 */
export const BATCH_STEPS = 4096;

/** Options for a {@link Session}. */
export interface SessionOptions {
  /** capacity_per_class when the source sets none. */
  readonly capacity: number;
  /** capacity_per_class even when the source sets one (a capacity sweep). */
  readonly capacityOverride?: number;
  /** Live + pooled bytes allowed; an operation that would exceed it stops the run. */
  readonly memoryBudgetBytes: number;
}

/** One run of one step source. */
export class Session<State = unknown> {
  /** capacity_per_class in effect (the source's own wins, unless overridden). */
  readonly capacityPerClass: number;
  private ledger: Ledger;
  private cursor: SourceCursor<State>;
  private cursorDone = false;
  /** Steps taken from the cursor: those before `batchNext` ran, the rest are still to run. */
  private readonly batch = new StepBatch(BATCH_STEPS);
  private readonly outcomes = new StepOutcomes(BATCH_STEPS);
  private batchNext = 0;
  private batchCount = 0;
  /** Steps of the batch before this one are in the feed already. */
  private batchFed = 0;
  private currentStep = 0;
  private lastLine = 0;
  private clickCount = 0;
  private stopped: RunError | null = null;
  private readonly history: History<State>;
  private readonly feed = new EventFeed();
  private readonly sampler = new SeriesSampler();

  constructor(
    private readonly source: StepSource<State>,
    private readonly options: SessionOptions,
  ) {
    this.capacityPerClass = options.capacityOverride ?? source.capacity ?? options.capacity;
    this.ledger = new Ledger(this.capacityPerClass, options.memoryBudgetBytes);
    this.cursor = source.cursor();
    this.history = new History(this.checkpoint());
  }

  /** Steps executed so far. */
  get step(): number {
    return this.currentStep;
  }

  /** The furthest step recorded. */
  get recordedSteps(): number {
    return this.history.recorded;
  }

  /** True when the source has no more steps and no recorded step lies ahead. */
  get finished(): boolean {
    return (
      this.cursorDone &&
      this.batchNext === this.batchCount &&
      this.currentStep >= this.history.recorded &&
      this.history.nextClickAfter(this.currentStep) === Number.POSITIVE_INFINITY
    );
  }

  /** Why the run stopped, if it did. */
  get error(): RunError | null {
    return this.stopped;
  }

  /** Changes whenever the chart series changes. */
  get seriesRevision(): number {
    return this.sampler.revision;
  }

  /**
   * Executes up to `maxSteps` steps forward. Returns how many ran. Stops early
   * at the end of the source, at `untilStep`, or at an error (then {@link error} is set).
   */
  advance(maxSteps: number, untilStep = Number.POSITIVE_INFINITY): number {
    if (this.stopped) return 0;
    const first = this.currentStep;
    const last = Math.min(first + maxSteps, untilStep);
    const { history, sampler } = this;
    try {
      while (this.currentStep < last) {
        const step = this.currentStep;
        const click = history.clickAt(step + 1);
        if (click !== undefined) {
          this.click(click);
          continue;
        }
        if (this.batchNext === this.batchCount && !this.refill()) break;
        const from = this.batchNext;
        const recording = step >= history.recorded;
        // Stop where anything but the ledger has work: the end asked for, the
        // next click, the end of the replayed stretch, the next sample. A
        // batch of repeated blocks runs past its samples, which are taken
        // after it from its outcomes (`sampleRun`), so that the blocks
        // replayed (`blocks.ts`) are not cut into pieces.
        const sampleAt = this.batch.repeats > 0 ? Number.POSITIVE_INFINITY : sampler.nextStep;
        const until = Math.min(
          last,
          history.nextClickAfter(step) - 1,
          recording ? sampleAt : history.recorded,
        );
        const to = Math.min(this.batchCount, from + (until - step));
        const { pool } = this.ledger;
        const before = recording ? poolCounters(pool) : null;
        const reached = this.ledger.run(this.batch, this.outcomes, from, to);
        this.currentStep = step + (reached - from);
        this.batchNext = reached;
        if (reached > from) this.lastLine = this.batch.lines[reached - 1]!;
        if (before !== null) {
          history.recorded = this.currentStep;
          sampler.sampleRun(this.outcomes.codes, from, reached, step, before, pool);
        }
        if (reached < to) {
          // A step that fails changed nothing and stays next: a click made now comes before it,
          // live as in a replay of the click, and the run tries it again after.
          this.feedBatch(reached);
          throw this.refused(reached);
        }
      }
    } catch (thrown) {
      this.stopped = toRunError(thrown);
    }
    return this.currentStep - first;
  }

  /**
   * Shows the exact state at `target` (0 ≤ target ≤ recorded steps): restores
   * the nearest checkpoint far enough before it to show the last events, and
   * replays from there, `maxSteps` at most. True once there; else call again to go on.
   */
  seek(target: number, maxSteps = Number.POSITIVE_INFINITY): boolean {
    const step = Math.max(0, Math.min(Math.floor(target), this.history.recorded));
    const from = this.history.atOrBefore(Math.max(0, step - EVENT_LOG_LIMIT));
    if (this.stopped || step < this.currentStep || from.step > this.currentStep) this.restore(from);
    this.stopped = null;
    this.advance(Math.min(maxSteps, step - this.currentStep), step);
    if (this.currentStep !== step) return false;
    this.ledger.pool.dropSpare();
    return true;
  }

  /** Acquires a buffer of class `sizeClass` (0…8) on behalf of a click; it becomes the next step. */
  acquireClass(sizeClass: number): void {
    const size = SIZE_CLASSES[sizeClass];
    if (size === undefined) throw new RangeError(`no size class ${sizeClass}`);
    this.clickCount++;
    this.applyClick({ kind: StepKind.Acquire, id: -this.clickCount, size });
  }

  /** Releases a held buffer on behalf of a click; it becomes the next step. Unknown names are ignored. */
  releaseBuffer(name: string): void {
    const id = this.heldIdOf(name);
    if (id === undefined) return;
    this.applyClick({ kind: StepKind.Release, id, size: 0 });
  }

  /**
   * A run of the same source at capacity `capacity` (whatever the source
   * sets), with this run's clicks: Compare's B. It starts at this run's newest
   * checkpoint where the two are still one (`sameAtCapacity`), sharing those before it.
   */
  atCapacity(capacity: number): Session<State> {
    const run = new Session(this.source, { ...this.options, capacityOverride: capacity });
    const smaller = Math.min(capacity, this.capacityPerClass);
    run.history.adopt(this.history, (checkpoint) => sameAtCapacity(checkpoint.ledger, smaller));
    run.clickCount = this.clickCount;
    run.restore(run.history.newest);
    run.sampler.truncate(run.step);
    return run;
  }

  /**
   * Buffers dropped so far because their class's free list was full. Every
   * pooled buffer was made by a miss and is now held, free, or dropped, so
   * this is misses − held − free over the nine classes.
   */
  get droppedFull(): number {
    const { ledger } = this;
    const free = ledger.pool.freeListLengths();
    let dropped = 0;
    for (let k = 0; k < CLASS_COUNT; k++) {
      dropped += ledger.misses[k]! - ledger.heldCount[k]! - free[k]!;
    }
    return dropped;
  }

  /** The state to draw, with the given playback status. */
  snapshot(status: RunStatus): Snapshot {
    this.feedBatch(this.batchNext);
    const { ledger } = this;
    const { pool } = ledger;
    const stats = pool.stats();
    const heldBuffers: HeldBuffer[] = ledger
      .heldOldestFirst(HELD_LIST_LIMIT)
      .map(({ id, buffer }) => ({
        name: this.nameOf(id),
        sizeClass: buffer.sizeClass < CLASS_COUNT ? buffer.sizeClass : -1,
        length: buffer.length,
        capacity: buffer.capacity,
      }));
    const free = ledger.freeCapacities(); // read once for the metrics and the stacks
    return {
      status,
      step: this.currentStep,
      recordedSteps: this.history.recorded,
      line: this.lastLine,
      lastEvent: this.feed.last(this.nameOf),
      recentEvents: this.feed.events(this.nameOf),
      capacityPerClass: this.capacityPerClass,
      allocations: stats.allocations,
      recycles: stats.recycles,
      misses: stats.misses,
      recycleRate: stats.recycleRate,
      free: pool.freeListLengths(),
      held: Array.from(ledger.heldCount.subarray(0, CLASS_COUNT)),
      oversizedHeld: ledger.heldCount[OVERSIZED_SLOT]!,
      retainedBytes: pool.retainedBytes(),
      heldBytes: ledger.heldBytes,
      heldBuffers,
      heldCount: ledger.heldTotal,
      classes: this.classMetrics(free),
      stacks: this.freeStacks(status === "running" ? STACK_RUNNING_LIMIT : STACK_LIST_LIMIT, free),
    };
  }

  /** Each class's free list, top first, at most `limit` buffers each: last holder and capacity. */
  freeStacks(limit: number, free = this.ledger.freeCapacities()): FreeBuffer[][] {
    return freeStacks(this.ledger, limit, free, this.nameOf);
  }

  /** The per-class metrics of SPEC §9 now: the nine classes, then oversized. */
  classMetrics(free = this.ledger.freeCapacities()): ClassMetrics[] {
    return classMetrics(this.ledger, free);
  }

  /** Recycle rate and misses sampled over the recorded run. */
  chartSeries(): readonly SeriesPoint[] {
    return this.sampler.series();
  }

  /** The checkpoints at steps between `after` and `before` (both excluded), oldest first. */
  checkpointsBetween(after: number, before: number): readonly Checkpoint<State>[] {
    return this.history.between(after, before);
  }

  /** Approximate bytes of history kept (checkpoints and clicks), for the benchmarks. */
  historyBytes(): number {
    return this.history.byteLength;
  }

  /** The name of a buffer id, as the page shows it. */
  private readonly nameOf = (id: number): string =>
    id < 0 ? `@${-id}` : this.source.bufferName(id);

  /**
   * The id of the held buffer the page names, or undefined. A click's buffer
   * is `@k`, and a trace may name its own so too: the held one wins, a click's first.
   */
  private heldIdOf(name: string): number | undefined {
    const click = /^@[1-9][0-9]*$/.test(name) ? -Number(name.slice(1)) : undefined;
    if (click !== undefined && this.ledger.holds(click)) return click;
    const id = this.source.bufferId(name);
    return id >= 0 && this.ledger.holds(id) ? id : undefined;
  }

  /**
   * Takes the next steps from the cursor, first taking a checkpoint if one is
   * due. False at the end of the source.
   */
  private refill(): boolean {
    if (this.cursorDone) return false;
    this.feedBatch(this.batchNext);
    const { history, ledger } = this;
    const step = this.currentStep;
    const recording = step >= history.recorded;
    const { acquiredBytes, freshBytes } = recording ? ledger : { acquiredBytes: 0, freshBytes: 0 };
    if (recording && history.isDue(step, acquiredBytes, freshBytes)) history.add(this.checkpoint());
    // A checkpoint saves the cursor, so a batch ends where the next one may be due.
    const max = recording ? history.stepsUntilDue(step, acquiredBytes, freshBytes) : BATCH_STEPS;
    this.batchNext = 0;
    this.batchFed = 0;
    this.batchCount = 0;
    const count = this.cursor.fill(this.batch, Math.min(max, BATCH_STEPS));
    this.batchCount = count;
    if (count === 0) this.cursorDone = true;
    return count > 0;
  }

  /** Hands the batch's steps run since it was last fed, up to `end`, to the event feed. */
  private feedBatch(end: number): void {
    if (end <= this.batchFed) return;
    const lastStep = this.currentStep - (this.batchNext - end);
    this.feed.pushBatch(this.batch, this.outcomes, this.batchFed, end, lastStep);
    this.batchFed = end;
  }

  private applyClick(click: Click): void {
    const step = this.currentStep + 1;
    this.truncateAfter(this.currentStep);
    this.history.addClick(step, click);
    this.stopped = null;
    this.advance(1);
  }

  /** Runs a click as the next step. */
  private click(click: Click): void {
    this.feedBatch(this.batchNext);
    const step = this.currentStep + 1;
    const { ledger } = this;
    let code: number;
    let capacity: number;
    if (click.kind === StepKind.Acquire) {
      const acquired = ledger.acquireForClick(click.id, click.size);
      if (acquired === null) throw this.refusedClick(click);
      ({ code, capacity } = acquired);
    } else {
      const released = ledger.releaseForClick(click.id);
      if (released === null) throw this.refusedClick(click);
      ({ code, capacity } = released);
    }
    this.feed.push(step, 0, click.id, click.size, code, capacity, 0);
    this.currentStep = step;
    this.lastLine = 0;
    if (step > this.history.recorded) {
      this.history.recorded = step;
      if (step === this.sampler.nextStep) this.sampler.sample(step, ledger.pool);
    }
  }

  /** Why the ledger refused step `k` of the batch. */
  private refused(k: number): RunStop {
    const { batch } = this;
    const id = batch.buffers[k]!;
    const released = this.ledger.wasReleasedByClick(id);
    return this.refusal(batch.kinds[k] as StepKind, id, batch.lines[k]!, released);
  }

  private refusedClick(click: Click): RunStop {
    return this.refusal(click.kind, click.id, 0, false);
  }

  private refusal(kind: StepKind, id: number, line: number, releasedByClick: boolean): RunStop {
    const { refusal, refusedTotal: totalBytes, budgetBytes } = this.ledger;
    const name = this.nameOf(id);
    return refusalError(refusal, { kind, name, line, releasedByClick, totalBytes, budgetBytes });
  }

  private checkpoint(): Checkpoint<State> {
    const ledger = this.ledger.save();
    const freeBuffers = ledger.pool.freeLists.reduce((count, list) => count + list.length, 0);
    return {
      step: this.currentStep,
      cursor: this.cursor.save(),
      cursorDone: this.cursorDone,
      ledger,
      acquiredBytes: this.ledger.acquiredBytes,
      freshBytes: this.ledger.freshBytes,
      bytes: 1024 + 72 * heldInState(ledger) + 24 * freeBuffers,
    };
  }

  private restore(checkpoint: Checkpoint<State>): void {
    // The run left behind gives its stores to the one restored and its replay (until the seek ends).
    const spare = new SpareStores();
    this.ledger.pool.discard(this.ledger.heldTable(), spare);
    this.ledger = new Ledger(
      this.capacityPerClass,
      this.options.memoryBudgetBytes,
      checkpoint.ledger,
      spare,
    );
    this.cursor = this.source.cursor(checkpoint.cursor);
    this.cursorDone = checkpoint.cursorDone;
    this.batchNext = 0;
    this.batchCount = 0;
    this.batchFed = 0;
    this.currentStep = checkpoint.step;
    this.lastLine = 0;
    this.feed.clear();
    this.history.rewindTo(checkpoint.step);
  }

  /** Forgets recorded steps after `step` (a click changes the future). */
  private truncateAfter(step: number): void {
    if (this.history.recorded <= step) return;
    this.history.truncateAfter(step);
    this.sampler.truncate(step);
  }
}
