/**
 * A deterministic trace for the benchmarks: a few buffers held at once
 * (at most 64), sizes 1 B … 64 KiB, one release in ten followed by a resize
 * of another held buffer, written in any format of SPEC §2b.
 */
import type { TraceFormat } from "../src/workload/index.ts";

/** A deterministic trace of `events` events as [op, id, size] rows (size -1: none). */
export function makeEvents(events: number): [string, number, number][] {
  let seed = 12345;
  const random = (below: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; // 32-bit: an LCG's state is a uint32
    return seed % below;
  };
  const held: number[] = [];
  const rows: [string, number, number][] = [];
  let next = 0;
  while (rows.length < events) {
    const roll = random(100);
    if (held.length > 0 && (roll < 45 || held.length > 64)) {
      const id = held.splice(random(held.length), 1)[0]!;
      rows.push(["free", id, -1]);
    } else if (held.length > 0 && roll < 50) {
      rows.push(["realloc", held[random(held.length)]!, 1 + random(65536)]);
    } else {
      held.push(next);
      rows.push(["malloc", next++, 1 + random(65536)]);
    }
  }
  return rows;
}

export function writeTrace(rows: readonly [string, number, number][], format: TraceFormat): string {
  const lines: string[] = [];
  const word = { malloc: "acquire", free: "release", realloc: "resize" } as Record<string, string>;
  const letter = { malloc: "a", free: "f", realloc: "r" } as Record<string, string>;
  if (format === "csv") lines.push("op,id,size");
  if (format === "malloc-lab") lines.push(String(rows.length), String(rows.length));
  for (const [op, id, size] of rows) {
    const sized = size >= 0;
    if (format === "csv") lines.push(`${op},${id},${sized ? size : ""}`);
    else if (format === "jsonl")
      lines.push(sized ? `{"op":"${op}","id":${id},"size":${size}}` : `{"op":"${op}","id":${id}}`);
    else if (format === "malloc-lab") lines.push(`${letter[op]} ${id}${sized ? ` ${size}` : ""}`);
    else lines.push(`${word[op]} h${id}${sized ? ` ${size}` : ""}`);
  }
  return lines.join("\n") + "\n";
}
