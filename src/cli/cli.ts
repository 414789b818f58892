/**
 * The CLI (SPEC §8), with its world passed in (files, output, the clock), so
 * tests run it in-process. Exit codes: 0 done, 1 the workload stopped with an
 * error (the message names the line), 2 a bad command line or an unreadable FILE.
 */
import { eventsCsv } from "../engine/eventsCsv.ts";
import { formatRunError } from "../engine/formatError.ts";
import { DEFAULT_MEMORY_BUDGET_BYTES, runToEnd } from "../engine/headless.ts";
import { recommend } from "../engine/recommend.ts";
import { runJson, runSummary, sweepJson } from "../engine/summary.ts";
import { runSweep } from "../engine/sweep.ts";
import { toRunError } from "../engine/errors.ts";
import type { RunError } from "../engine/types.ts";
import { WorkloadRejected, openWorkload, type Workload } from "../engine/workload.ts";
import { rejectionLines } from "../workload/index.ts";
import { USAGE, UsageError, parseCli, type CliCommand } from "./args.ts";
import { printRun, printSweep } from "./print.ts";

/** What the CLI reaches outside itself. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The text of a file, or of standard input for "-". Throws when it cannot be read. */
  readText(file: string): string;
  /** A file to write in pieces. Throws when it cannot be opened. */
  openOutput(file: string): { write(text: string): void; close(): void };
  /** Whether standard error is a terminal (a progress line is shown only then). */
  readonly stderrIsTTY: boolean;
  now(): number;
}

/** A progress line is shown once a run has taken this long. */
const PROGRESS_AFTER_MS = 1000;
const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Runs one command line; returns the exit code. */
export function cli(argv: readonly string[], io: CliIo): number {
  let command: CliCommand;
  try {
    command = parseCli(argv);
  } catch (thrown) {
    if (!(thrown instanceof UsageError)) throw thrown;
    io.stderr(`pool: ${thrown.message}\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  let text: string;
  try {
    text = io.readText(command.file);
  } catch (thrown) {
    io.stderr(`pool: cannot read ${command.file}: ${reason(thrown)}\n${USAGE}\n`);
    return 2;
  }
  let workload: Workload;
  try {
    workload = openWorkload(text, command.file);
  } catch (thrown) {
    if (thrown instanceof WorkloadRejected) return rejected(io, command.file, thrown);
    return failed(io, command.file, toRunError(thrown));
  }
  const progress = new Progress(io);
  switch (command.kind) {
    case "run": {
      const session = runToEnd(workload.source, sessionOptions(command.capacity), (step) =>
        progress.show(`step ${count.format(step)}`),
      );
      progress.clear();
      if (session.error) return failed(io, command.file, session.error);
      const summary = runSummary(session);
      io.stdout(command.json ? runJson(summary) : printRun(command.file, summary));
      return 0;
    }
    case "sweep": {
      const points = runSweep(
        workload.source,
        {
          capacities: command.capacities,
          maxSteps: Number.POSITIVE_INFINITY,
          memoryBudgetBytes: DEFAULT_MEMORY_BUDGET_BYTES,
        },
        (done) => progress.show(`capacity ${done} of ${command.capacities.length} done`),
      );
      progress.clear();
      const stopped = points.find((point) => point.error !== null);
      if (stopped)
        return failed(io, `${command.file} at capacity ${stopped.capacity}`, stopped.error!);
      const recommendation = recommend(points, command.target)!;
      io.stdout(
        command.json
          ? sweepJson(points, recommendation)
          : printSweep(command.file, points, recommendation),
      );
      return 0;
    }
    case "export": {
      let output;
      try {
        output = io.openOutput(command.events);
      } catch (thrown) {
        io.stderr(`pool: cannot write ${command.events}: ${reason(thrown)}\n${USAGE}\n`);
        return 2;
      }
      const chunks = eventsCsv(workload.source, sessionOptions(command.capacity));
      let steps = 0;
      let next = chunks.next();
      for (; !next.done; next = chunks.next()) {
        output.write(next.value.text);
        steps = next.value.steps;
        progress.show(`${count.format(steps)} events written`);
      }
      output.close();
      progress.clear();
      if (next.value) {
        io.stderr(
          `pool: wrote the ${count.format(steps)} events before the error to ${command.events}\n`,
        );
        return failed(io, command.file, next.value);
      }
      return 0;
    }
  }
}

function sessionOptions(capacity: number | undefined) {
  return { capacity: capacity ?? 4, memoryBudgetBytes: DEFAULT_MEMORY_BUDGET_BYTES };
}

function failed(io: CliIo, where: string, error: RunError): number {
  io.stderr(`pool: ${where}: ${formatRunError(error)}\n`);
  return 1;
}

/** A trace with bad lines: each listed one on a line of its own, as the page lists them. */
function rejected(io: CliIo, where: string, error: WorkloadRejected): number {
  const lines = rejectionLines(error.rejection).map((line) => `${line}\n`);
  io.stderr(`pool: ${where}: ${error.rejection.message}\n${lines.join("")}`);
  return 1;
}

function reason(thrown: unknown): string {
  const code = (thrown as { code?: unknown }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a folder";
  if (code === "EACCES") return "permission denied";
  return thrown instanceof Error ? thrown.message : String(thrown);
}

/** One line on standard error, rewritten in place, once a run has taken a second; only on a terminal. */
class Progress {
  private readonly started: number;
  private shown = false;

  constructor(private readonly io: CliIo) {
    this.started = io.now();
  }

  show(text: string): void {
    if (!this.io.stderrIsTTY || this.io.now() - this.started < PROGRESS_AFTER_MS) return;
    this.io.stderr(`\r\x1b[K${text}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.io.stderr("\r\x1b[K");
    this.shown = false;
  }
}
