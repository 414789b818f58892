/** The op names CSV and JSON Lines traces use (SPEC §2b), case-insensitive. */
import { quoteToken } from "./builder.ts";

/** What an op does. */
export type OpKind = "acquire" | "release" | "resize";

/** Each accepted op name, lower case, and what it does. */
export const OP_NAMES: ReadonlyMap<string, OpKind> = new Map<string, OpKind>([
  ["acquire", "acquire"],
  ["malloc", "acquire"],
  ["alloc", "acquire"],
  ["release", "release"],
  ["free", "release"],
  ["resize", "resize"],
  ["realloc", "resize"],
]);

/** An unknown op, quoted, with the names that are known. */
export function quoteNames(op: string): string {
  return `${quoteToken(op)}; an op is one of ${[...OP_NAMES.keys()].join(", ")}`;
}
