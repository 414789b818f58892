/**
 * One workload of `npm run bench:floor`, measured in a process of its own as
 * `bench:engine`'s shapes are (`benchEngine/fork.ts` says why): a
 * {@link FloorWorkload} as JSON on stdin, the {@link FloorResult} as one JSON
 * line on stdout. Exit 1 when the sides disagree.
 */
import { readFileSync } from "node:fs";
import { ShapeFailure } from "../benchEngine/measure.ts";
import { nodeProbe } from "../benchEngine/probe.ts";
import { measureFloor } from "./measure.ts";
import { workloadLabel, type FloorWorkload } from "./workloads.ts";

function main(workload: FloorWorkload): number {
  try {
    process.stdout.write(`${JSON.stringify(measureFloor(workload, nodeProbe()))}\n`);
    return 0;
  } catch (thrown) {
    if (!(thrown instanceof ShapeFailure)) throw thrown;
    console.error(`${workloadLabel(workload)}: ${thrown.message}`);
    return 1;
  }
}

process.exitCode = main(JSON.parse(readFileSync(0, "utf8")) as FloorWorkload);
