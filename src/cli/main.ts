/**
 * The CLI's entry: `npm run cli -- run | sweep | export …` (SPEC §8). Hands
 * the real files, streams and clock to {@link cli} and exits with its code.
 */
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { cli } from "./cli.ts";

process.exitCode = cli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readText: (file) => readFileSync(file === "-" ? 0 : file, "utf8"),
  openOutput: (file) => {
    const fd = openSync(file, "w");
    return { write: (text) => writeSync(fd, text), close: () => closeSync(fd) };
  },
  stderrIsTTY: process.stderr.isTTY === true,
  now: () => performance.now(),
});
