import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseRecords, parseTrace, type TraceOp } from "../testing/traces/trace.ts";
import { compile, type Step } from "./index.ts";

/**
 * Each oracle trace, written as a script, yields exactly the trace's pool
 * operations. The ops the oracle rejected (its output has an `error` record
 * for them) are left out, as they would be script errors.
 */
const TRACES = fileURLToPath(new URL("../testing/traces/", import.meta.url));

describe("oracle traces written as scripts", () => {
  for (const file of readdirSync(TRACES).filter((name) => name.endsWith(".txt"))) {
    it(file, () => {
      const ops = parseTrace(readFileSync(TRACES + file, "utf8"));
      const records = parseRecords(
        readFileSync(TRACES + file.replace(/\.txt$/, ".expected.jsonl"), "utf8"),
      );
      expect(records).toHaveLength(ops.length);
      const accepted = ops.filter((_, i) => !("error" in records[i]!));
      const program = compile(accepted.map(scriptLine).join("\n"));

      const capacity = accepted.find((op) => op.kind === "capacity");
      expect(program.capacity).toBe(capacity?.kind === "capacity" ? capacity.capacity : undefined);
      expect([...program.steps()]).toEqual(
        accepted.flatMap((op, index) => expectedStep(op, index + 1)),
      );
    });
  }
});

function scriptLine(op: TraceOp): string {
  switch (op.kind) {
    case "capacity":
      return `capacity ${op.capacity}`;
    case "acquire":
      return `${op.id} = acquire ${op.size}`;
    case "release":
      return `release ${op.id}`;
    case "resize":
      return `resize ${op.id} ${op.len}`;
    case "invalid":
      throw new Error(`the oracle accepted a malformed op: ${op.text}`);
  }
}

function expectedStep(op: TraceOp, line: number): Step[] {
  switch (op.kind) {
    case "acquire":
      return [{ kind: "acquire", name: op.id, size: op.size, line }];
    case "release":
      return [{ kind: "release", name: op.id, line }];
    case "resize":
      return [{ kind: "resize", name: op.id, length: op.len, line }];
    default:
      return [];
  }
}
