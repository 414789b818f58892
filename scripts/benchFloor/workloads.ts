/** The workloads `npm run bench:floor` runs, and the scripts that say the same. */

/** What every floor workload has. */
interface Workload {
  /** Bytes each acquire asks for. */
  readonly size: number;
  /** Rounds of the workload's loop. */
  readonly rounds: number;
  readonly seed: number;
  readonly capacity: number;
}

/** `acquire SIZE; release random` with `held` buffers held (`floorLoop.ts`). */
export interface RandomWorkload extends Workload {
  readonly kind?: "release random";
  /** Buffers acquired before the rounds begin. */
  readonly held: number;
}

/** Bursts of 1…`most` acquires of SIZE, each released all, oldest first (`burstLoop.ts`). */
export interface BurstWorkload extends Workload {
  readonly kind: "bursts";
  /** The most acquires in a burst: each burst's count is drawn from 1…most. */
  readonly most: number;
}

export type FloorWorkload = RandomWorkload | BurstWorkload;

/** The script of `workload`, for the engine and the bare pool. */
export function floorScript(workload: FloorWorkload): string {
  const { size, rounds, seed, capacity } = workload;
  const start = `capacity ${capacity}; seed ${seed}`;
  if (workload.kind === "bursts") {
    return `${start}; repeat ${rounds} { repeat random 1..${workload.most} { acquire ${size} }; release all }`;
  }
  return `${start}; repeat ${workload.held} { acquire ${size} }; repeat ${rounds} { acquire ${size}; release random }`;
}

/** The workload's name in a table or a message: "16 held", "bursts of 1..4". */
export function workloadLabel(workload: FloorWorkload): string {
  return workload.kind === "bursts" ? `bursts of 1..${workload.most}` : `${workload.held} held`;
}

/** How a floor loop runs. */
export interface FloorOptions {
  /**
   * Whether the buffers are released in the script's own order (default
   * true). Off, `release random` keeps its held list in no order (the same
   * draws pick other buffers), and a burst is released newest first: with
   * one size the pool's work is the same, so it measures what the order costs.
   */
  readonly ordered?: boolean;
  /** Whether each step's counts, code and released id are noted; default true. */
  readonly notes?: boolean;
}
