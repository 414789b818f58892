/**
 * `npm run bench:trace -- [--events N] [--write FILE]`
 *
 * Reading trace files in Node: makes a CSV trace of N events (10^6 by
 * default; a few buffers held at once, sizes 1 B … 64 KiB, one in ten
 * releases followed by a resize of another held buffer), then times reading
 * it in 64 KiB chunks in each format of SPEC §2b, and prints events per
 * second and the bytes each event keeps. `--write FILE` also writes the CSV
 * trace, for `npm run bench:engine -- --script FILE`.
 */
import { writeFileSync } from "node:fs";
import { TraceReader, type TraceFormat } from "../src/workload/index.ts";

const CHUNK_CHARS = 64 * 1024;
const FORMATS: readonly TraceFormat[] = ["csv", "jsonl", "malloc-lab", "pool-trace"];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

/** A deterministic trace of `events` events as [op, id, size] rows (size -1: none). */
function makeEvents(events: number): [string, number, number][] {
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

function write(rows: readonly [string, number, number][], format: TraceFormat): string {
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

const events = Number(option("--events") ?? 1_000_000);
const rows = makeEvents(events);
const target = option("--write");
if (target !== undefined) writeFileSync(target, write(rows, "csv"));
console.log(
  `${events} events; best of 3 reads in ${CHUNK_CHARS / 1024} KiB chunks, Node ${process.version}`,
);
console.log("| format | MB | read ms | M events/s | bytes kept / event |");
console.log("|---|---:|---:|---:|---:|");
for (const format of FORMATS) {
  const text = write(rows, format);
  let best = Number.POSITIVE_INFINITY;
  let kept = 0;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    const reader = new TraceReader({ name: format, totalBytes: text.length });
    for (let at = 0; at < text.length; at += CHUNK_CHARS)
      reader.push(text.slice(at, at + CHUNK_CHARS));
    const result = reader.finish();
    best = Math.min(best, performance.now() - start);
    if (!result.ok) throw new Error(`${format}: ${result.rejection.message}`);
    kept = result.trace.byteLength / result.trace.events;
  }
  console.log(
    `| ${format} | ${(text.length / 2 ** 20).toFixed(1)} | ${best.toFixed(0)} | ${(events / best / 1000).toFixed(2)} | ${kept.toFixed(1)} |`,
  );
}
