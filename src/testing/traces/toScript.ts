/**
 * Writes an oracle trace as a playground script, keeping only the ops the
 * oracle accepts (its rejected ops would be script errors), so the script's
 * steps are exactly the trace's successful pool operations.
 */
import { parseTrace } from "./trace.ts";

/** A trace as a script. */
export interface TraceScript {
  readonly source: string;
  readonly capacity: number;
  /** For each step (0-based), the oracle output index `i` of the op it replays. */
  readonly recordIndex: readonly number[];
}

const KEYWORDS = new Set(["capacity", "seed", "acquire", "release", "resize", "repeat", "random", "newest", "oldest", "all"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Converts trace text to a script; ids that are not valid script names are renamed. */
export function traceToScript(text: string): TraceScript {
  const lines: string[] = [];
  const recordIndex: number[] = [];
  const live = new Set<string>();
  const names = new Map<string, string>();
  const nameOf = (id: string): string => {
    let name = names.get(id);
    if (name === undefined) {
      name = NAME.test(id) && !KEYWORDS.has(id.toLowerCase()) ? id : `id_${names.size}`;
      names.set(id, name);
    }
    return name;
  };
  let capacity: number | undefined;
  parseTrace(text).forEach((op, i) => {
    switch (op.kind) {
      case "capacity":
        if (capacity !== undefined) return;
        capacity = op.capacity;
        lines.push(`capacity ${op.capacity}`);
        return;
      case "acquire":
        if (capacity === undefined || live.has(op.id)) return;
        live.add(op.id);
        lines.push(`${nameOf(op.id)} = acquire ${op.size}`);
        break;
      case "release":
        if (!live.delete(op.id)) return;
        lines.push(`release ${nameOf(op.id)}`);
        break;
      case "resize":
        if (!live.has(op.id)) return;
        lines.push(`resize ${nameOf(op.id)} ${op.len}`);
        break;
      case "invalid":
        return;
    }
    recordIndex.push(i);
  });
  if (capacity === undefined) throw new Error("the trace has no capacity line");
  return { source: lines.join("\n") + "\n", capacity, recordIndex };
}
