// The small fixtures of each format are what scripts/writeTraceFixtures.ts
// writes from the oracle's traces, and each is read in its own format.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixtureFiles } from "../testing/traces/fixtures.ts";
import { readTrace } from "./index.ts";

const folder = new URL("./fixtures/formats/", import.meta.url);

describe("trace fixtures of each format", () => {
  it.each(fixtureFiles().map((fixture) => [fixture.file, fixture] as const))(
    "%s",
    (file, fixture) => {
      const text = readFileSync(new URL(file, folder), "utf8");
      expect(text).toBe(fixture.text);
      const result = readTrace(text, { name: file });
      expect(result.ok && result.trace.format).toBe(fixture.format);
    },
  );
});
