import { existsSync } from "node:fs";

/** Where Playwright finds a Chromium: $CHROMIUM_PATH, else Debian's, else Playwright's own. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}
