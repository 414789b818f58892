/**
 * One workload shape measured twice in the same process: through the engine
 * (`Session`), and as the bare pool replaying exactly the same operations,
 * the two taking turns every {@link SLICE_STEPS} steps of one run.
 */
import { BATCH_STEPS, Session } from "../../src/engine/session.ts";
import type { Snapshot } from "../../src/engine/types.ts";
import type { BufferPool } from "../../src/pool/index.ts";
import { ScriptError, StepBatch } from "../../src/script/index.ts";
import { BareReplay, OpChunk, runBare, type BenchSource } from "./ops.ts";

/** capacity_per_class for a script without a `capacity` line (the page's default). */
export const DEFAULT_CAPACITY = 4;
/** Live + pooled bytes the engine may use: enough for every shape. */
export const MEMORY_BUDGET_BYTES = 2 ** 30;
/** The engine must keep at least this share of the bare pool's rate (SPEC §6). */
export const RATIO_BUDGET = 2 / 3;
/** Timed runs, each of both sides in turns; the one with the median ratio is reported. */
export const ROUNDS = 9;
/**
 * Steps each side runs before the other takes its turn: a few milliseconds,
 * so that the machine's slow and fast spells (on a shared machine they last
 * seconds) fall on both sides alike. Fewer in a shorter run, so that each
 * side takes at least {@link MIN_TURNS} turns (see {@link sliceSteps}).
 */
export const SLICE_STEPS = 1 << 16;
/** The fewest turns each side takes in a run. */
export const MIN_TURNS = 16;
/** The fewest steps a turn takes, however short the run. */
export const MIN_SLICE_STEPS = 64;

/**
 * Steps a turn takes in a run of `steps` steps: enough for
 * {@link MIN_TURNS} turns, at least {@link MIN_SLICE_STEPS}, at most `most`
 * (the chunk's capacity, {@link SLICE_STEPS} but in tests).
 */
export function sliceSteps(steps: number, most: number): number {
  return Math.min(most, Math.max(MIN_SLICE_STEPS, Math.ceil(steps / MIN_TURNS)));
}
/** How long each side runs untimed before the timed rounds. */
const WARMUP_MS = 500;
/** Steps per `advance` call while warming up, so the warm-up can stop on time. */
const WARMUP_SLICE_STEPS = 1024;

/** What the benchmark reports for one shape (SPEC §8). */
export interface ShapeResult {
  readonly name: string;
  readonly steps: number;
  readonly engineStepsPerSecond: number;
  readonly bareStepsPerSecond: number;
  /** Engine rate ÷ bare rate. */
  readonly ratio: number;
  readonly historyBytes: number;
  /** Heap and array buffers beyond the pool's own buffers at the end of the engine's run. */
  readonly memoryBytes: number;
  /** Every run's ratio, lowest first: {@link ratio} is their median. Not in the JSON line. */
  readonly runRatios: readonly number[];
  /** Steps each side ran before the other took its turn (see {@link sliceSteps}). Not in the JSON line. */
  readonly sliceSteps: number;
  /**
   * With `parts`: the workload's own cursor alone, writing the same steps
   * into a batch as the engine's does, in the run of the median ratio. Not
   * in the JSON line.
   */
  readonly sourceStepsPerSecond?: number;
}

/** The engine failed, or it and the bare pool disagree: the figures would mean nothing. */
export class ShapeFailure extends Error {}

/** Runtime hooks, passed in so the measurement itself stays plain. */
export interface Probe {
  /** A full garbage collection. */
  readonly gc: () => void;
  /** Bytes of heap and array buffers in use. */
  readonly memoryBytes: () => number;
  readonly now: () => number;
}

function newSession(program: BenchSource): Session {
  return new Session(program, {
    capacity: DEFAULT_CAPACITY,
    memoryBudgetBytes: MEMORY_BUDGET_BYTES,
  });
}

function checkSession(name: string, session: Session): void {
  const error = session.error;
  if (error === null) return;
  // The message is the reason alone; the line is a field of its own.
  const where = error.line > 0 ? `line ${error.line}: ` : "";
  throw new ShapeFailure(`${name}: the engine stopped: ${where}${error.message}`);
}

