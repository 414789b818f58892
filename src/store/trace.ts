/**
 * Trace files as the workload (SPEC §2b): the file being read and how far,
 * the trace that is loaded (its name, format and events, and the file kept so
 * a capacity change or a restarted worker can read it again), a refusal with
 * its bad lines, and text pasted into the editor that may be a trace.
 *
 * The file goes to the worker as it is (a Blob): the main thread never reads it.
 */
import type { StateCreator } from "zustand/vanilla";
import type { TraceReport } from "../worker/client.ts";
import type { ToWorker, TraceInfo, TraceLineError } from "../worker/protocol.ts";
import type { SaveArea } from "./persistence.ts";
import { MIB, loadCommand, type PlaygroundState } from "./store.ts";

/** A trace file as the page holds it: never read on the main thread. */
export interface TraceFile {
  readonly name: string;
  readonly source: Blob | string;
}

/** A trace file refused: why, and its first bad lines. */
export interface TraceRejection {
  readonly name: string;
  readonly message: string;
  readonly errors: readonly TraceLineError[];
  readonly more: number;
}

/** How far a file has been read. */
export interface TraceReading {
  readonly name: string;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** Text pasted into the editor, and the script it replaced, while it may be a trace. */
export interface Pasted {
  readonly text: string;
  /** The script before the paste, which "Open as trace" puts back. */
  readonly before: string;
  /** The script after the paste: the offer stands only while the editor still holds it. */
  readonly after: string;
}

/** The name a pasted trace goes by. */
export const PASTED_NAME = "pasted trace";

export interface TraceSlice {
  /** The trace file that is the workload, once loaded; null while a script is. */
  trace: (TraceInfo & { readonly file: TraceFile }) | null;
  /** A file being read, and the one it is (kept until it has loaded). */
  traceReading: (TraceReading & { readonly file: TraceFile }) | null;
  /** The last file refused, until dismissed or another loads. */
  traceRejection: TraceRejection | null;
  /** The name of a trace that was open before a reload, which the page could not keep. */
  traceForgotten: string | null;
  pasted: Pasted | null;
  /** Reads `source` in the worker as the workload; the one before it plays on until it is ready. */
  openTrace(name: string, source: Blob | string): void;
  /** Stops reading a file; the workload before it stays. */
  cancelTrace(): void;
  /** Leaves the trace for the script in the editor, as it was. */
  backToScript(): void;
  /** Asks the worker for the trace as a script; it replaces the editor's text (Ctrl+Z undoes it). */
  convertTrace(): void;
  /** Notes a paste into the editor (the text, and the script before and after). */
  notePaste(pasted: Pasted): void;
  /** Opens the pasted text as a trace and puts the script before the paste back. */
  openPasteAsTrace(): void;
  dismissTraceMessages(): void;
}

/** The `loadTrace` command for `file` with the store's capacity and memory budget. */
export function traceCommand(
  state: Pick<PlaygroundState, "capacity" | "memoryBudgetMiB">,
  file: TraceFile,
): ToWorker {
  return {
    type: "loadTrace",
    name: file.name,
    source: file.source,
    capacity: state.capacity,
    memoryBudgetBytes: state.memoryBudgetMiB * MIB,
  };
}

/** The command that loads the workload the store holds: the trace when one is loaded, else the script. */
export function workloadCommand(state: PlaygroundState): ToWorker {
  return state.trace === null ? loadCommand(state) : traceCommand(state, state.trace.file);
}

export const createTraceSlice =
  (send: (command: ToWorker) => void): StateCreator<PlaygroundState, [], [], TraceSlice> =>
  (set, get) => ({
    trace: null,
    traceReading: null,
    traceRejection: null,
    traceForgotten: null,
    pasted: null,
    openTrace(name, source) {
      const file = { name, source };
      const totalBytes = typeof source === "string" ? source.length : source.size;
      set({ traceReading: { name, bytesRead: 0, totalBytes, file }, traceRejection: null });
      send(traceCommand(get(), file));
    },
    cancelTrace() {
      set({ traceReading: null });
      send({ type: "cancelLoad" });
    },
    backToScript() {
      set({ trace: null, traceForgotten: null });
      send(loadCommand(get()));
    },
    convertTrace() {
      send({ type: "convertToScript" });
    },
    notePaste(pasted) {
      set({ pasted });
    },
    openPasteAsTrace() {
      const { pasted } = get();
      if (pasted === null) return;
      set({ pasted: null });
      get().setSource(pasted.before);
      get().openTrace(PASTED_NAME, pasted.text);
    },
    dismissTraceMessages() {
      set({ traceRejection: null, traceForgotten: null });
    },
  });

/** What the store becomes after a load: `info` is the trace loaded, or null for a script. */
export function traceLoaded(state: PlaygroundState, info: TraceInfo | null): Partial<TraceSlice> {
  if (info === null) return { trace: null };
  const reading = state.traceReading;
  const file = reading?.name === info.name ? reading.file : state.trace?.file;
  if (file === undefined) return {};
  return {
    trace: { ...info, file },
    traceReading: reading?.name === info.name ? null : reading,
    traceRejection: null,
    traceForgotten: null,
    pasted: null,
  };
}

/** What the store becomes on a report about a file being read; `converted` is the caller's. */
export function traceReported(
  state: PlaygroundState,
  report: Exclude<TraceReport, { type: "converted" }>,
): Partial<TraceSlice> {
  const reading = state.traceReading;
  switch (report.type) {
    case "loadProgress":
      return reading?.name === report.name
        ? {
            traceReading: {
              ...reading,
              bytesRead: report.bytesRead,
              totalBytes: report.totalBytes,
            },
          }
        : {};
    case "rejected": {
      const { name, message, errors, more } = report;
      return {
        traceRejection: { name, message, errors, more },
        traceReading: reading?.name === name ? null : reading,
      };
    }
    case "loadCancelled":
      return reading?.name === report.name ? { traceReading: null } : {};
  }
}

/** Where the name of the open trace is kept across a reload (the file itself cannot be). */
export const TRACE_KEY = "pool-playground:trace:v1";

/** Notes the open trace's name (or that none is open); storage that refuses is no loss. */
export function rememberTrace(area: SaveArea | undefined, name: string | null): void {
  try {
    if (name === null) area?.removeItem(TRACE_KEY);
    else area?.setItem(TRACE_KEY, name);
  } catch {
    // Only the "open it again" note is lost.
  }
}

/** The name of the trace that was open before this reload, if one was. */
export function recallTrace(area: SaveArea | undefined): string | null {
  try {
    return area?.getItem(TRACE_KEY) ?? null;
  } catch {
    return null;
  }
}
