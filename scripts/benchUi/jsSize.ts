/**
 * JS shipped before first paint (SPEC §6: ≤ 300 KB gzip): the entry script and
 * the modulepreloads of `dist/index.html`, gzipped at zlib's default level.
 * For comparison, the median over the first loads (`firstLoad.ts`) of every
 * script fetched by the first contentful paint and by the first drawn bars.
 */
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import { KB, median, type Figure } from "./figures.ts";
import { LOAD_ROUNDS, type LoadRun } from "./firstLoad.ts";

/** Gzip bytes of files of the build in `dist`, by URL path, at zlib's default level. */
async function gzipBytes(dist: string, paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const path of new Set(paths)) total += gzipSync(await readFile(join(dist, path))).length;
  return total;
}

/** The scripts `index.html` makes the browser fetch up front: entry and modulepreloads. */
async function entryScripts(dist: string): Promise<string[]> {
  const html = await readFile(join(dist, "index.html"), "utf8");
  const found: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const entry = /type="module"/.test(tag) && tag.match(/\bsrc="([^"]+)"/);
    const preload = /rel="modulepreload"/.test(tag) && tag.match(/\bhref="([^"]+)"/);
    const path = (entry || preload || [])[1];
    if (path) found.push(new URL(path, "http://site/").pathname);
  }
  return found;
}

/** The JS size lines of the table, for the build in `dist` and the loads measured on it. */
export async function jsSizeFigures(dist: string, loads: readonly LoadRun[]): Promise<Figure[]> {
  const entry = await entryScripts(dist);
  const medianGzip = async (pick: (run: LoadRun) => readonly string[]) =>
    median(await Promise.all(loads.map((run) => gzipBytes(dist, pick(run)))));
  return [
    {
      key: "entryJsGzipBytes",
      what: `JS before first paint, gzip: ${entry.map((path) => basename(path)).join(" + ")}`,
      value: await gzipBytes(dist, entry),
      unit: "bytes",
      budget: { atMost: 300 * KB },
      how: "entry + modulepreload of dist/index.html, zlib default level",
    },
    {
      key: "fetchedBeforeContentfulPaintGzipBytes",
      what: "JS fetched by first contentful paint, gzip",
      value: await medianGzip((run) => run.jsBeforeContentfulPaint),
      unit: "bytes",
      how: `median of ${LOAD_ROUNDS}`,
    },
    {
      key: "fetchedBeforeBarsGzipBytes",
      what: "JS fetched by first drawn bars, gzip",
      value: await medianGzip((run) => run.jsBeforeBars),
      unit: "bytes",
      how: `median of ${LOAD_ROUNDS}`,
    },
  ];
}
