/**
 * What `bench:ui` serves on loopback: a copy of the production build in
 * `dist/`, the bench bundle (`scripts/bench/`, a bare page and worker that time
 * the pool and the engine with no UI), and for `--profile` an unminified build.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview, type InlineConfig } from "vite";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BENCH_CONFIG = join(ROOT, "scripts/bench/vite.config.ts");

/** A preview server on loopback. */
export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** `vite preview` of `config` on a free loopback port. */
async function startPreview(config: InlineConfig): Promise<Served> {
  const port = await freePort();
  const server = await preview({
    ...config,
    logLevel: "warn",
    preview: { host: "127.0.0.1", port, strictPort: true },
  });
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/**
 * Serves a copy of `dist/` from `temporary` (so a build someone else starts
 * meanwhile cannot change what is measured); `dist` is that copy.
 */
export async function serveSite(temporary: string): Promise<Served & { readonly dist: string }> {
  const dist = join(temporary, "site");
  await cp(join(ROOT, "dist"), dist, { recursive: true });
  return { ...(await startPreview({ root: ROOT, build: { outDir: dist } })), dist };
}

/** Builds the bench bundle into `temporary` and serves it. */
export async function serveBenchBundle(temporary: string): Promise<Served> {
  const outDir = join(temporary, "bench");
  await build({ configFile: BENCH_CONFIG, logLevel: "warn", build: { outDir } });
  return startPreview({ configFile: BENCH_CONFIG, build: { outDir } });
}

/** Builds the site unminified into `temporary` and serves it, so a profile keeps function names. */
export async function serveUnminifiedSite(temporary: string): Promise<Served> {
  const outDir = join(temporary, "site-unminified");
  await build({
    root: ROOT,
    logLevel: "warn",
    build: { outDir, minify: false, emptyOutDir: true },
  });
  return startPreview({ root: ROOT, build: { outDir } });
}

/** What a benchmark's `main` runs in: a temporary folder, and things to close when it ends. */
export interface BenchRoom {
  readonly temporary: string;
  /** Closes `close` when the benchmark ends, after everything added later. */
  onEnd(close: () => Promise<void>): void;
}

/** Runs `body` with a new temporary folder named `prefix…`; then closes what it added, newest first, and removes the folder. */
export async function inBenchRoom<T>(
  prefix: string,
  body: (room: BenchRoom) => Promise<T>,
): Promise<T> {
  const temporary = await mkdtemp(join(tmpdir(), prefix));
  const closers: Array<() => Promise<void>> = [];
  try {
    return await body({ temporary, onEnd: (close) => closers.push(close) });
  } finally {
    for (const close of closers.reverse()) await close();
    await rm(temporary, { recursive: true, force: true });
  }
}
