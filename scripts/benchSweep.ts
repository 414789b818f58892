/**
 * `npm run bench:sweep -- [--steps N] [--full]`
 *
 * A capacity sweep 0–64 of a 10^6-step workload (SPEC §6: ≤ 10 s in the
 * worker), for several workload shapes of `bench:engine` and a 10^6-event
 * trace: the one-pass sweep (`runSweep`) against N separate real runs
 * (`runSweepSeparately`) in the same process. The separate runs take
 * minutes, so by default they are timed at 9 of the 65 capacities
 * (0, 8, … 64) and scaled to 65 (marked "est."); `--full` times all 65.
 * Both give the same points (checked here too); a property test holds it.
 */
import { compile } from "../src/script/index.ts";
import { DEFAULT_MEMORY_BUDGET_BYTES } from "../src/engine/headless.ts";
import type { StepSource } from "../src/engine/stepSource.ts";
import { CapacitySweep, runSweepSeparately } from "../src/engine/sweep.ts";
import { openWorkload } from "../src/engine/workload.ts";
import { SHAPES } from "./benchEngine/shapes.ts";
import { makeEvents, write as writeTrace } from "./traceGen.ts";

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

const STEPS = Number(option("--steps") ?? 1_000_000);
const FULL = process.argv.includes("--full");
const CAPACITIES = Array.from({ length: 65 }, (_, c) => c);
const SAMPLE = CAPACITIES.filter((c) => c % 8 === 0);

const NAMES = [
  "bursts 8 × 16KB, release all",
  "random sizes, release random",
  "weighted 4KB:80 64KB:15 1MB:5",
  "nested bursts with holds",
  "long random 1..8KB",
  "drawn weights 4KB:80 64KB:15 1MB:5, release random",
];

// Compiled and read before the clock starts: a sweep times the runs alone.
const workloads: { name: string; source: StepSource }[] = NAMES.map((name) => {
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape) throw new Error(`no shape named ${name} in scripts/benchEngine/shapes.ts`);
  return { name, source: compile(shape.script) };
});
workloads.push({
  name: `trace, ${STEPS} events (csv)`,
  source: openWorkload(writeTrace(makeEvents(STEPS), "csv"), "bench.csv").source,
});

function seconds(run: () => void): number {
  const start = performance.now();
  run();
  return (performance.now() - start) / 1000;
}

console.log(
  `Capacity sweep 0..64, at most ${STEPS} steps per capacity; Node ${process.version}` +
    (FULL ? "" : `; separate runs timed at ${SAMPLE.length} capacities and scaled to 65 (est.)`),
);
console.log("| workload | steps | models (of 65) | one pass s | separate s | ratio |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const { name, source } of workloads) {
  const options = {
    capacities: CAPACITIES,
    maxSteps: STEPS,
    memoryBudgetBytes: DEFAULT_MEMORY_BUDGET_BYTES,
  };
  let sweep: CapacitySweep | null = null;
  let models = 0;
  const onePass = seconds(() => {
    sweep = new CapacitySweep(source, options);
    while (!sweep.finished) {
      sweep.advance(65_536);
      models = Math.max(models, sweep.modelCount);
    }
  });
  const points = sweep!.results();
  const capacities = FULL ? CAPACITIES : SAMPLE;
  let separatePoints: ReturnType<typeof runSweepSeparately> = [];
  const sampled = seconds(() => {
    separatePoints = runSweepSeparately(source, { ...options, capacities });
  });
  const separate = (sampled * CAPACITIES.length) / capacities.length;
  const same = separatePoints.every(
    (point) => JSON.stringify(point) === JSON.stringify(points[point.capacity]),
  );
  if (!same) throw new Error(`${name}: the one pass and the separate runs disagree`);
  console.log(
    `| ${name} | ${points[0]!.steps} | ${models} | ${onePass.toFixed(2)} | ${separate.toFixed(1)}${FULL ? "" : " est."} | ${(separate / onePass).toFixed(0)}× |`,
  );
}
