import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Relative base: the build works from any path of any static server.
  base: "./",
  plugins: [
    react(),
    // Offline and installable (SPEC §5b): a web app manifest, and a Workbox service worker
    // that precaches the whole build. The registration is in main.tsx (after load).
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: false,
      manifest: {
        name: "Pool Playground",
        short_name: "Pool Playground",
        description:
          "A size-class buffer pool running in a Web Worker: script acquire and release, step through it, watch it recycle.",
        start_url: "./",
        scope: "./",
        display: "standalone",
        background_color: "#f4f5f7",
        theme_color: "#1d5fd6",
        icons: [
          { src: "icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "icon-512.png", sizes: "512x512", type: "image/png" },
          {
            src: "icon-maskable-512.png",
            sizes: "512x512",
            type: "image/png",
            purpose: "maskable",
          },
          { src: "favicon.svg", sizes: "any", type: "image/svg+xml" },
        ],
      },
      workbox: {
        // Everything the page can ask for: its scripts (the worker and the lazy chunks too),
        // styles, the bundled fonts, the icons and the preset trace (amptjp-bal.rep).
        globPatterns: ["**/*.{js,css,html,woff,woff2,svg,png,rep}"],
        // A new build takes over at once (no waiting for every tab to close); main.tsx reloads.
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        // Any path under the site opens the page (the state is in the hash).
        navigateFallback: "index.html",
      },
    }),
  ],
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
