/**
 * Reads a trace file as it streams in: text chunks are pushed as they are
 * decoded, the format is detected from the first lines, and each line goes
 * to its format's parser as soon as it is complete. A limit stops the
 * reading at once (`rejected`), so the rest of the file need not be read.
 */
import { TraceBuilder, quoteToken, type TraceLineError, type TraceRejection } from "./builder.ts";
import { CsvTraceParser } from "./csv.ts";
import { detectFormat } from "./detect.ts";
import { TRACE_LIMITS, formatBytes, type TraceFormat } from "./limits.ts";
import { OP_NAMES, quoteNames } from "./opNames.ts";
import type { Trace } from "./trace.ts";

export type { TraceLineError, TraceRejection };

/** Options for a {@link TraceReader}. */
export interface TraceReaderOptions {
  /** The file's name, for messages and the page. */
  readonly name: string;
  /** The file's size in bytes, when known: over the limit, it is refused before reading. */
  readonly totalBytes?: number;
  /** Most events accepted (a test may lower the limit). */
  readonly maxEvents?: number;
}

/** A trace read whole, or why it was refused. */
export type TraceResult =
  | { readonly ok: true; readonly trace: Trace }
  | { readonly ok: false; readonly rejection: TraceRejection };

/** How much text the format may be looked for in before the file is taken to be in none. */
const DETECT_CHARS = 64 * 1024;
const WHITESPACE = /[\t\n\f\r ]+/;

type LineParser = (text: string, line: number) => void;

/** A trace file being read. */
export class TraceReader {
  /** The format, once detected. */
  format: TraceFormat | undefined;
  private readonly builder: TraceBuilder;
  private refusal: string | null = null;
  private head = "";
  private partial = "";
  private line = 0;
  private parseLine: LineParser | null = null;
  private csv: CsvTraceParser | null = null;

  constructor(private readonly options: TraceReaderOptions) {
    this.builder = new TraceBuilder(options.maxEvents);
    const bytes = options.totalBytes;
    if (bytes !== undefined && bytes > TRACE_LIMITS.maxBytes) {
      this.refusal = `${options.name} is ${bytes.toLocaleString("en-US")} bytes (${formatBytes(bytes)}); a trace file is at most ${formatBytes(TRACE_LIMITS.maxBytes)}`;
    }
  }

  /** True once the trace can't be accepted whatever follows (a limit, no known format): stop reading. */
  get rejected(): boolean {
    return this.refusal !== null || this.builder.fatal !== null;
  }

  /** Reads the next piece of the file's text. */
  push(chunk: string): void {
    if (this.rejected) return;
    if (this.format === undefined) {
      this.head += chunk;
      const found = detectFormat(this.head, false);
      if (found === "undecided" && this.head.length < DETECT_CHARS) return;
      this.start(found === "undecided" ? undefined : found);
      const head = this.head;
      this.head = "";
      if (!this.rejected) this.feed(head);
      return;
    }
    this.feed(chunk);
  }

  /** Reads the end of the file and gives the trace, or why it is refused. */
  finish(): TraceResult {
    if (this.format === undefined && !this.rejected) {
      const found = detectFormat(this.head, true);
      this.start(found === "undecided" ? undefined : found);
      if (!this.rejected) this.feed(this.head);
      this.head = "";
    }
    if (!this.rejected) {
      if (this.csv !== null) this.csv.finish();
      else if (this.partial !== "") this.parseLine?.(this.partial, ++this.line);
      this.partial = "";
      if (this.format === "malloc-lab") this.mallocLab.end(this.line);
    }
    if (this.refusal !== null) return { ok: false, rejection: refusal(this.refusal) };
    const result = this.builder.finish(this.options.name, this.format ?? "pool-trace");
    return "message" in result ? { ok: false, rejection: result } : { ok: true, trace: result };
  }

  private start(format: TraceFormat | undefined): void {
    this.format = format;
    switch (format) {
      case undefined:
        this.refusal = `${this.options.name} is in no known trace format: expected a pool trace (capacity, acquire, release, resize lines), a malloc-lab trace (a header of 2 or 4 numbers, then a, f, r lines), CSV with a header naming op, id and size, or JSON Lines`;
        return;
      case "csv":
        this.csv = new CsvTraceParser(this.builder);
        return;
      case "pool-trace":
        this.parseLine = (text, line) => this.poolTraceLine(text, line);
        return;
      case "malloc-lab":
        this.parseLine = (text, line) => this.mallocLab.line(text, line);
        return;
      case "jsonl":
        this.parseLine = (text, line) => this.jsonLine(text, line);
        return;
    }
  }

