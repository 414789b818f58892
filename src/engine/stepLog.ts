/** Steps a {@link StepLog} chunk holds: step s is byte (s - 1) & 0xffff of chunk (s - 1) >>> 16. */
export const LOG_CHUNK_STEPS = 1 << 16;

/** The longest period a full chunk is searched for: a closed loop's round, most often. */
const MAX_PERIOD = 1024;

/**
 * One byte per step, in chunks of {@link LOG_CHUNK_STEPS}. A full chunk whose
 * bytes repeat with a short period, as a loop's do once the pool settles, is
 * kept as one period, so a long run costs memory only where it does something new.
 */
export class StepLog {
  /** Each a full chunk (LOG_CHUNK_STEPS bytes), or one period of a periodic one (fewer). */
  private readonly chunks: Uint8Array[] = [];

  /** The byte of `step`, or 0 if none was recorded. */
  get(step: number): number {
    const chunk = this.chunks[(step - 1) >>> 16];
    return chunk === undefined ? 0 : chunk[((step - 1) & 0xffff) % chunk.length]!;
  }

  set(step: number, code: number): void {
    this.chunkOf(step)[(step - 1) & 0xffff] = code;
  }

  /**
   * The whole chunk holding `step`, to read or write at byte (step - 1) & 0xffff:
   * made if it is not there yet (the one before is then complete, and kept as
   * one period if it has a short one), and written out in full if it was kept so.
   */
  chunkOf(step: number): Uint8Array {
    const index = (step - 1) >>> 16;
    let chunk = this.chunks[index];
    if (chunk === undefined) {
      const previous = this.chunks[index - 1];
      if (previous?.length === LOG_CHUNK_STEPS) this.chunks[index - 1] = shortest(previous);
      chunk = new Uint8Array(LOG_CHUNK_STEPS);
      this.chunks[index] = chunk;
    } else if (chunk.length < LOG_CHUNK_STEPS) {
      const period = chunk;
      chunk = new Uint8Array(LOG_CHUNK_STEPS);
      for (let at = 0; at < LOG_CHUNK_STEPS; at += period.length)
        chunk.set(period.subarray(0, LOG_CHUNK_STEPS - at), at);
      this.chunks[index] = chunk;
    }
    return chunk;
  }

  /** Forgets everything after `step`. */
  truncate(step: number): void {
    this.chunks.length = Math.ceil(step / LOG_CHUNK_STEPS);
  }

  /** Bytes held, for the memory benchmark. */
  get byteLength(): number {
    return this.chunks.reduce((bytes, chunk) => bytes + chunk.length, 0);
  }
}

/** One period of `chunk` if it repeats with a period of at most MAX_PERIOD bytes, else `chunk`. */
function shortest(chunk: Uint8Array): Uint8Array {
  const words = new Int32Array(chunk.buffer, chunk.byteOffset, LOG_CHUNK_STEPS / 4);
  for (let period = 1; period <= MAX_PERIOD; period++) {
    if (!repeats(chunk, period, 4 * period)) continue;
    // A p-periodic chunk is 4p-periodic too, which whole 4-byte words can check.
    if (repeats(words, period, words.length)) return chunk.slice(0, period);
  }
  return chunk;
}

/** Whether `values[i] === values[i - period]` for every i below `end`. */
function repeats(values: Uint8Array | Int32Array, period: number, end: number): boolean {
  for (let i = period; i < end; i++) if (values[i] !== values[i - period]) return false;
  return true;
}
