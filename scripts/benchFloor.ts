/**
 * `npm run bench:floor -- [--held 8,16,1000] [--bursts 4] [--json]`
 *
 * How near the least possible engine comes to `bench:engine`'s budget on
 * the shapes on which the engine misses it: `acquire 4KB; release random`
 * with a given number of buffers held, and bursts of 1..N × 4KB released
 * all. Each workload, in a process of its own, is run five ways taking
 * turns over the same steps (`benchFloor/measure.ts`): the bare pool
 * replaying the script's operations, the engine, and the workload's floor
 * loop (`benchFloor/floorLoop.ts`, `benchFloor/burstLoop.ts`: the script's
 * draws, its held buffers in the script's order, the per-class counts and
 * outcome codes, in one plain loop and nothing else), the floor loop in
 * another order, and the script's choices alone (the floor loop noting
 * nothing). Prints nanoseconds a step and each side's ratio to the bare
 * pool, the median of nine runs; with `--json` its last line is
 * `{"workloads":[…]}`. Exit 1 when the sides disagree on the pool's
 * counters, 2 on bad usage.
 */
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CAPACITY, RATIO_BUDGET, ROUNDS } from "./benchEngine/measure.ts";
import { bundleChild, runInFork } from "./benchEngine/fork.ts";
import { formatSize } from "../src/script/index.ts";
import { RATIO_SIDES, SIDES, type FloorResult, type Side } from "./benchFloor/measure.ts";
import { workloadLabel, type FloorWorkload } from "./benchFloor/workloads.ts";

const USAGE = "usage: npm run bench:floor -- [--held 8,16,1000] [--bursts 4] [--json]";
/** Rounds of `acquire; release random` in each workload: a million steps. */
const ROUNDS_OF_WORKLOAD = 500_000;
/** Bursts in each burst workload: a million steps for bursts of 1..4, as `bench:engine`'s shape has. */
const BURSTS_OF_WORKLOAD = 200_000;
/** The size every workload acquires, and its seed. */
const SIZE = 4096;
const SEED = 2;

/** A list of whole numbers `from`…`to` separated by commas, as `--name` gives it ("" for none). */
function wholeNumbers(name: string, text: string, from: number, to: number): number[] {
  if (text === "") return [];
  const numbers = text.split(",").map(Number);
  if (numbers.some((n) => !Number.isSafeInteger(n) || n < from || n > to)) {
    throw new Error(
      `--${name} takes whole numbers ${from}…${to} separated by commas (or nothing), not '${text}'`,
    );
  }
  return numbers;
}

/** Reads the command line; null (after printing why) when it cannot be run. */
function options(): { workloads: FloorWorkload[]; json: boolean } | null {
  try {
    const { values } = parseArgs({
      options: {
        held: { type: "string", default: "8,16,1000" },
        bursts: { type: "string", default: "4" },
        json: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const common = { size: SIZE, seed: SEED, capacity: DEFAULT_CAPACITY };
    const workloads: FloorWorkload[] = [
      ...wholeNumbers("held", values.held, 1, 100_000).map((held) => ({
        ...common,
        held,
        rounds: ROUNDS_OF_WORKLOAD,
      })),
      ...wholeNumbers("bursts", values.bursts, 1, 1000).map((most) => ({
        ...common,
        kind: "bursts" as const,
        most,
        rounds: BURSTS_OF_WORKLOAD,
      })),
    ];
    if (workloads.length === 0) throw new Error("--held and --bursts leave nothing to measure");
    return { workloads, json: values.json };
  } catch (thrown) {
    console.error(`${(thrown as Error).message}\n${USAGE}`);
    return null;
  }
}

/** Each side's column in the table. */
const SIDE_NAMES: Record<Side, string> = {
  bare: "bare pool",
  engine: "engine",
  floor: "floor",
  unordered: "floor, no order",
  choices: "choices alone",
};

function table(results: readonly FloorResult[]): string {
  const rows = results.map(({ workload, nsPerStep, ratio }) => {
    const ns = SIDES.map((side) => nsPerStep[side].toFixed(1));
    const ratios = RATIO_SIDES.map((side) => ratio[side].toFixed(2));
    return `| ${workloadLabel(workload)} | ${ns.join(" | ")} | ${ratios.join(" | ")} |`;
  });
  return [
    `| workload | ${SIDES.map((side) => SIDE_NAMES[side]).join(" | ")} | ${RATIO_SIDES.map(
      (side) => `${SIDE_NAMES[side]} / bare`,
    ).join(" | ")} |`,
    `|---|${"---:|".repeat(2 * SIDES.length - 1)}`,
    ...rows,
  ].join("\n");
}

async function main(): Promise<number> {
  const chosen = options();
  if (chosen === null) return 2;
  const bundle = await bundleChild(join(import.meta.dirname, "benchFloor", "child.ts"));
  const results: FloorResult[] = [];
  try {
    for (const workload of chosen.workloads) {
      console.error(`${workloadLabel(workload)}…`);
      const result = runInFork<FloorResult>(bundle, workload);
      if (result === null) return 1;
      results.push(result);
    }
  } finally {
    bundle.remove();
  }
  const [cpu] = cpus();
  console.log(
    `Node ${process.version}, ${cpus().length} × ${cpu?.model ?? "?"}, load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(
        " ",
      )}; capacity ${DEFAULT_CAPACITY}, seed ${SEED}; "N held": \`acquire ${formatSize(SIZE)}; release random\` ${ROUNDS_OF_WORKLOAD.toLocaleString("en")} times after acquiring N; "bursts of 1..N": \`repeat random 1..N { acquire ${formatSize(SIZE)} }; release all\` ${BURSTS_OF_WORKLOAD.toLocaleString("en")} times; ns a step and ratios to the bare pool, medians of ${ROUNDS} runs; the budget is a ratio of ${RATIO_BUDGET.toFixed(2)}\n`,
  );
  console.log(table(results));
  if (chosen.json) console.log(JSON.stringify({ workloads: results }));
  return 0;
}

process.exitCode = await main();
