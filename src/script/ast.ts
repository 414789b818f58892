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
  /** Where the statement's first word is. */
  readonly start: Pos;
  /** Buffers kept per size class, 0…`LIMITS.maxCapacity`. */
  readonly value: number;
}

/** `seed N`: seeds `random`; only before the first pool operation. */
export interface SeedStatement {
  readonly kind: "seed";
  /** Where the statement's first word is. */
  readonly start: Pos;
  /** The PRNG's starting state, a uint32. */
  readonly value: number;
}

/**
 * The size an acquire asks for: a fixed number of bytes, one drawn from an
 * inclusive range (uniformly, or log-uniformly), or one of a list of sizes
 * drawn by weight.
 */
export type SizeSpec =
  | {
      readonly kind: "fixed";
      /** The size in bytes. */
      readonly bytes: number;
    }
  | {
      /** `random MIN..MAX`: every size in the range equally likely. */
      readonly kind: "random";
      /** The smallest size that may be drawn, in bytes. */
      readonly min: number;
      /** The largest size that may be drawn, in bytes (≥ min). */
      readonly max: number;
    }
  | {
      /**
       * `random MIN..MAX log`: a size's chance is in inverse proportion to the
       * power of two at or below it, so each whole octave [2^k, 2^(k+1)) in
       * the range is equally likely, sizes inside an octave are equally
       * likely, and an octave the range only partly covers gets its share in
       * proportion to the part covered (see `draws.ts`).
       */
      readonly kind: "logRandom";
      /** The smallest size that may be drawn, in bytes (≥ 1). */
      readonly min: number;
      /** The largest size that may be drawn, in bytes (≥ min). */
      readonly max: number;
    }
  | {
      /** `SIZE:WEIGHT, SIZE:WEIGHT, …`: each size drawn with chance weight / total. */
      readonly kind: "weighted";
      /** The sizes in the order written; at least one weight is positive. */
      readonly choices: readonly WeightedSize[];
    };

/** One size of a weighted choice. */
export interface WeightedSize {
  /** The size in bytes. */
  readonly bytes: number;
  /** A whole number ≥ 0; the size is drawn weight / (sum of weights) of the time. */
  readonly weight: number;
}

/** `name = acquire SIZE` or `acquire SIZE` (then `name` is undefined and the buffer is `#k`). */
export interface AcquireStatement {
  readonly kind: "acquire";
  /** Where the statement's first word (the name, if any) is. */
  readonly start: Pos;
  /** The buffer's name, or undefined for an unnamed acquire. */
  readonly name: string | undefined;
  /** How many bytes to ask the pool for. */
  readonly size: SizeSpec;
}

/** The buffer-picking words `release` accepts besides a name. */
export type ReleasePick = "newest" | "oldest" | "random" | "all";

/** What `release` lets go of: a named buffer, or held buffers picked by a word. */
export type ReleaseTarget =
  | {
      readonly kind: "name";
      /** The named buffer to release. */
      readonly name: string;
    }
  | {
      readonly kind: "pick";
      /** Which held buffers to release. */
      readonly pick: ReleasePick;
    };

/** `release NAME|newest|oldest|random|all`. */
export interface ReleaseStatement {
  readonly kind: "release";
  /** Where the statement's first word is. */
  readonly start: Pos;
  /** What to release. */
  readonly target: ReleaseTarget;
}

/** `resize NAME LEN`: `PooledBuffer.resize(LEN, 0)`. */
export interface ResizeStatement {
  readonly kind: "resize";
  /** Where the statement's first word is. */
  readonly start: Pos;
  /** The named buffer to resize. */
  readonly name: string;
  /** The new length in bytes. */
  readonly length: number;
}

/** How many times a repeat runs its body: a fixed count, or one drawn each time the loop is entered. */
export type RepeatCount =
  | {
      readonly kind: "fixed";
      /** 0…`LIMITS.maxRepeatCount`. */
      readonly value: number;
    }
  | {
      /** `random MIN..MAX`: every count in the range equally likely. */
      readonly kind: "random";
      /** The smallest count drawn, 0…`LIMITS.maxRepeatCount`. */
      readonly min: number;
      /** The largest count drawn (≥ min). */
      readonly max: number;
    };

/** `repeat N { … }` or `repeat random MIN..MAX { … }`: runs the body N times (0 allowed). */
export interface RepeatStatement {
  readonly kind: "repeat";
  /** Where the statement's first word is. */
  readonly start: Pos;
  /** How many times the body runs. */
  readonly count: RepeatCount;
  /** The statements between `{` and `}`. */
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
