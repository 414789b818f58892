/** A place in the script text. */
export interface Pos {
  /** 0-based offset in UTF-16 code units. */
  readonly offset: number;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
}

/** A parsed script: its statements in order, comments dropped. */
export interface Script {
  readonly statements: readonly Statement[];
}

/** One statement of a script. */
export type Statement =
  | CapacityStatement
  | SeedStatement
  | AcquireStatement
  | ReleaseStatement
  | ResizeStatement
  | RepeatStatement;

/** `capacity N`: buffers kept per size class; only before the first pool operation. */
export interface CapacityStatement {
  readonly kind: "capacity";
  readonly start: Pos;
  readonly value: number;
}

/** `seed N`: seeds `random`; only before the first pool operation. */
export interface SeedStatement {
  readonly kind: "seed";
  readonly start: Pos;
  readonly value: number;
}

/** The size an acquire asks for: a fixed number of bytes, or one drawn from an inclusive range. */
export type SizeSpec =
  | { readonly kind: "fixed"; readonly bytes: number }
  | { readonly kind: "random"; readonly min: number; readonly max: number };

/** `name = acquire SIZE` or `acquire SIZE` (then `name` is undefined and the buffer is `#k`). */
export interface AcquireStatement {
  readonly kind: "acquire";
  readonly start: Pos;
  readonly name: string | undefined;
  readonly size: SizeSpec;
}

/** The buffer-picking words `release` accepts besides a name. */
export type ReleasePick = "newest" | "oldest" | "random" | "all";

/** What `release` lets go of: a named buffer, or held buffers picked by a word. */
export type ReleaseTarget =
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "pick"; readonly pick: ReleasePick };

/** `release NAME|newest|oldest|random|all`. */
export interface ReleaseStatement {
  readonly kind: "release";
  readonly start: Pos;
  readonly target: ReleaseTarget;
}

/** `resize NAME LEN`: `PooledBuffer.resize(LEN, 0)`. */
export interface ResizeStatement {
  readonly kind: "resize";
  readonly start: Pos;
  readonly name: string;
  readonly length: number;
}

/** `repeat N { … }`: runs the body N times (0 allowed). */
export interface RepeatStatement {
  readonly kind: "repeat";
  readonly start: Pos;
  readonly count: number;
  readonly body: readonly Statement[];
}

/** The words `release` picks buffers with, in the order messages list them. */
export const RELEASE_PICKS: readonly ReleasePick[] = ["newest", "oldest", "random", "all"];

/** Words that start a statement. */
export const STATEMENT_KEYWORDS = [
  "acquire",
  "release",
  "resize",
  "repeat",
  "capacity",
  "seed",
] as const;

/** Words that cannot name a buffer, so `release newest` and friends stay unambiguous. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set<string>([
  ...STATEMENT_KEYWORDS,
  ...RELEASE_PICKS,
]);