/**
 * A whole run of the engine, untimed: the heap and array buffers it keeps
 * beyond the pool's own buffers, between two forced collections, and the
 * steps it ran.
 */
function engineMemory(
  name: string,
  program: BenchSource,
  maxSteps: number,
  probe: Probe,
): { memoryBytes: number; steps: number } {
  probe.gc();
  const before = probe.memoryBytes();
  const session = newSession(program);
  const steps = session.advance(maxSteps);
  checkSession(name, session);
  probe.gc();
  // Measured while the session is alive, before the snapshot adds anything.
  const after = probe.memoryBytes();
  const snapshot = session.snapshot("done");
  return { memoryBytes: after - before - (snapshot.retainedBytes + snapshot.heldBytes), steps };
}

/** Differences between the engine's counters and the bare pool's, as sentences; none when equal. */
export function counterDifferences(snapshot: Snapshot, pool: BufferPool): string[] {
  const differences: string[] = [];
  const compare = (what: string, engine: unknown, bare: unknown): void => {
    if (JSON.stringify(engine) !== JSON.stringify(bare)) {
      differences.push(`${what}: engine ${JSON.stringify(engine)}, bare ${JSON.stringify(bare)}`);
    }
  };
  compare("capacity per class", snapshot.capacityPerClass, pool.capacityPerClass);
  compare("allocations", snapshot.allocations, pool.allocations());
  compare("recycles", snapshot.recycles, pool.recycles());
  compare("misses", snapshot.misses, pool.misses());
  compare("free list lengths", snapshot.free, pool.freeListLengths());
  return differences;
}

/** Runs each side untimed for about {@link WARMUP_MS}, the bare pool on the steps the engine took. */
function warmUp(
  name: string,
  program: BenchSource,
  maxSteps: number,
  probe: Probe,
  chunk: OpChunk,
) {
  const session = newSession(program);
  const start = probe.now();
  let steps = 0;
  while (steps < maxSteps && probe.now() - start < WARMUP_MS) {
    const ran = session.advance(Math.min(WARMUP_SLICE_STEPS, maxSteps - steps));
    if (ran === 0) break;
    steps += ran;
  }
  checkSession(name, session);
  runBare(program, capacityOf(program), steps, chunk, probe.now);
}

/** One timed run of both sides over the same steps. */
interface PairedRun {
  readonly steps: number;
  readonly engineMs: number;
  readonly bareMs: number;
  /** The source's cursor alone, when timed (`parts`); else 0. */
  readonly sourceMs: number;
  readonly snapshot: Snapshot;
  readonly pool: BufferPool;
  readonly historyBytes: number;
}

/**
 * Runs a fresh engine and a fresh bare pool over the same steps, a slice of
 * `slice` steps at a time: the bare pool replays the slice's
 * operations, read from a fresh cursor, and the engine advances as many
 * steps. Which side goes first alternates from slice to slice. With
 * `parts`, a third side takes its turn too: a fresh cursor of the source
 * writing the slice's steps into a batch, as the engine's own cursor does,
 * so what the engine adds to the bare pool splits into the source's share
 * and the rest (ledger, history, events). No collection is forced before
 * it: a forced full GC shrinks the young generation, so the run after it
 * pays for growing it again, which a worker running on never does.
 */
