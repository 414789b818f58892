/**
 * One workload of `npm run bench:floor` measured five ways in one process,
 * the sides taking turns over the same steps as `bench:engine`'s do: the bare
 * pool replaying the script's operations, the engine (`Session`), and the
 * floor loop of the workload (`floorLoop.ts`, `burstLoop.ts`): in the
 * script's order, in another, and in the script's order noting nothing (the
 * script's choices alone).
 */
import { Session } from "../../src/engine/session.ts";
import { compile } from "../../src/script/index.ts";
import {
  MEMORY_BUDGET_BYTES,
  ROUNDS,
  SLICE_STEPS,
  ShapeFailure,
  counterDifferences,
  sliceSteps,
  type Probe,
} from "../benchEngine/measure.ts";
import { BareReplay, OpChunk } from "../benchEngine/ops.ts";
import { BurstLoop } from "./burstLoop.ts";
import type { FloorBase } from "./floorBase.ts";
import { FloorLoop } from "./floorLoop.ts";
import { floorScript, type FloorOptions, type FloorWorkload } from "./workloads.ts";

/** The sides, in the order they are reported. */
export const SIDES = ["bare", "engine", "floor", "unordered", "choices"] as const;
export type Side = (typeof SIDES)[number];
/** The sides reported as a ratio to the bare pool (all but the bare pool), in the same order. */
export type RatioSide = Exclude<Side, "bare">;
export const RATIO_SIDES = SIDES.filter((side): side is RatioSide => side !== "bare");

/** What `bench:floor` reports for one workload. */
export interface FloorResult {
  readonly workload: FloorWorkload;
  readonly steps: number;
  /** Each side's nanoseconds a step: the median of the timed runs. */
  readonly nsPerStep: Readonly<Record<Side, number>>;
  /** Bare pool's time ÷ each side's, the median of the timed runs (as `bench:engine`'s ratio). */
  readonly ratio: Readonly<Record<RatioSide, number>>;
}

/** The floor loop of `workload`, run as `options` say. */
export function floorLoop(workload: FloorWorkload, options: FloorOptions = {}): FloorBase {
  return workload.kind === "bursts"
    ? new BurstLoop(workload, options)
    : new FloorLoop(workload, options);
}

/** One run of every side over the workload's steps: milliseconds each, and the steps. */
function pairedRun(
  workload: FloorWorkload,
  probe: Probe,
  chunk: OpChunk,
  firstSide: number,
): { ms: Record<Side, number>; steps: number } {
  const program = compile(floorScript(workload));
  const bare = new BareReplay(program, workload.capacity);
  const session = new Session(program, {
    capacity: workload.capacity,
    memoryBudgetBytes: MEMORY_BUDGET_BYTES,
  });
  const floor = floorLoop(workload);
  const unordered = floorLoop(workload, { ordered: false });
  const choices = floorLoop(workload, { notes: false });
  const slice = sliceSteps(floor.steps, chunk.capacity);
  const ms: Record<Side, number> = { bare: 0, engine: 0, floor: 0, unordered: 0, choices: 0 };
  for (let turn = 0; ; turn++) {
    const count = bare.read(chunk, slice);
    if (count === 0) break;
    const runs: Record<Side, () => number> = {
      bare: () => {
        bare.replay(chunk, count);
        return count;
      },
      engine: () => session.advance(count),
      floor: () => floor.run(count),
      unordered: () => unordered.run(count),
      choices: () => choices.run(count),
    };
    for (let k = 0; k < SIDES.length; k++) {
      const side = SIDES[(turn + firstSide + k) % SIDES.length]!;
      const start = probe.now();
      const ran = runs[side]();
      ms[side] += probe.now() - start;
      if (ran !== count) throw new ShapeFailure(`${side} ran ${ran} steps of ${count}`);
    }
  }
  const differences = counterDifferences(session.snapshot("done"), bare.pool);
  for (const [side, loop] of [
    ["floor", floor],
    ["unordered", unordered],
    ["choices", choices],
  ] as const) {
    if (JSON.stringify(loop.pool.saveState()) !== JSON.stringify(bare.pool.saveState())) {
      differences.push(`the ${side} loop's pool is not the bare pool's`);
    }
  }
  if (differences.length > 0) throw new ShapeFailure(differences.join("; "));
  return { ms, steps: bare.steps };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/**
 * Measures `workload`: one untimed run of every side, then {@link ROUNDS}
 * timed runs, each side going first in turn.
 *
 * @throws ShapeFailure when the sides disagree on the pool's counters.
 */
export function measureFloor(
  workload: FloorWorkload,
  probe: Probe,
  chunk: OpChunk = new OpChunk(SLICE_STEPS),
): FloorResult {
  pairedRun(workload, probe, chunk, 0);
  const runs = Array.from({ length: ROUNDS }, (_, round) =>
    pairedRun(workload, probe, chunk, round),
  );
  const rounded = (value: number, places: number) => Number(value.toFixed(places));
  const nsOf = (side: Side) =>
    rounded(median(runs.map(({ ms, steps }) => (ms[side] * 1e6) / steps)), 1);
  const ratioOf = (side: Side) => rounded(median(runs.map(({ ms }) => ms.bare / ms[side])), 3);
  return {
    workload,
    steps: runs[0]!.steps,
    nsPerStep: Object.fromEntries(SIDES.map((side) => [side, nsOf(side)])) as Record<Side, number>,
    ratio: Object.fromEntries(
      RATIO_SIDES.map((side) => [side, ratioOf(side)]),
    ) as FloorResult["ratio"],
  };
}
