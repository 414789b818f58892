/**
 * `npm run bench:floor -- [--held 8,16,1000] [--json]`
 *
 * How near the least possible engine comes to `bench:engine`'s budget on
 * `acquire 4KB; release random` with a given number of buffers held, the
 * shapes on which the engine misses it. Each workload, in a process of its
 * own, is run five ways taking turns over the same steps (`benchFloor/measure.ts`):
 * the bare pool replaying the script's operations, the engine, and the floor
 * loop (`benchFloor/floorLoop.ts`: the script's draws, its held list oldest
 * first, the per-class counts and outcome codes, in one plain loop and
 * nothing else), the floor loop with its held list in no order, and the
 * script's choices alone (the floor loop noting nothing). Prints
 * nanoseconds a step and each side's ratio to the bare pool, the median of
 * nine runs; with `--json` its last line is `{"workloads":[…]}`.
 * Exit 1 when the sides disagree on the pool's counters, 2 on bad usage.
 */
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CAPACITY, RATIO_BUDGET, ROUNDS } from "./benchEngine/measure.ts";
import { bundleChild, runInFork } from "./benchEngine/fork.ts";
import type { FloorWorkload } from "./benchFloor/floorLoop.ts";
import { RATIO_SIDES, SIDES, type FloorResult, type Side } from "./benchFloor/measure.ts";

const USAGE = "usage: npm run bench:floor -- [--held 8,16,1000] [--json]";
/** Rounds of `acquire; release random` in each workload: a million steps. */
const ROUNDS_OF_WORKLOAD = 500_000;

/** Reads the command line; null (after printing why) when it cannot be run. */
function options(): { held: number[]; json: boolean } | null {
  try {
    const { values } = parseArgs({
      options: {
        held: { type: "string", default: "8,16,1000" },
        json: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const held = values.held.split(",").map(Number);
    if (held.some((count) => !Number.isSafeInteger(count) || count < 1 || count > 100_000)) {
      throw new Error(
        `--held takes whole numbers 1…100000 separated by commas, not '${values.held}'`,
      );
    }
    return { held, json: values.json };
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
    return `| ${workload.held} | ${ns.join(" | ")} | ${ratios.join(" | ")} |`;
  });
  return [
    `| held | ${SIDES.map((side) => SIDE_NAMES[side]).join(" | ")} | ${RATIO_SIDES.map(
      (side) => `${SIDE_NAMES[side]} / bare`,
    ).join(" | ")} |`,
    `|---:|${"---:|".repeat(2 * SIDES.length - 1)}`,
    ...rows,
  ].join("\n");
}

async function main(): Promise<number> {
  const chosen = options();
  if (chosen === null) return 2;
  const bundle = await bundleChild(join(import.meta.dirname, "benchFloor", "child.ts"));
  const results: FloorResult[] = [];
  try {
    for (const held of chosen.held) {
      console.error(`${held} held…`);
      const workload: FloorWorkload = {
        size: 4096,
        held,
        rounds: ROUNDS_OF_WORKLOAD,
        seed: 2,
        capacity: DEFAULT_CAPACITY,
      };
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
      )}; \`acquire 4KB; release random\` (capacity ${DEFAULT_CAPACITY}, seed 2, ${ROUNDS_OF_WORKLOAD.toLocaleString("en")} rounds) after acquiring as many as are held; ns a step and ratios to the bare pool, medians of ${ROUNDS} runs; the budget is a ratio of ${RATIO_BUDGET.toFixed(2)}\n`,
  );
  console.log(table(results));
  if (chosen.json) console.log(JSON.stringify({ workloads: results }));
  return 0;
}

process.exitCode = await main();
