/**
 * `npx tsx scripts/writeTraceFixtures.ts`
 *
 * Writes src/workload/fixtures/formats/: the oracle's `seed_tests` and
 * `quirks` traces (the ops it accepted) in every trace format, small files
 * for tests and for importing on the page. `src/workload/fixtures.test.ts`
 * checks they are still what this writes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { FIXTURE_FORMATS, fixtureFiles } from "../src/testing/traces/fixtures.ts";

const folder = new URL("../src/workload/fixtures/formats/", import.meta.url);
mkdirSync(folder, { recursive: true });
for (const { file, text } of fixtureFiles()) writeFileSync(new URL(file, folder), text);
console.log(`wrote ${FIXTURE_FORMATS.length} formats to ${folder.pathname}`);
