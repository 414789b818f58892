/**
 * CSV traces, parsed by PapaParse (quoted fields, `"a,b"` IDs, quotes
 * doubled inside them, line breaks inside quotes). Chunks are pushed as
 * they are read: PapaParse's stream input takes anything shaped like a
 * Node readable stream and parses each `data` chunk at once, keeping a
 * partial last row for the next one.
 */
import Papa from "papaparse";
import type { TraceBuilder } from "./builder.ts";
import { OP_NAMES, quoteNames } from "./opNames.ts";

type Listener = (chunk?: string) => void;

/** The least of a Node readable stream that PapaParse's stream input uses. */
class PushSource {
  readonly readable = true;
  private readonly listeners = new Map<string, Listener>();
  read(): null {
    return null;
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, listener);
    return this;
  }
  removeListener(event: string): this {
    this.listeners.delete(event);
    return this;
  }
  pause(): void {}
  resume(): void {}
  emit(event: "data" | "end", chunk?: string): void {
    this.listeners.get(event)?.(chunk);
  }
}

const REQUIRED = ["op", "id", "size"] as const;

/** Reads a CSV trace: a header row naming op, id and size (any order), then one event a row. */
export class CsvTraceParser {
  private readonly source = new PushSource();
  /** The file line the next row starts on. */
  private line = 1;
  private columns: { op: number; id: number; size: number } | null = null;

  constructor(private readonly builder: TraceBuilder) {
    Papa.parse<string[]>(this.source as unknown as File, {
      delimiter: ",",
      skipEmptyLines: false,
      chunk: (results) => this.rows(results.data, results.errors),
      // Rows are taken as each chunk is parsed; nothing is collected for the end.
      complete: () => {},
    });
  }

  /** Parses the rows complete in `chunk`. */
  push(chunk: string): void {
    this.source.emit("data", chunk);
  }

  /** Parses the last row. */
  finish(): void {
    this.source.emit("end");
    if (this.columns === null && !this.builder.failed) {
      this.builder.bad(this.line, "the CSV header row is missing");
    }
  }

  private rows(rows: string[][], errors: Papa.ParseError[]): void {
    const broken = new Map<number, string>();
    for (const error of errors) {
      if (error.row !== undefined && error.type === "Quotes") broken.set(error.row, error.message);
    }
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const line = this.line;
      let breaks = 0;
      for (const field of row) breaks += countBreaks(field);
      this.line += 1 + breaks;
      const quoteError = broken.get(r);
      if (quoteError !== undefined) this.builder.bad(line, `${quoteError.toLowerCase()}`);
      else if (row.length === 1 && row[0]!.trim() === "") continue;
      else if (this.columns === null) this.header(row, line);
      else this.event(row, line);
      if (this.builder.fatal !== null) return;
    }
  }

  private header(row: readonly string[], line: number): void {
    const names = row.map((name) => name.trim().toLowerCase());
    if (names[0]?.startsWith("#")) return;
    const [op, id, size] = REQUIRED.map((name) => names.indexOf(name));
    if (
      op === undefined ||
      id === undefined ||
      size === undefined ||
      op < 0 ||
      id < 0 ||
      size < 0
    ) {
      const missing = REQUIRED.filter((name) => !names.includes(name));
      this.builder.bad(line, `the CSV header has no ${missing.join(", ")} column`);
      this.columns = { op: 0, id: 1, size: 2 };
      return;
    }
    this.columns = { op, id, size };
  }

  private event(row: readonly string[], line: number): void {
    const columns = this.columns!;
    const op = row[columns.op]?.trim() ?? "";
    const id = row[columns.id]?.trim() ?? "";
    const size = row[columns.size]?.trim() ?? "";
    const kind = OP_NAMES.get(op.toLowerCase());
    const builder = this.builder;
    if (kind === undefined) {
      builder.bad(line, op === "" ? "the op is missing" : `unknown op ${quoteNames(op)}`);
    } else if (id === "") builder.bad(line, "the id is missing");
    else if (kind === "acquire") builder.acquire(id, size, line);
    else if (kind === "release") builder.release(id, line);
    else builder.resize(id, size, line);
  }
}

function countBreaks(field: string): number {
  let breaks = 0;
  for (let at = field.indexOf("\n"); at >= 0; at = field.indexOf("\n", at + 1)) breaks++;
  return breaks;
}
