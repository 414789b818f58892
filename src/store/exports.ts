/**
 * Exports (SPEC §5): the worker writes a file in chunks (`{ type: "export" }`);
 * this slice shows how far it is, and the assembler gathers its chunks into
 * one Blob and hands it to `save` (a download on the page) when it is whole.
 * The chunks are kept out of the store: only progress is state.
 */
import type { StateCreator } from "zustand/vanilla";
import type { ExportReport } from "../worker/client.ts";
import type { ExportKind, ToWorker } from "../worker/protocol.ts";

/** An export being written. */
export interface ExportProgress {
  readonly kind: ExportKind;
  /** Steps written so far (events) or run (summary). */
  readonly done: number;
  /** Steps in all, when known ahead. */
  readonly total: number | null;
}

/** What the page shows of exports, and how it asks for one. */
export interface ExportSlice {
  /** The export under way, or null. */
  exporting: ExportProgress | null;
  /** Why the last export did not give a file (or that it was cancelled), or null. */
  exportMessage: string | null;
  /** Asks the worker for one export file. */
  exportFile(kind: ExportKind): void;
  /** Stops the export under way. */
  cancelExport(): void;
}

export const createExportSlice =
  <S extends ExportSlice>(
    send: (command: ToWorker) => void,
  ): StateCreator<S, [], [], ExportSlice> =>
  (set) => ({
    exporting: null,
    exportMessage: null,
    exportFile(kind) {
      set({ exporting: { kind, done: 0, total: null }, exportMessage: null } as Partial<S>);
      send({ type: "export", kind });
    },
    cancelExport() {
      send({ type: "cancelExport" });
    },
  });

/** The MIME type of each export file. */
function mimeOf(fileName: string): string {
  return fileName.endsWith(".json") ? "application/json" : "text/csv;charset=utf-8";
}

/**
 * Gathers an export's chunks; on `exportDone` makes the file and calls
 * `save(fileName, blob)`. `abort` drops a file half written (the worker restarted).
 */
export function exportAssembler(
  setState: (partial: Partial<ExportSlice>) => void,
  save: (fileName: string, blob: Blob) => void,
) {
  let parts: string[] = [];
  let active = false;
  return {
    hear(report: ExportReport): void {
      switch (report.type) {
        case "exportProgress":
          if (!active) parts = [];
          active = true;
          setState({ exporting: { kind: report.kind, done: report.done, total: report.total } });
          return;
        case "exportChunk":
          parts.push(report.text);
          return;
        case "exportDone": {
          const blob = new Blob(parts, { type: mimeOf(report.fileName) });
          parts = [];
          active = false;
          setState({ exporting: null, exportMessage: null });
          save(report.fileName, blob);
          return;
        }
        case "exportFailed":
          parts = [];
          active = false;
          setState({ exporting: null, exportMessage: report.message });
          return;
      }
    },
    abort(reason: string): void {
      if (!active) return;
      parts = [];
      active = false;
      setState({ exporting: null, exportMessage: reason });
    },
  };
}
