/**
 * The oracle's traces written in every trace format of SPEC §2b, keeping
 * only the ops the oracle accepted (a rejected op would be a bad line), with
 * each event's oracle record, so a test can replay any format and compare.
 */
import { readFileSync, readdirSync } from "node:fs";
import Papa from "papaparse";
import type { TraceFormat } from "../../workload/index.ts";
import { parseRecords, parseTrace, type TraceOp, type TraceState } from "./trace.ts";

const FOLDER = new URL("./", import.meta.url);

/** An oracle trace's accepted pool operations and what the oracle printed after each. */
export interface OracleTrace {
  readonly name: string;
  readonly capacity: number;
  /** Acquire, release and resize ops, in order. */
  readonly ops: readonly Exclude<TraceOp, { kind: "capacity" | "invalid" }>[];
  /** The oracle's record after each op of `ops`. */
  readonly states: readonly TraceState[];
}

/** Every oracle trace in src/testing/traces (those with a capacity). */
export function oracleTraces(): OracleTrace[] {
  return readdirSync(FOLDER)
    .filter((file) => file.endsWith(".expected.jsonl"))
    .map((file) => file.slice(0, -".expected.jsonl".length))
    .sort()
    .map(oracleTrace)
    .filter((trace): trace is OracleTrace => trace !== undefined);
}

function oracleTrace(name: string): OracleTrace | undefined {
  const read = (file: string) => readFileSync(new URL(file, FOLDER), "utf8");
  const ops = parseTrace(read(`${name}.txt`));
  const records = parseRecords(read(`${name}.expected.jsonl`));
  let capacity: number | undefined;
  const kept: OracleTrace["ops"][number][] = [];
  const states: TraceState[] = [];
  ops.forEach((op, i) => {
    const record = records[i]!;
    if ("error" in record) return;
    if (op.kind === "capacity") capacity = op.capacity;
    else if (op.kind !== "invalid") {
      kept.push(op);
      states.push(record);
    }
  });
  return capacity === undefined ? undefined : { name, capacity, ops: kept, states };
}

/** The trace's ops as a file of `format`, with a capacity line only where the format has one. */
export function writeTrace(trace: OracleTrace, format: TraceFormat): string {
  const { ops } = trace;
  switch (format) {
    case "pool-trace":
      return [
        `# ${trace.name}, the ops the oracle accepted`,
        `capacity ${trace.capacity}`,
        ...ops.map((op) => op.text),
      ].join("\n");
    case "malloc-lab": {
      const ids = new Set(ops.map((op) => op.id)).size;
      const body = ops.map((op) =>
        op.kind === "acquire"
          ? `a ${op.id} ${op.size}`
          : op.kind === "release"
            ? `f ${op.id}`
            : `r ${op.id} ${op.len}`,
      );
      // The 4-number header (heap size, ids, ops, weight) for odd capacities, 2 numbers else.
      const header = trace.capacity % 2 === 1 ? [1, ids, ops.length, 1] : [ids, ops.length];
      return [...header.map(String), ...body].join("\n") + "\n";
    }
    case "csv":
      // Columns in another order, and one the reader ignores.
      return Papa.unparse({
        fields: ["time", "size", "op", "id"],
        data: ops.map((op, k) => [
          k,
          op.kind === "acquire" ? op.size : op.kind === "resize" ? op.len : "",
          op.kind === "acquire" ? "malloc" : op.kind === "release" ? "free" : "realloc",
          op.id,
        ]),
      });
    case "jsonl":
      return ops
        .map((op) =>
          JSON.stringify(
            op.kind === "acquire"
              ? { op: "alloc", id: op.id, size: op.size }
              : op.kind === "release"
                ? { op: "release", id: op.id }
                : { op: "resize", id: op.id, size: op.len },
          ),
        )
        .join("\n");
  }
}
