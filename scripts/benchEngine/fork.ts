/**
 * Each shape of `npm run bench:engine` in a process of its own, running the
 * engine and the bare pool from one bundle, as the site's worker runs them.
 *
 * A process of its own, as JMH forks a JVM for each benchmark: V8 optimizes
 * the shared code (the ledger's loop, the held list, the pool) for what it
 * has seen, so in one process each shape ran with the profile of those before
 * it (long random, thirteenth, 2–3 % slower than alone). One bundle (esbuild,
 * as Vite bundles the worker): under tsx each module is loaded on its own, and
 * the engine, which calls across more modules than the bare pool's replay,
 * ran long random 5–8 % slower than bundled while the bare pool did not move
 * (docs/performance-history.md, session 27).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import type { ShapeRequest } from "./child.ts";
import type { ShapeResult } from "./measure.ts";

/** The bundle of `child.ts`, built once, and a way to remove it. */
export interface ChildBundle {
  readonly path: string;
  readonly remove: () => void;
}

/**
 * Bundles `entry` (by default `child.ts`, with the engine, pool and workload
 * readers it imports) into a temporary file.
 */
export async function bundleChild(
  entry = join(import.meta.dirname, "child.ts"),
): Promise<ChildBundle> {
  const dir = mkdtempSync(join(tmpdir(), "bench-engine-"));
  const path = join(dir, "child.mjs");
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: path,
    logLevel: "error",
  });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Measures one shape in a fresh `node --expose-gc` process; its progress and
 * errors go to this process's stderr. Null when the child failed (it said why).
 * The request goes to the child on its stdin: as an argument, a trace of a
 * million events (16 MB) was more than Linux lets one argument be (128 KiB, E2BIG).
 */
export function measureInFork(bundle: ChildBundle, request: ShapeRequest): ShapeResult | null {
  return runInFork<ShapeResult>(bundle, request);
}

/**
 * Runs a bundle in a fresh `node --expose-gc` process with `request` as JSON
 * on its stdin; the last line it prints, read as JSON, or null when it failed.
 */
export function runInFork<Result>(bundle: ChildBundle, request: unknown): Result | null {
  const child = spawnSync(process.execPath, ["--expose-gc", bundle.path], {
    input: JSON.stringify(request),
    stdio: ["pipe", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (child.error !== undefined) throw child.error;
  if (child.status !== 0) return null;
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Result;
}
