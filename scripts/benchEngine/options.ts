/** The command line of `npm run bench:engine`, read with `node:util`'s `parseArgs`. */
import { parseArgs } from "node:util";

/** The one line printed, with exit code 2, for a bad flag or a missing file. */
export const USAGE =
  "usage: npm run bench:engine -- [--json] [--script FILE] [--steps N] [--parts]";

/** What the command line asks for. */
export interface Options {
  /** Print the `{"shapes":[…]}` line last. */
  readonly json: boolean;
  /** Run only this script file instead of the suite, or null. */
  readonly script: string | null;
  /** Stop every run after this many steps (overriding the suite's counts), or null. */
  readonly steps: number | null;
  /** Also time the workload's own cursor alone, and split the engine's time by it. */
  readonly parts: boolean;
}

/** A command line that cannot be run; the message says why. */
export class UsageError extends Error {}

/** Reads `args` (without `node` and the script). @throws UsageError */
export function parseOptions(args: readonly string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        json: { type: "boolean", default: false },
        script: { type: "string" },
        steps: { type: "string" },
        parts: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (thrown) {
    throw new UsageError(thrown instanceof Error ? thrown.message : String(thrown));
  }
  return {
    json: values.json,
    script: values.script ?? null,
    steps: stepCount(values.steps),
    parts: values.parts,
  };
}

function stepCount(text: string | undefined): number | null {
  if (text === undefined) return null;
  const steps = /^[0-9][0-9_]*$/.test(text) ? Number(text.replaceAll("_", "")) : Number.NaN;
  if (!Number.isSafeInteger(steps) || steps < 1) {
    throw new UsageError(`--steps takes a whole number of steps ≥ 1, not '${text}'`);
  }
  return steps;
}
