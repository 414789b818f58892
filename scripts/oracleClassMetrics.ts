/**
 * `npx tsx scripts/oracleClassMetrics.ts ORACLE_TRACE_BINARY FILE.rep CAPACITY`
 *
 * Writes the seed's expected numbers for a malloc-lab trace as JSON: the
 * trace is converted to the oracle's format (a → acquire, f → release,
 * r → resize), replayed by the oracle (`trace --stacks`, see the oracle's
 * README), and the per-class metrics of SPEC §9 are derived from its
 * per-op output alone: an acquire's class is its buffer's `len` (the class
 * size, or the request for an oversized one), its outcome is which counter
 * moved, peak free is the longest `free[k]` printed, retained bytes are the
 * capacities on the last printed stacks. Used once to make the fixtures in
 * src/workload/fixtures/; nothing in the project runs it in a test.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const CLASS_SIZES = Array.from({ length: 9 }, (_, k) => 4096 * 2 ** k);
const [binary, file, capacityArg] = process.argv.slice(2);
if (binary === undefined || file === undefined || capacityArg === undefined) {
  console.error("usage: oracleClassMetrics.ts ORACLE_TRACE_BINARY FILE.rep CAPACITY");
  process.exit(2);
}
const capacity = Number(capacityArg);
const lines = readFileSync(file, "utf8").split("\n");
const ops: string[] = [];
const requested: number[] = [];
for (const line of lines) {
  const [op, id, bytes] = line.trim().split(/\s+/);
  if (op === "a") {
    ops.push(`acquire ${id} ${bytes}`);
    requested.push(Number(bytes));
  } else if (op === "f") {
    ops.push(`release ${id}`);
    requested.push(0);
  } else if (op === "r") {
    ops.push(`resize ${id} ${bytes}`);
    requested.push(0);
  }
}
const output = execFileSync(binary, ["--stacks"], {
  input: [`capacity ${capacity}`, ...ops].join("\n") + "\n",
  maxBuffer: 1 << 30,
}).toString();

interface Record {
  op?: string;
  error?: string;
  allocations: number;
  recycles: number;
  misses: number;
  free: number[];
  len: number | null;
  stacks?: [string, number][][];
}
const records = output
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Record);
const errors = records.filter((record) => record.error !== undefined);
if (errors.length > 0) throw new Error(`the oracle rejected ops: ${JSON.stringify(errors[0])}`);

const SLOTS = 10;
const zero = () => Array<number>(SLOTS).fill(0);
const recycles = zero();
const misses = zero();
const held = zero();
const peakHeld = zero();
const peakFree = zero();
const wasteBytes = zero();
const classOfId = new Map<string, number>();
let previous = records[0]!;
let stacks = previous.stacks ?? [];
records.slice(1).forEach((record, k) => {
  const [op, id] = ops[k]!.split(" ") as [string, string];
  if (op === "acquire") {
    const len = record.len!;
    const slot = CLASS_SIZES.includes(len) && requested[k]! <= len ? CLASS_SIZES.indexOf(len) : 9;
    if (record.recycles > previous.recycles) recycles[slot]!++;
    else misses[slot]!++;
    held[slot]!++;
    peakHeld[slot] = Math.max(peakHeld[slot]!, held[slot]!);
    if (slot < 9) wasteBytes[slot]! += len - requested[k]!;
    classOfId.set(id, slot);
  } else if (op === "release") {
    held[classOfId.get(id)!]!--;
  }
  record.free.forEach((length, slot) => (peakFree[slot] = Math.max(peakFree[slot]!, length)));
  stacks = record.stacks ?? stacks;
  previous = record;
});
const last = records.at(-1)!;
console.log(
  JSON.stringify({
    capacity,
    steps: ops.length,
    allocations: last.allocations,
    recycles: last.recycles,
    misses: last.misses,
    free: last.free,
    classes: Array.from({ length: SLOTS }, (_, slot) => ({
      size: CLASS_SIZES[slot] ?? null,
      requests: recycles[slot]! + misses[slot]!,
      recycles: recycles[slot]!,
      misses: misses[slot]!,
      peakHeld: peakHeld[slot]!,
      peakFree: peakFree[slot]!,
      wasteBytes: wasteBytes[slot]!,
      retainedBytes: (stacks[slot] ?? []).reduce((sum, [, cap]) => sum + cap, 0),
    })),
  }),
);
