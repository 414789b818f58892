/**
 * The CLI's words (SPEC §8), read with `node:util`'s `parseArgs`: Node's own
 * parser, strict about unknown flags and missing values, so a typo is a usage
 * error (exit 2) rather than a flag silently ignored.
 */
import { parseArgs } from "node:util";
import { DEFAULT_SWEEP, parseCapacities } from "../engine/capacities.ts";
import { DEFAULT_TARGET } from "../engine/recommend.ts";
import { LIMITS } from "../script/index.ts";

/** What the command line asks for. */
export type CliCommand =
  | {
      readonly kind: "run";
      readonly file: string;
      readonly capacity: number | undefined;
      readonly json: boolean;
    }
  | {
      readonly kind: "sweep";
      readonly file: string;
      readonly capacities: readonly number[];
      readonly target: number;
      readonly json: boolean;
    }
  | {
      readonly kind: "export";
      readonly file: string;
      readonly events: string;
      readonly capacity: number | undefined;
    }
  | { readonly kind: "help" };

/** A command line that asks for nothing the CLI does; exit 2 with {@link USAGE}. */
export class UsageError extends Error {}

/** How to call the CLI, printed with every usage error. */
export const USAGE = [
  "usage: npm run cli -- run FILE [--capacity N] [--json]",
  // 32-bit: no operator here; '|' is the usage's "or"
  "       npm run cli -- sweep FILE [--capacities 0..64 | 0,1,2,4,8] [--target 0.95] [--json]",
  "       npm run cli -- export FILE --events out.csv [--capacity N]",
  "FILE is a script (or '-' for standard input).",
].join("\n");

const OPTIONS = {
  run: { capacity: { type: "string" }, json: { type: "boolean" } },
  sweep: { capacities: { type: "string" }, target: { type: "string" }, json: { type: "boolean" } },
  export: { events: { type: "string" }, capacity: { type: "string" } },
} as const;

/** Reads the command line (without `node` and the script). Throws {@link UsageError}. */
export function parseCli(argv: readonly string[]): CliCommand {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "help" || verb === "--help" || verb === "-h") {
    if (verb === undefined) throw new UsageError("say what to do: run, sweep or export");
    return { kind: "help" };
  }
  if (verb !== "run" && verb !== "sweep" && verb !== "export") {
    throw new UsageError(`unknown command '${verb}' — use run, sweep or export`);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: OPTIONS[verb], allowPositionals: true });
  } catch (thrown) {
    throw new UsageError(thrown instanceof Error ? thrown.message : String(thrown));
  }
  const { positionals } = parsed;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (positionals.length === 0)
    throw new UsageError(`${verb} needs a FILE (or '-' for standard input)`);
  if (positionals.length > 1) {
    throw new UsageError(`${verb} takes one FILE, not '${positionals.slice(1).join(" ")}'`);
  }
  const file = positionals[0]!;
  switch (verb) {
    case "run":
      return {
        kind: "run",
        file,
        capacity: capacityOf(values.capacity),
        json: values.json === true,
      };
    case "sweep":
      return {
        kind: "sweep",
        file,
        capacities: capacitiesOf(values.capacities),
        target: targetOf(values.target),
        json: values.json === true,
      };
    case "export": {
      const events = values.events;
      if (typeof events !== "string" || events === "") {
        throw new UsageError("export needs --events out.csv: the file to write the events to");
      }
      return { kind: "export", file, events, capacity: capacityOf(values.capacity) };
    }
  }
}

/** `--capacity`, held to the script language's limit, in its words. */
function capacityOf(value: string | boolean | undefined): number | undefined {
  if (typeof value !== "string") return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--capacity '${value}' is not a whole number`);
  if (Number(value) > LIMITS.maxCapacity) {
    throw new UsageError(
      `--capacity '${value}' is too large: capacity is at most ${LIMITS.maxCapacity} buffers per size class`,
    );
  }
  return Number(value);
}

function capacitiesOf(value: string | boolean | undefined): number[] {
  try {
    return parseCapacities(typeof value === "string" ? value : DEFAULT_SWEEP);
  } catch (thrown) {
    throw new UsageError(`--capacities: ${(thrown as Error).message}`);
  }
}

function targetOf(value: string | boolean | undefined): number {
  if (typeof value !== "string") return DEFAULT_TARGET;
  const target = /^(0(\.\d+)?|1(\.0*)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(target)) {
    throw new UsageError(`--target '${value}' is not a share from 0 to 1, like 0.95`);
  }
  return target;
}
