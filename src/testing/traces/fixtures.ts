/** The small trace fixtures of each format (src/workload/fixtures/formats/), as they are made. */
import type { TraceFormat } from "../../workload/index.ts";
import { oracleTraces, writeTrace } from "./convert.ts";

/** Each format and its file extension. */
export const FIXTURE_FORMATS: readonly (readonly [TraceFormat, string])[] = [
  ["pool-trace", "txt"],
  ["malloc-lab", "rep"],
  ["csv", "csv"],
  ["jsonl", "jsonl"],
];

/** The oracle traces made into fixtures. */
export const FIXTURE_TRACES = ["seed_tests", "quirks"];

/** Every fixture file's name and text. */
export function fixtureFiles(): { file: string; text: string; format: TraceFormat; trace: string }[] {
  return oracleTraces()
    .filter((trace) => FIXTURE_TRACES.includes(trace.name))
    .flatMap((trace) =>
      FIXTURE_FORMATS.map(([format, extension]) => ({
        file: `${trace.name}.${extension}`,
        text: writeTrace(trace, format),
        format,
        trace: trace.name,
      })),
    );
}
