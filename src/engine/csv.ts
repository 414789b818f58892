/**
 * CSV text for the exports, written by PapaParse's `unparse` (a well-kept
 * writer that gets quoting right: buffer names may hold commas, quotes,
 * markup, line breaks or emoji). One rule for every export: a text field is
 * always quoted, a number never, an empty field is left empty; lines end in
 * CRLF (RFC 4180), the last one included, so chunks can be joined as they are.
 */
import Papa from "papaparse";

/** One CSV field: text (quoted), a number, or nothing (an empty field). */
export type CsvField = string | number | null;

/** The lines of `rows`, each ending in CRLF; "" for no rows. */
export function csvLines(rows: readonly (readonly CsvField[])[]): string {
  if (rows.length === 0) return "";
  return (
    Papa.unparse(rows as CsvField[][], {
      quotes: (value: unknown) => typeof value === "string",
      newline: CSV_NEWLINE,
    }) + CSV_NEWLINE
  );
}

/** The line ending of the exports. */
export const CSV_NEWLINE = "\r\n";
