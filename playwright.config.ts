import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./scripts/chromiumFlags.ts";

// PW_PORT lets two suites run side by side on one machine.
const port = Number(process.env.PW_PORT ?? 4173);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  // Twice Playwright's default. On a two-core CI machine two pages run side by side, often
  // each with its pool worker at full speed, and tests of four page loads took 20-33 s.
  timeout: 60_000,
  reporter: process.env.CI ? "list" : [["list"]],
  expect: { toHaveScreenshot: { maxDiffPixels: 0, threshold: 0 } },
  // Baselines are named by test and platform only, whichever project runs them.
  snapshotPathTemplate: "{testDir}/{testFileDir}/{testFileName}-snapshots/{arg}-{platform}{ext}",
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    ...devices["Desktop Chrome"],
    viewport: { width: 1280, height: 800 },
    // The flags that make a page rasterize to the same bytes: see scripts/chromiumFlags.ts.
    launchOptions: chromiumLaunchOptions(),
    // The service worker (offline, SPEC §5b) is tried in e2e/offline.spec.ts. Elsewhere every
    // request goes to the preview server, as page.route and the font and load timings expect.
    serviceWorkers: "block",
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
