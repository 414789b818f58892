/**
 * `npm run bench:pool [-- --json] [-- --rounds R --target-ms T]`
 *
 * Times, for each size class (request = the exact class size):
 *   - pool:  `pool.acquire(size).release()` on a warm pool (capacity 4, one buffer
 *            already on the class's free list, so every timed acquire is a recycle);
 *   - fill:  `view.fill(0)` of a class-size Uint8Array (the floor: a recycle must zero);
 *   - alloc: `new Uint8Array(size)` (what the pool saves).
 * N is calibrated per class and variant to take about `target-ms`; each figure is
 * the best of R rounds. Prints a markdown table; with `--json`, its last line is
 * `{"classes":[{"size":4096,"poolNs":…,"fillNs":…,"allocNs":…},…]}`.
 */
import { BufferPool, SIZE_CLASSES } from "../src/pool/index.ts";

interface Options {
  readonly json: boolean;
  readonly rounds: number;
  readonly targetMs: number;
}

interface ClassTiming {
  readonly size: number;
  readonly poolNs: number;
  readonly fillNs: number;
  readonly allocNs: number;
}

/** A loop of `n` iterations of one variant; returns its duration in ms. */
type Loop = (n: number) => number;

let sink: Uint8Array | undefined;

function poolLoop(pool: BufferPool, size: number): Loop {
  return (n) => {
    const missesBefore = pool.misses();
    const recyclesBefore = pool.recycles();
    const start = performance.now();
    for (let i = 0; i < n; i++) pool.acquire(size).release();
    const elapsedMs = performance.now() - start;
    if (pool.misses() !== missesBefore || pool.recycles() - recyclesBefore !== n) {
      throw new Error(`class ${size}: a timed acquire was not a recycle`);
    }
    return elapsedMs;
  };
}

function fillLoop(size: number): Loop {
  const view = new Uint8Array(size);
  return (n) => {
    const start = performance.now();
    for (let i = 0; i < n; i++) view.fill(0);
    return performance.now() - start;
  };
}

function allocLoop(size: number): Loop {
  return (n) => {
    const start = performance.now();
    for (let i = 0; i < n; i++) sink = new Uint8Array(size);
    return performance.now() - start;
  };
}

/** Grow N until one loop takes ≥ 50 ms, then scale it to take about `targetMs`. */
function calibrate(loop: Loop, targetMs: number): number {
  let n = 16;
  while (loop(n) < 50) n *= 2;
  let bestMsPerIteration = Infinity;
  for (let k = 0; k < 3; k++) bestMsPerIteration = Math.min(bestMsPerIteration, loop(n) / n);
  return Math.max(1, Math.ceil(targetMs / bestMsPerIteration));
}

function parseOptions(args: readonly string[]): Options {
  let json = false;
  let rounds = 5;
  let targetMs = 200;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (arg === "--json") json = true;
    else if (arg === "--rounds") rounds = Number(args[++k]);
    else if (arg === "--target-ms") targetMs = Number(args[++k]);
    else throw new Error(`unknown argument ${arg}; expected --json, --rounds R, --target-ms T`);
  }
  if (!(Number.isInteger(rounds) && rounds >= 3))
    throw new Error("--rounds must be an integer ≥ 3");
  if (!(targetMs > 0)) throw new Error("--target-ms must be positive");
  return { json, rounds, targetMs };
}

function measure({ rounds, targetMs }: Options): ClassTiming[] {
  const pool = new BufferPool(4);
  for (const size of SIZE_CLASSES) pool.acquire(size).release();
  const variants = SIZE_CLASSES.map((size) =>
    [poolLoop(pool, size), fillLoop(size), allocLoop(size)].map((loop) => ({
      loop,
      n: calibrate(loop, targetMs),
      bestNs: Infinity,
    })),
  );
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants.flat()) {
      variant.bestNs = Math.min(variant.bestNs, (variant.loop(variant.n) * 1e6) / variant.n);
    }
  }
  return SIZE_CLASSES.map((size, k) => {
    const [poolNs, fillNs, allocNs] = variants[k]!.map((variant) => round1(variant.bestNs));
    return { size, poolNs: poolNs!, fillNs: fillNs!, allocNs: allocNs! };
  });
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function table(timings: readonly ClassTiming[], rounds: number): string {
  const rows = timings.map(
    ({ size, poolNs, fillNs, allocNs }) =>
      `| ${size} | ${poolNs.toFixed(1)} | ${fillNs.toFixed(1)} | ${(poolNs / fillNs).toFixed(2)} | ${allocNs.toFixed(1)} |`,
  );
  return [
    `Node ${process.version}, best of ${rounds} rounds, ns per operation`,
    "",
    "| class (bytes) | pool acquire+release | bare fill(0) | pool / fill | new Uint8Array(size) |",
    "|---:|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
}

const options = parseOptions(process.argv.slice(2));
const timings = measure(options);
console.log(table(timings, options.rounds));
if (sink === undefined) throw new Error("the allocation loop never ran");
if (options.json) console.log(JSON.stringify({ classes: timings }));