  private feed(text: string): void {
    if (this.csv !== null) {
      this.csv.push(text);
      return;
    }
    const parse = this.parseLine!;
    let from = 0;
    let text2 = text;
    if (this.partial !== "") {
      text2 = this.partial + text;
      this.partial = "";
    }
    for (let end = text2.indexOf("\n"); end >= 0; end = text2.indexOf("\n", from)) {
      parse(text2.slice(from, end), ++this.line);
      from = end + 1;
      if (this.builder.fatal !== null) return;
    }
    this.partial = text2.slice(from);
  }

  private poolTraceLine(text: string, line: number): void {
    const tokens = text.split(WHITESPACE).filter((token) => token !== "");
    const [op, id = "", amount = ""] = tokens;
    if (op === undefined || op.startsWith("#")) return;
    const builder = this.builder;
    const usage = POOL_TRACE_USAGE.get(op);
    if (usage === undefined) {
      builder.bad(
        line,
        `unknown op ${quoteToken(op)}; a pool trace has capacity, acquire, release and resize`,
      );
    } else if (tokens.length !== usage.split(" ").length) {
      builder.bad(line, `expected '${usage}'`);
    } else if (op === "capacity") builder.setCapacity(id, line);
    else if (op === "acquire") builder.acquire(id, amount, line);
    else if (op === "release") builder.release(id, line);
    else builder.resize(id, amount, line);
  }

  /** The malloc-lab format: a header of 2 or 4 numbers, then `a ID BYTES`, `f ID`, `r ID BYTES`. */
  private readonly mallocLab = {
    header: 0,
    headerDone: false,
    line: (text: string, line: number): void => {
      const tokens = text.split(WHITESPACE).filter((token) => token !== "");
      if (tokens.length === 0) return;
      const builder = this.builder;
      const lab = this.mallocLab;
      if (!lab.headerDone) {
        if (tokens.length === 1 && /^[0-9]+$/.test(tokens[0]!)) {
          lab.header++;
          return;
        }
        lab.headerDone = true;
        if (lab.header !== 2 && lab.header !== 4) {
          builder.bad(
            line,
            `a malloc-lab trace starts with a header of 2 numbers (ids, ops) or 4 (heap size, ids, ops, weight), not ${lab.header}`,
          );
        }
      }
      const [op = "", id = "", bytes = ""] = tokens;
      const usage = MALLOC_LAB_USAGE.get(op);
      if (usage === undefined) {
        builder.bad(line, `unknown op ${quoteToken(op)}; a malloc-lab trace has a, f and r`);
      } else if (tokens.length !== usage.split(" ").length)
        builder.bad(line, `expected '${usage}'`);
      else if (op === "a") builder.acquire(id, bytes, line);
      else if (op === "f") builder.release(id, line);
      else builder.resize(id, bytes, line);
    },
    end: (line: number): void => {
      const lab = this.mallocLab;
      if (!lab.headerDone && lab.header !== 2 && lab.header !== 4) {
        this.builder.bad(line, "a malloc-lab header of 2 or 4 numbers is not complete");
      }
    },
  };

  private jsonLine(text: string, line: number): void {
    if (text.trim() === "") return;
    const builder = this.builder;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      builder.bad(line, "not a JSON object");
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      builder.bad(line, "not a JSON object");
      return;
    }
    const { op, id, size } = value as Record<string, unknown>;
    const kind = typeof op === "string" ? OP_NAMES.get(op.toLowerCase()) : undefined;
    if (op === undefined) builder.bad(line, "the op is missing");
    else if (kind === undefined) builder.bad(line, `unknown op ${quoteNames(String(op))}`);
    else if (typeof id !== "string" && typeof id !== "number")
      builder.bad(line, "the id is missing");
    else if (kind === "release") builder.release(String(id), line);
    else {
      const amount = typeof size === "number" || typeof size === "string" ? String(size) : "";
      if (kind === "acquire") builder.acquire(String(id), amount, line);
      else builder.resize(String(id), amount, line);
    }
  }
}

const POOL_TRACE_USAGE = new Map([
  ["capacity", "capacity N"],
  ["acquire", "acquire ID SIZE"],
  ["release", "release ID"],
  ["resize", "resize ID SIZE"],
]);

const MALLOC_LAB_USAGE = new Map([
  ["a", "a ID BYTES"],
  ["f", "f ID"],
  ["r", "r ID BYTES"],
]);

function refusal(message: string): TraceRejection {
  return { message, errors: [], more: 0 };
}

/** Reads a whole trace from text. */
export function readTrace(text: string, options: TraceReaderOptions): TraceResult {
  const reader = new TraceReader(options);
  reader.push(text);
  return reader.finish();
}
