/**
 * `npm run bench:engine -- [--json] [--script FILE] [--steps N] [--parts]` (SPEC §8)
 *
 * Runs each workload shape (scripts/benchEngine/shapes.ts), or FILE, through
 * the engine (`Session.advance`) and, in the same process, the bare pool
 * replaying exactly the operations the engine performed, read from a fresh
 * cursor of the same program into typed arrays before the replay is timed.
 * Each shape has a process of its own, running one bundle of the engine and
 * the pool, as the site's worker does (`benchEngine/fork.ts` says why).
 * Each side is warmed up, then 9 runs are timed (in this process's CPU time,
 * so that other processes on a busy machine do not count), each of both
 * sides over the same steps, taking turns every 65,536 steps (fewer in a
 * run of under 2^20 steps: each side takes at least 16 turns); the run with
 * the median ratio is reported, with the range of all nine. The counters of
 * both must agree. `memoryBytes` is heap + array buffers after a
 * forced GC at the end of the engine's run, beyond its state before the run
 * and the pool's own buffers (so node runs with `--expose-gc`).
 *
 * With `--parts`, a third side takes its turn in each run: a fresh cursor of
 * the workload writing the same steps into a batch, as the engine's own
 * does; a second table splits what the engine adds to the bare pool into
 * that cursor's share and the rest (ledger, history, events).
 *
 * Prints a markdown table; with `--json` its last line is
 * `{"shapes":[{"name","steps","engineStepsPerSecond","bareStepsPerSecond","ratio","historyBytes","memoryBytes"},…]}`.
 * Exit 0 even when a shape misses the ratio budget (it is a report), 1 when
 * the engine stops with an error or disagrees with the bare pool, 2 on bad usage.
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename } from "node:path";
import { bundleChild, measureInFork } from "./benchEngine/fork.ts";
import { parseOptions, USAGE, UsageError, type Options } from "./benchEngine/options.ts";
import {
  RATIO_BUDGET,
  ROUNDS,
  SLICE_STEPS,
  MIN_TURNS,
  type ShapeResult,
} from "./benchEngine/measure.ts";
import { SHAPES, type Shape } from "./benchEngine/shapes.ts";

/** A shape's keys in the JSON line, in SPEC §8's order. */
const JSON_KEYS: readonly (keyof ShapeResult)[] = [
  "name",
  "steps",
  "engineStepsPerSecond",
  "bareStepsPerSecond",
  "ratio",
  "historyBytes",
  "memoryBytes",
];

function shapesToRun(options: Options): Shape[] {
  if (options.script === null) return [...SHAPES];
  let script: string;
  try {
    script = readFileSync(options.script, "utf8");
  } catch (thrown) {
    throw new UsageError(`cannot read ${options.script}: ${(thrown as Error).message}`);
  }
  return [{ name: basename(options.script), script }];
}

function machine(): string {
  const cpu = cpus();
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  return `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, load average ${load}`;
}

function table(results: readonly ShapeResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.steps} | ${(r.engineStepsPerSecond / 1e6).toFixed(2)} | ` +
      `${(r.bareStepsPerSecond / 1e6).toFixed(2)} | ${r.ratio.toFixed(2)} | ` +
      `${r.runRatios[0]!.toFixed(2)}–${r.runRatios.at(-1)!.toFixed(2)} | ${r.sliceSteps} | ` +
      `${r.ratio >= RATIO_BUDGET ? "pass" : "FAIL"} | ${(r.historyBytes / 1024).toFixed(1)} | ` +
      `${(r.memoryBytes / 2 ** 20).toFixed(1)} |`,
  );
  return [
    `${machine()}; ${ROUNDS} runs, engine and bare pool taking turns every ` +
      `${SLICE_STEPS.toLocaleString("en-US")} steps, or fewer so that each takes ${MIN_TURNS} turns ` +
      `("turn": steps a turn); the run with the median ratio`,
    "",
    "| shape | steps | engine M steps/s | bare M steps/s | engine / bare | all runs | turn | ≥ 0.67 | history KB | memory MB |",
    "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ...rows,
  ].join("\n");
}

/** Nanoseconds a step at `stepsPerSecond`. */
function nsPerStep(stepsPerSecond: number): number {
  return 1e9 / stepsPerSecond;
}

/** With `--parts`: the engine's time a step, split into the bare pool, the source's cursor, and the rest. */
function partsTable(results: readonly ShapeResult[]): string {
  const rows = results.map((r) => {
    const engine = nsPerStep(r.engineStepsPerSecond);
    const bare = nsPerStep(r.bareStepsPerSecond);
    const source = nsPerStep(r.sourceStepsPerSecond!);
    // What the engine may add to the bare pool's time and still keep 2/3 of its rate.
    const allowed = bare / RATIO_BUDGET - bare;
    return (
      `| ${r.name} | ${bare.toFixed(0)} | ${engine.toFixed(0)} | ${(engine - bare).toFixed(0)} | ` +
      `${allowed.toFixed(0)} | ${source.toFixed(0)} | ${(engine - bare - source).toFixed(0)} |`
    );
  });
  return [
    "Where the engine's time goes, ns a step, in the run with the median ratio: the source's",
    "cursor alone took its turn beside the engine and the bare pool",
    "",
    "| shape | bare pool | engine | engine − bare | allowed (ratio 0.67) | source's cursor | rest |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
}

async function main(args: readonly string[]): Promise<number> {
  let options: Options;
  let shapes: Shape[];
  try {
    options = parseOptions(args);
    shapes = shapesToRun(options);
  } catch (thrown) {
    if (!(thrown instanceof UsageError)) throw thrown;
    console.error(`${thrown.message}\n${USAGE}`);
    return 2;
  }
  const bundle = await bundleChild();
  const results: ShapeResult[] = [];
  let failed = false;
  try {
    for (const shape of shapes) {
      console.error(`${shape.name}…`);
      const result = measureInFork(bundle, { shape, steps: options.steps, parts: options.parts });
      if (result === null) failed = true;
      else results.push(result);
    }
  } finally {
    bundle.remove();
  }
  console.log(table(results));
  if (options.parts) console.log(`\n${partsTable(results)}`);
  // Only the keys of SPEC §8 (`JSON.stringify` keeps an array replacer's order).
  if (options.json) console.log(JSON.stringify({ shapes: results }, ["shapes", ...JSON_KEYS]));
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
