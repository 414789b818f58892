/**
 * How a run error reads, in one place for the page and the CLI. Imports only
 * types, so the page can use it without loading the engine.
 */
import type { RunError } from "./types.ts";

/**
 * A run error in words, led by where it is, as SPEC §2 writes it: "line 3,
 * col 5: unknown statement …", "line 7: …" without a column, the bare reason
 * without a line. The place comes from the fields, never from the message.
 * The CLI prints it as it is; the page starts its sentence with a capital.
 */
export function formatRunError(error: Pick<RunError, "message" | "line" | "column">): string {
  if (error.line <= 0) return error.message;
  const where = error.column > 0 ? `line ${error.line}, col ${error.column}` : `line ${error.line}`;
  return `${where}: ${error.message}`;
}
