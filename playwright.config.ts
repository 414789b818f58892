import { defineConfig, devices } from "@playwright/test";
import { chromiumPath } from "./scripts/chromium.ts";

// PW_PORT lets two suites run side by side on one machine.
const port = Number(process.env.PW_PORT ?? 4173);
const executablePath = chromiumPath();

/** Flags that keep Debian's Chromium quiet on a machine without internet access. */
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Same pixels on every run: one raster thread, no LCD text, a fixed colour profile.
  "--num-raster-threads=1",
  "--disable-partial-raster",
  "--disable-lcd-text",
  "--force-color-profile=srgb",
];

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? "list" : [["list"]],
  expect: { toHaveScreenshot: { maxDiffPixels: 0, threshold: 0 } },
  // Baselines are named by test and platform only, whichever project runs them.
  snapshotPathTemplate: "{testDir}/{testFileDir}/{testFileName}-snapshots/{arg}-{platform}{ext}",
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    ...devices["Desktop Chrome"],
    viewport: { width: 1280, height: 800 },
    launchOptions: { ...(executablePath ? { executablePath } : {}), args: chromiumArgs },
    trace: "retain-on-failure",
  },
  projects: [
    { name: "chromium", testIgnore: /runaway\.spec\.ts$/ },
    // Timing-sensitive: runs alone after the rest, so another page running at
    // full speed on the same two cores cannot starve its main thread.
    { name: "runaway", testMatch: /runaway\.spec\.ts$/, dependencies: ["chromium"] },
  ],
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
