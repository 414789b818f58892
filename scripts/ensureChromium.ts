/**
 * Makes sure a Chromium is there for Playwright, and says what it did.
 * Playwright cannot download its own browsers on machines without internet access,
 * so on Debian as root we install Debian's `chromium`; elsewhere we ask Playwright.
 */
import { execSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chromiumPath } from "./chromium.ts";

const found = chromiumPath();
if (found) {
  console.log(`Chromium: ${found}`);
} else {
  const isDebian = existsSync("/etc/debian_version");
  const isRoot = process.getuid?.() === 0;
  if (isDebian && isRoot) {
    console.log("No Chromium found: installing Debian's chromium with apt-get (one time)…");
    execSync(
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
      {
        stdio: "inherit",
      },
    );
  } else {
    const os = existsSync("/etc/os-release") ? readFileSync("/etc/os-release", "utf8") : "";
    console.log(
      `No Chromium found (${os.match(/^PRETTY_NAME="?(.*?)"?$/m)?.[1] ?? process.platform}): running Playwright's installer…`,
    );
    execSync("npx playwright install chromium", { stdio: "inherit" });
  }
  console.log(`Chromium: ${chromiumPath() ?? "Playwright's bundled build"}`);
}
