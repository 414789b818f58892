import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Relative base: the build works from any path of any static server.
  base: "./",
  plugins: [react()],
  worker: { format: "es" },
  build: { target: "es2023", chunkSizeWarningLimit: 1500 },
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    // A guard against a hang, not a measure of speed: property tests that take a
    // second alone take several on a busy two-core machine.
    testTimeout: 30_000,
  },
});
