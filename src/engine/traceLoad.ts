/**
 * Reading a trace file for playback: the file streams through a
 * {@link TraceReader} chunk by chunk, with progress reported at most about
 * ten times a second, and can be cancelled between chunks. Blob streams and
 * TextDecoder are the same in a worker and in Node, so tests drive it as is.
 */
import { TraceReader, type Trace, type TraceResult } from "../workload/index.ts";
import type { TraceInfo } from "./types.ts";

/** Progress is reported at most this often. */
export const PROGRESS_EVERY_MS = 100;

/** What a load needs from its host. */
export interface TraceLoadHost {
  now(): number;
  /** How far the file has been read. */
  progress(bytesRead: number, totalBytes: number): void;
}

/** One trace file being read. */
export class TraceLoad {
  private cancelled = false;
  /** Settles with the trace or why it was refused; null when cancelled. */
  readonly done: Promise<TraceResult | null>;

  constructor(
    readonly name: string,
    source: Blob | string,
    private readonly host: TraceLoadHost,
  ) {
    this.done = this.read(typeof source === "string" ? new Blob([source]) : source);
  }

  /** Stops reading at the next chunk; `done` then settles with null. */
  cancel(): void {
    this.cancelled = true;
  }

  private async read(blob: Blob): Promise<TraceResult | null> {
    const totalBytes = blob.size;
    const reader = new TraceReader({ name: this.name, totalBytes });
    if (reader.rejected) return reader.finish();
    const chunks = blob.stream().getReader();
    const decoder = new TextDecoder();
    let bytesRead = 0;
    let lastProgress = this.host.now();
    this.host.progress(0, totalBytes);
    for (;;) {
      const { done, value } = await chunks.read();
      if (this.cancelled) {
        await chunks.cancel();
        return null;
      }
      if (done) break;
      bytesRead += value.byteLength;
      reader.push(decoder.decode(value, { stream: true }));
      if (reader.rejected) {
        await chunks.cancel();
        return reader.finish();
      }
      const now = this.host.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        this.host.progress(bytesRead, totalBytes);
      }
    }
    reader.push(decoder.decode());
    this.host.progress(bytesRead, totalBytes);
    return reader.finish();
  }
}

/** What the page shows of a loaded trace. */
export function traceInfo(trace: Trace): TraceInfo {
  return {
    name: trace.name,
    format: trace.format,
    events: trace.events,
    capacity: trace.capacity,
  };
}
