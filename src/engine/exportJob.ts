/**
 * The page's exports (SPEC §5), written in the worker a slice at a time, so
 * a 10⁶-step events file neither stalls playback nor is held twice: its text
 * leaves in chunks as it is written.
 *
 * What each file holds:
 * - `pool-events.csv` ({@link eventsCsv}) and `pool-run.json` ({@link runJson}):
 *   the workload run afresh from its start to its end at the run's capacity,
 *   as `cli export --events` and `cli run --json` do, so they are the CLI's
 *   bytes whatever step the page shows. Clicks on the page are not part of
 *   the workload and are not in them. A run that stops with an error ends
 *   there: the events up to it, the summary at it.
 * - `pool-classes.csv` ({@link classesCsv}): the per-class metrics at the
 *   shown step, as the table view shows them.
 * - `pool-sweep.csv` ({@link sweepCsv}): the last sweep's points.
 */
import { eventsCsv } from "./eventsCsv.ts";
import { PROGRESS_EVERY_STEPS } from "./headless.ts";
import { Session, type SessionOptions } from "./session.ts";
import type { StepSource } from "./stepSource.ts";
import { classesCsv, runJson, runSummary, sweepCsv } from "./summary.ts";
import type { ClassMetrics, ExportKind, Report, SweepPoint } from "./types.ts";

/** The file each export is saved as (SPEC §5). */
export const EXPORT_FILE_NAMES: Readonly<Record<ExportKind, string>> = {
  events: "pool-events.csv",
  classes: "pool-classes.csv",
  run: "pool-run.json",
  sweep: "pool-sweep.csv",
};

/** Lines of the events CSV per chunk. */
export const EXPORT_STEPS_PER_CHUNK = 8192;

/** What an export is written from. */
export interface ExportInputs {
  /** The loaded workload's steps, or null when none loaded. */
  readonly source: StepSource | null;
  /** The run's options (its capacity and memory budget). */
  readonly options: SessionOptions;
  /** Steps in the workload when known ahead (a trace, a finished run), else null. */
  readonly total: number | null;
  /** The metrics at the shown step, or null when nothing is loaded. */
  readonly classes: readonly ClassMetrics[] | null;
  /** The last sweep's points (empty when no sweep has run). */
  readonly sweepPoints: readonly SweepPoint[];
}

/** One bounded piece of an export's work: text to send, and steps done so far. */
interface Piece {
  readonly text: string;
  readonly done: number;
}

/** Why an export cannot be written, or null when it can. */
export function exportRefusal(kind: ExportKind, inputs: ExportInputs): string | null {
  if (kind === "sweep")
    return inputs.sweepPoints.length === 0 ? "No sweep has run yet: run a sweep first." : null;
  if (inputs.source === null || inputs.classes === null)
    return "No workload is loaded: fix the script or open a trace first.";
  return null;
}

/** The pieces of one export, in order; each is a bounded amount of work. */
export function* exportPieces(kind: ExportKind, inputs: ExportInputs): Generator<Piece, void> {
  switch (kind) {
    case "events": {
      for (const chunk of iterate(
        eventsCsv(inputs.source!, inputs.options, EXPORT_STEPS_PER_CHUNK),
      ))
        yield { text: chunk.text, done: chunk.steps };
      return;
    }
    case "run": {
      // A fresh run to the end, as `cli run` makes: the same Session, in slices.
      const session = new Session(inputs.source!, inputs.options);
      while (session.advance(PROGRESS_EVERY_STEPS) > 0 && !session.error)
        yield { text: "", done: session.step };
      yield { text: runJson(runSummary(session)), done: session.step };
      return;
    }
    case "classes":
      yield { text: classesCsv(inputs.classes!), done: 0 };
      return;
    case "sweep":
      yield { text: sweepCsv(inputs.sweepPoints), done: 0 };
      return;
  }
}

/** A generator's yields, whatever it returns. */
function* iterate<T>(generator: Generator<T, unknown, void>): Generator<T, void> {
  for (let next = generator.next(); !next.done; next = generator.next()) yield next.value;
}

/** What the runner needs from its host (the same as playback's). */
export interface ExportHost {
  post(message: Report): void;
  now(): number;
  schedule(task: () => void, delayMs: number): void;
}

/** Runs at most one export at a time, in slices of `sliceMs`, posting its reports. */
export class ExportRunner {
  private job: { kind: ExportKind; pieces: Generator<Piece, void> } | null = null;
  private generation = 0;
  private lastProgress = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly host: ExportHost,
    private readonly sliceMs: number,
    private readonly progressEveryMs: number,
  ) {}

  /** Starts `kind` (stopping one under way), or reports why it cannot. */
  start(kind: ExportKind, inputs: ExportInputs): void {
    this.cancel();
    const refusal = exportRefusal(kind, inputs);
    if (refusal !== null) {
      this.host.post({ type: "exportFailed", kind, message: refusal, cancelled: false });
      return;
    }
    const total = kind === "events" || kind === "run" ? inputs.total : null;
    this.job = { kind, pieces: exportPieces(kind, inputs) };
    this.host.post({ type: "exportProgress", kind, done: 0, total });
    const generation = ++this.generation;
    this.host.schedule(() => this.tick(generation, total), 0);
  }

  /** Stops the export under way, if there is one, and says so. */
  cancel(): void {
    const job = this.job;
    if (job === null) return;
    this.job = null;
    this.generation++;
    job.pieces.return();
    this.host.post({
      type: "exportFailed",
      kind: job.kind,
      message: "Export cancelled.",
      cancelled: true,
    });
  }

  private tick(generation: number, total: number | null): void {
    const job = this.job;
    if (job === null || generation !== this.generation) return;
    const { kind, pieces } = job;
    const deadline = this.host.now() + this.sliceMs;
    let done: number;
    do {
      const next = pieces.next();
      if (next.done) {
        this.job = null;
        this.host.post({ type: "exportDone", kind, fileName: EXPORT_FILE_NAMES[kind] });
        return;
      }
      done = next.value.done;
      if (next.value.text !== "")
        this.host.post({ type: "exportChunk", kind, text: next.value.text });
    } while (this.host.now() < deadline);
    const now = this.host.now();
    if (now - this.lastProgress >= this.progressEveryMs) {
      this.lastProgress = now;
      this.host.post({ type: "exportProgress", kind, done, total });
    }
    this.host.schedule(() => this.tick(generation, total), 0);
  }
}
