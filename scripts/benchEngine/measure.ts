/**
 * One workload shape measured twice in the same process: through the engine
 * (`Session`), and as the bare pool replaying exactly the same operations.
 */
import { Session } from "../../src/engine/session.ts";
import type { Snapshot } from "../../src/engine/types.ts";
import type { BufferPool } from "../../src/pool/index.ts";
import { OpChunk, runBare, type BenchSource } from "./ops.ts";

/** capacity_per_class for a script without a `capacity` line (the page's default). */
export const DEFAULT_CAPACITY = 4;
/** Live + pooled bytes the engine may use: enough for every shape. */
export const MEMORY_BUDGET_BYTES = 2 ** 30;
/** The engine must keep at least this share of the bare pool's rate (SPEC §6). */
export const RATIO_BUDGET = 2 / 3;
/** Timed runs of each side; the best counts. */
export const ROUNDS = 5;
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

interface EngineRun {
  readonly steps: number;
  readonly elapsedMs: number;
  readonly snapshot: Snapshot;
  readonly historyBytes: number;
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
 * One timed run of the engine. No collection is forced before it: a forced
 * full GC shrinks the young generation, so the run after it pays for growing
 * it again, which a worker running on never does.
 */
function runEngine(name: string, program: BenchSource, maxSteps: number, probe: Probe): EngineRun {
  const session = newSession(program);
  const start = probe.now();
  const steps = session.advance(maxSteps);
  const elapsedMs = probe.now() - start;
  checkSession(name, session);
  return {
    steps,
    elapsedMs,
    snapshot: session.snapshot("done"),
    historyBytes: session.historyBytes(),
  };
}

/** Heap and array buffers a run of the engine keeps beyond the pool's own buffers, between two forced collections. */
function engineMemory(name: string, program: BenchSource, maxSteps: number, probe: Probe): number {
  probe.gc();
  const before = probe.memoryBytes();
  const session = newSession(program);
  session.advance(maxSteps);
  checkSession(name, session);
  probe.gc();
  // Measured while the session is alive, before the snapshot adds anything.
  const after = probe.memoryBytes();
  const snapshot = session.snapshot("done");
  return after - before - (snapshot.retainedBytes + snapshot.heldBytes);
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

/**
 * Measures one shape: a warm-up, then {@link ROUNDS} rounds of one engine run
 * and one bare replay each, the two taking turns to go first so that machine
 * load falls on both alike. Every round checks that both ran the same steps to
 * the same counters.
 *
 * @throws ShapeFailure when the engine stops with an error, runs no step, or disagrees with the bare pool.
 */
export function measureShape(
  name: string,
  program: BenchSource,
  maxSteps: number,
  probe: Probe,
  chunk: OpChunk = new OpChunk(),
): ShapeResult {
  warmUp(name, program, maxSteps, probe, chunk);
  let engineMs = Number.POSITIVE_INFINITY;
  let bareMs = Number.POSITIVE_INFINITY;
  let steps = 0;
  let historyBytes = 0;
  const memoryBytes = engineMemory(name, program, maxSteps, probe);
  const capacity = capacityOf(program);
  const bareRun = () => runBare(program, capacity, maxSteps, chunk, probe.now);
  for (let round = 0; round < ROUNDS; round++) {
    let bare = round % 2 === 1 ? bareRun() : undefined;
    const engine = runEngine(name, program, maxSteps, probe);
    bare ??= bareRun();
    if (engine.steps === 0) throw new ShapeFailure(`${name}: the engine ran no step`);
    if (engine.steps !== bare.steps) {
      throw new ShapeFailure(
        `${name}: the engine ran ${engine.steps} steps, the script's own cursor gave ${bare.steps}`,
      );
    }
    const differences = counterDifferences(engine.snapshot, bare.pool);
    if (differences.length > 0) {
      throw new ShapeFailure(
        `${name}: the engine and the bare pool differ: ${differences.join("; ")}`,
      );
    }
    steps = engine.steps;
    engineMs = Math.min(engineMs, engine.elapsedMs);
    bareMs = Math.min(bareMs, bare.elapsedMs);
    historyBytes = engine.historyBytes;
  }
  const engineStepsPerSecond = (steps * 1000) / engineMs;
  const bareStepsPerSecond = (steps * 1000) / bareMs;
  return {
    name,
    steps,
    engineStepsPerSecond: Math.round(engineStepsPerSecond),
    bareStepsPerSecond: Math.round(bareStepsPerSecond),
    ratio: Math.round((engineStepsPerSecond / bareStepsPerSecond) * 1000) / 1000,
    historyBytes,
    memoryBytes,
  };
}

function capacityOf(program: BenchSource): number {
  return program.capacity ?? DEFAULT_CAPACITY;
}
