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
import { makeEvents, writeTrace as write } from "./traceRows.ts";

const CHUNK_CHARS = 64 * 1024;
const FORMATS: readonly TraceFormat[] = ["csv", "jsonl", "malloc-lab", "pool-trace"];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
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
