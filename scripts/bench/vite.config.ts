/**
 * Builds the bench bundle (`scripts/bench/`): a bare page and a worker that
 * import the pool, the script language and the engine exactly as the site's
 * worker does, so `scripts/benchUi/` can time them in the same Chromium
 * without adding anything to the production site.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  worker: { format: "es" },
  // The site's target, so both bundles get the same code.
  build: { target: "es2023", emptyOutDir: true },
});