function pairedRun(
  name: string,
  program: BenchSource,
  maxSteps: number,
  probe: Probe,
  chunk: OpChunk,
  slice: number,
  engineFirst: boolean,
  parts: boolean,
): PairedRun {
  const session = newSession(program);
  const bare = new BareReplay(program, capacityOf(program), maxSteps);
  // With `parts`: the source's own cursor, and the batch it writes into.
  const source = parts ? { cursor: program.cursor(), batch: new StepBatch(BATCH_STEPS) } : null;
  let engineMs = 0;
  let bareMs = 0;
  let sourceMs = 0;
  let steps = 0;
  for (let turn = 0; ; turn++) {
    const count = readSlice(name, bare, chunk, slice, session);
    if (count === 0) break;
    let ran = 0;
    const engineTurn = () => {
      const start = probe.now();
      ran = session.advance(count);
      engineMs += probe.now() - start;
    };
    const bareTurn = () => {
      const start = probe.now();
      bare.replay(chunk, count);
      bareMs += probe.now() - start;
    };
    const turns = [engineTurn, bareTurn];
    if (source) {
      const { cursor, batch } = source;
      turns.push(() => {
        const start = probe.now();
        for (let left = count, filled = 1; left > 0 && filled > 0; left -= filled) {
          filled = cursor.fill(batch, Math.min(left, BATCH_STEPS));
        }
        sourceMs += probe.now() - start;
      });
    }
    const first = (turn + (engineFirst ? 0 : 1)) % turns.length;
    for (let side = 0; side < turns.length; side++) turns[(first + side) % turns.length]!();
    checkSession(name, session);
    steps += ran;
    if (ran !== count) {
      throw new ShapeFailure(
        `${name}: the engine ran ${steps} steps, the script's own cursor gave ${steps - ran + count}`,
      );
    }
  }
  if (steps < maxSteps && session.advance(1) !== 0) {
    throw new ShapeFailure(`${name}: the engine ran on past the ${steps} steps of the script`);
  }
  return {
    steps,
    engineMs,
    bareMs,
    sourceMs,
    snapshot: session.snapshot("done"),
    pool: bare.pool,
    historyBytes: session.historyBytes(),
  };
}

/**
 * The next slice of operations; at the script's runtime error, the engine's
 * own report of it (the engine stops at the same step).
 */
function readSlice(
  name: string,
  bare: BareReplay,
  chunk: OpChunk,
  slice: number,
  session: Session,
): number {
  try {
    return bare.read(chunk, slice);
  } catch (thrown) {
    if (!(thrown instanceof ScriptError)) throw thrown;
    session.advance(Number.POSITIVE_INFINITY);
    checkSession(name, session);
    throw thrown;
  }
}

/**
 * Measures one shape: a warm-up, then {@link ROUNDS} paired runs (see
 * {@link pairedRun}), each checked that both sides ran the same steps to the
 * same counters. Reports the run whose ratio is the median, with the
 * ratios of all runs.
 *
 * @throws ShapeFailure when the engine stops with an error, runs no step, or disagrees with the bare pool.
 */
export function measureShape(
  name: string,
  program: BenchSource,
  maxSteps: number,
  probe: Probe,
  chunk: OpChunk = new OpChunk(SLICE_STEPS),
  /** Also time the source's cursor alone (see {@link pairedRun}). */
  parts = false,
): ShapeResult {
  warmUp(name, program, maxSteps, probe, chunk);
  const { memoryBytes, steps } = engineMemory(name, program, maxSteps, probe);
  const slice = sliceSteps(steps, chunk.capacity);
  const runs: PairedRun[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const run = pairedRun(name, program, maxSteps, probe, chunk, slice, round % 2 === 0, parts);
    if (run.steps === 0) throw new ShapeFailure(`${name}: the engine ran no step`);
    const differences = counterDifferences(run.snapshot, run.pool);
    if (differences.length > 0) {
      throw new ShapeFailure(
        `${name}: the engine and the bare pool differ: ${differences.join("; ")}`,
      );
    }
    runs.push(run);
  }
  const ratioOf = (run: PairedRun) => run.bareMs / run.engineMs;
  runs.sort((a, b) => ratioOf(a) - ratioOf(b));
  const median = runs[runs.length >> 1]!;
  const rate = (ms: number) => Math.round((median.steps * 1000) / ms);
  const rounded = (ratio: number) => Math.round(ratio * 1000) / 1000;
  return {
    name,
    steps: median.steps,
    engineStepsPerSecond: rate(median.engineMs),
    bareStepsPerSecond: rate(median.bareMs),
    ratio: rounded(ratioOf(median)),
    historyBytes: median.historyBytes,
    memoryBytes,
    runRatios: runs.map((run) => rounded(ratioOf(run))),
    sliceSteps: slice,
    ...(parts ? { sourceStepsPerSecond: rate(median.sourceMs) } : {}),
  };
}

function capacityOf(program: BenchSource): number {
  return program.capacity ?? DEFAULT_CAPACITY;
}
