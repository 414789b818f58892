/**
 * One shape of `npm run bench:engine`, measured in a process of its own (see
 * `fork.ts`): `node --expose-gc BUNDLE`, with a {@link ShapeRequest} as JSON
 * on stdin. Prints the {@link ShapeResult} as one JSON line on stdout, and
 * progress and errors on stderr. Exit 1 when the engine stops with an error,
 * disagrees with the bare pool, or the workload cannot be read.
 */
import { readFileSync } from "node:fs";
import { ScriptError } from "../../src/script/index.ts";
import { readWorkload, rejectionLines } from "../../src/workload/index.ts";
import { measureShape, ShapeFailure, SLICE_STEPS } from "./measure.ts";
import { nodeProbe } from "./probe.ts";
import { OpChunk, type BenchSource } from "./ops.ts";
import type { Shape } from "./shapes.ts";

/** What the parent asks a child to measure. */
export interface ShapeRequest {
  readonly shape: Shape;
  /** Stop each run after this many steps (null: the whole workload). */
  readonly steps: number | null;
  readonly parts: boolean;
}

/** A shape's workload: a script, or for `--script FILE` a trace file in any format (SPEC §2b). */
function sourceOf(shape: Shape): BenchSource {
  const workload = readWorkload(shape.script, shape.name);
  switch (workload.kind) {
    case "trace":
      console.error(
        `${shape.name}: a ${workload.trace.format} trace of ${workload.trace.events} events`,
      );
      return workload.trace;
    case "script":
      return workload.program;
    case "rejected": {
      const { rejection } = workload;
      throw new ShapeFailure([rejection.message, ...rejectionLines(rejection)].join("\n"));
    }
    case "script-error":
      throw workload.error;
  }
}

function main(request: ShapeRequest): number {
  const { shape, parts } = request;
  const steps = request.steps ?? shape.steps ?? Number.POSITIVE_INFINITY;
  try {
    const chunk = new OpChunk(SLICE_STEPS);
    const result = measureShape(shape.name, sourceOf(shape), steps, nodeProbe(), chunk, parts);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (thrown) {
    if (!(thrown instanceof ShapeFailure || thrown instanceof ScriptError)) throw thrown;
    console.error(
      thrown instanceof ShapeFailure ? thrown.message : `${shape.name}: ${thrown.message}`,
    );
    return 1;
  }
}

process.exitCode = main(JSON.parse(readFileSync(0, "utf8")) as ShapeRequest);
