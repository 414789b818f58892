import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  RELEASE_PICKS,
  STATEMENT_KEYWORDS,
  type ReleaseTarget,
  type RepeatCount,
  type SizeSpec,
  type Statement,
} from "./ast.ts";
import {
  compile,
  DEFAULT_SEED,
  format,
  parse,
  ScriptError,
  StepBatch,
  StepKind,
  type Program,
  type Script,
  type StepCursor,
} from "./index.ts";
import { LIMITS } from "./limits.ts";
import { Mulberry32 } from "./prng.ts";
import { cursorLines, stepLine } from "./stepLines.ts";

/** A statement as generated: the AST without positions. */
type Bare =
  | { kind: "capacity"; value: number }
  | { kind: "seed"; value: number }
  | { kind: "acquire"; name: string | undefined; size: SizeSpec }
  | { kind: "release"; target: ReleaseTarget }
  | { kind: "resize"; name: string; length: number }
  | { kind: "repeat"; count: RepeatCount; body: Bare[] };

const KiB = 1024;
const MiB = 1024 * 1024;
const STEP_LIMIT = 400;

const nameArb = fc.constantFrom("a", "b", "c", "h12", "buf_2", "_x", "Big");
const sizeArb = fc.oneof(
  fc.constantFrom(0, 1, 4096, 4097, 65536, MiB, MiB + 1, 2 ** 31),
  fc.integer({ min: 0, max: 5000 }),
  fc.integer({ min: 0, max: 2048 }).map((k) => k * KiB),
  fc.integer({ min: 0, max: 2 ** 31 }),
);
// Up to four choices of at most a quarter of the limit each: the total never exceeds it.
const weightArb = fc.oneof(
  fc.integer({ min: 0, max: 100 }),
  fc.integer({ min: 0, max: LIMITS.maxWeightTotal / 4 }),
);
const sizeSpecArb: fc.Arbitrary<SizeSpec> = fc.oneof(
  sizeArb.map((bytes) => ({ kind: "fixed" as const, bytes })),
  fc
    .tuple(sizeArb, sizeArb)
    .map(([x, y]) => ({ kind: "random" as const, min: Math.min(x, y), max: Math.max(x, y) })),
  fc.tuple(sizeArb, sizeArb).map(([x, y]) => ({
    kind: "logRandom" as const,
    min: Math.max(1, Math.min(x, y)),
    max: Math.max(1, x, y),
  })),
  fc
    .array(fc.record({ bytes: sizeArb, weight: weightArb }), { minLength: 1, maxLength: 4 })
    .filter((choices) => choices.some((choice) => choice.weight > 0))
    .map((choices) => ({ kind: "weighted" as const, choices })),
);
const leafArb: fc.Arbitrary<Bare> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("acquire"),
      name: fc.option(nameArb, { nil: undefined }),
      size: sizeSpecArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("release"),
      target: fc.oneof(
        nameArb.map((name): ReleaseTarget => ({ kind: "name", name })),
        fc.constantFrom(...RELEASE_PICKS).map((pick): ReleaseTarget => ({ kind: "pick", pick })),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("resize"), name: nameArb, length: sizeArb }),
  },
);

/** Valid scripts as bare ASTs: optional settings first, then pool operations and repeats up to 3 deep. */
function scriptArb(maxCount: number): fc.Arbitrary<Bare[]> {
  const valueArb = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: maxCount }));
  const countArb: fc.Arbitrary<RepeatCount> = fc.oneof(
    { weight: 2, arbitrary: valueArb.map((value) => ({ kind: "fixed" as const, value })) },
    {
      weight: 1,
      arbitrary: fc.tuple(valueArb, valueArb).map(([x, y]) => ({
        kind: "random" as const,
        min: Math.min(x, y),
        max: Math.max(x, y),
      })),
    },
  );
  const blockArb = (depth: number): fc.Arbitrary<Bare[]> =>
    fc.array(
      depth === 0
        ? leafArb
        : fc.oneof(
            { weight: 4, arbitrary: leafArb },
            {
              weight: 1,
              arbitrary: fc.record({
                kind: fc.constant("repeat"),
                count: countArb,
                body: blockArb(depth - 1),
              }),
            },
          ),
      { maxLength: 5 },
    );
  const settingsArb = fc.tuple(
    fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
    fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { nil: undefined }),
    fc.boolean(),
  );
  return fc.tuple(settingsArb, blockArb(3)).map(([[capacity, seed, seedFirst], body]) => {
    const settings: Bare[] = [];
    if (capacity !== undefined) settings.push({ kind: "capacity", value: capacity });
    if (seed !== undefined) settings[seedFirst ? "unshift" : "push"]({ kind: "seed", value: seed });
    return [...settings, ...body];
  });
}

/** Removes positions, so a parsed AST compares with a generated one. */
function bare(statements: readonly Statement[]): Bare[] {
  return statements.map((statement): Bare => {
    const { start: _start, ...rest } = statement;
    return rest.kind === "repeat" ? { ...rest, body: bare(rest.body) } : (rest as Bare);
  });
}

/**
 * Writes a bare AST the way people do: units spelled every way, `_` in
 * numbers, `;` or line ends between statements, comments, odd spacing. The
 * choices come from `style`, so a failing case shrinks and replays.
 */
function render(statements: readonly Bare[], style: number): string {
  const rng = new Mulberry32(style);
  const pick = <T>(...options: T[]): T => options[rng.below(options.length)]!;
  const digits = (n: number) =>
    n >= 1000 && rng.below(3) === 0 ? String(n).replace(/\B(?=(\d{3})+$)/g, "_") : String(n);
  const size = (bytes: number): string => {
    const spellings = [digits(bytes), `${digits(bytes)}${pick("B", "b")}`];
    if (bytes > 0 && bytes % KiB === 0) {
      spellings.push(digits(bytes / KiB) + pick("K", "KB", "KiB", "kb", "kIb"));
    }
    if (bytes > 0 && bytes % MiB === 0) {
      spellings.push(digits(bytes / MiB) + pick("M", "MB", "MiB", "mb", "Mib"));
    }
    return pick(...spellings);
  };
  const blank = () => pick(" ", " ", "  ", "\t");
  const end = () => pick("\n", "\n", ";", " ; ", "\n\n", " # note\n", "# x;y\n", ";\n");
  const block = (body: readonly Bare[], indent: string): string =>
    body.map((statement) => indent + one(statement, indent) + end()).join("");
  const one = (statement: Bare, indent: string): string => {
    switch (statement.kind) {
      case "capacity":
      case "seed":
        return `${statement.kind}${blank()}${digits(statement.value)}`;
      case "acquire": {
        const { size: spec } = statement;
        const what =
          spec.kind === "fixed"
            ? size(spec.bytes)
            : spec.kind === "weighted"
              ? spec.choices
                  .map(({ bytes, weight }) => `${size(bytes)}:${digits(weight)}`)
                  .join(pick(",", ", ", " , ", ",\t"))
              : `random${blank()}${size(spec.min)}..${size(spec.max)}${spec.kind === "logRandom" ? `${blank()}log` : ""}`;
        const acquire = `acquire${blank()}${what}`;
        return statement.name === undefined
          ? acquire
          : `${statement.name}${pick("", " ", "\t")}=${pick("", " ")}${acquire}`;
      }
      case "release": {
        const { target } = statement;
        return `release${blank()}${target.kind === "name" ? target.name : target.pick}`;
      }
      case "resize":
        return `resize${blank()}${statement.name}${blank()}${size(statement.length)}`;
      case "repeat": {
        const { count } = statement;
        const times =
          count.kind === "fixed"
            ? digits(count.value)
            : `random${blank()}${digits(count.min)}..${digits(count.max)}`;
        const open = `repeat${blank()}${times}${blank()}{${pick(" ", "\n", " # body\n")}`;
        return `${open}${block(statement.body, `${indent}  `)}${indent}}`;
      }
    }
  };
  return pick("", "# a script\n", "\n") + block(statements, "");
}

/** Steps of a compiled script, or its compile error, as lines. */
function runLines(source: string, stepLimit = STEP_LIMIT): string[] {
  return cursorLines(compile(source).steps(), stepLimit);
}

/**
 * The language's meaning written as plainly as possible: a recursive walk
 * over the AST with held buffers in an array. The cursor must agree with it
 * step for step, errors (line and column) included.
 */
function* reference(script: Script): Generator<string, void, undefined> {
  let seed = DEFAULT_SEED;
  for (const statement of script.statements) if (statement.kind === "seed") seed = statement.value;
  const rng = new Mulberry32(seed);
  const held: string[] = [];
  let unnamed = 0;
  const error = (statement: Statement) => `error ${statement.start.line}:${statement.start.column}`;
  function* run(statements: readonly Statement[]): Generator<string, boolean, undefined> {
    for (const statement of statements) {
      const at = `@${statement.start.line}`;
      switch (statement.kind) {
        case "acquire": {
          if (statement.name !== undefined && held.includes(statement.name)) {
            yield error(statement);
            return false;
          }
          const bytes = referenceSize(statement.size, rng);
          const name = statement.name ?? `#${++unnamed}`;
          held.push(name);
          yield `acquire ${name} ${bytes} ${at}`;
          break;
        }
        case "release": {
          const { target } = statement;
          if (target.kind === "pick" && target.pick === "all") {
            while (held.length > 0) yield `release ${held.shift()!} ${at}`;
            break;
          }
          const index =
            target.kind === "name"
              ? held.indexOf(target.name)
              : held.length === 0
                ? -1
                : target.pick === "newest"
                  ? held.length - 1
                  : target.pick === "oldest"
                    ? 0
                    : rng.below(held.length);
          if (index < 0) {
            yield error(statement);
            return false;
          }
          yield `release ${held.splice(index, 1)[0]!} ${at}`;
          break;
        }
        case "resize":
          if (!held.includes(statement.name)) {
            yield error(statement);
            return false;
          }
          yield `resize ${statement.name} ${statement.length} ${at}`;
          break;
        case "repeat": {
          const { count, body } = statement;
          let rounds = count.kind === "fixed" ? count.value : count.min;
          if (count.kind === "random" && count.max > count.min) {
            rounds += rng.below(count.max - count.min + 1);
          }
          // A body that can only `release all` runs once: the second round would change nothing.
          if (!stepsOtherThanReleaseAll(body)) rounds = Math.min(rounds, 1);
          for (let round = 0; round < rounds; round++) {
            if (!(yield* run(body))) return false;
          }
          break;
        }
      }
    }
    return true;
  }
  yield* run(script.statements);
}

/**
 * The reference's size for an acquire, walking the choices one by one: a
 * weighted choice draws below the total weight; a log-uniform range gives
 * each size in octave k (of K, the top one) the weight 2^(K−k).
 */
function referenceSize(size: SizeSpec, rng: Mulberry32): number {
  switch (size.kind) {
    case "fixed":
      return size.bytes;
    case "random":
      return size.min + rng.below(size.max - size.min + 1);
    case "weighted": {
      const total = size.choices.reduce((sum, choice) => sum + choice.weight, 0);
      let r = rng.below(total);
      for (const { bytes, weight } of size.choices) {
        if (r < weight) return bytes;
        r -= weight;
      }
      throw new Error("unreachable: r is below the total");
    }
    case "logRandom": {
      const octaveOf = (n: number) => Math.floor(Math.log2(n));
      const top = octaveOf(size.max);
      const octaves: { low: number; count: number; weight: number }[] = [];
      for (let k = octaveOf(size.min); k <= top; k++) {
        const low = Math.max(size.min, 2 ** k);
        const high = Math.min(size.max, 2 ** (k + 1) - 1);
        octaves.push({ low, count: high - low + 1, weight: 2 ** (top - k) });
      }
      let r = rng.below(octaves.reduce((sum, o) => sum + o.count * o.weight, 0));
      for (const { low, count, weight } of octaves) {
        if (r < count * weight) return low + Math.floor(r / weight);
        r -= count * weight;
      }
      throw new Error("unreachable: r is below the total");
    }
  }
}

/** Whether a round of these statements may take a step other than a `release all`'s. */
function stepsOtherThanReleaseAll(statements: readonly Statement[]): boolean {
  return statements.some((statement) => {
    switch (statement.kind) {
      case "acquire":
      case "resize":
        return true;
      case "release":
        return statement.target.kind === "name" || statement.target.pick !== "all";
      case "repeat":
        return statement.count.kind === "fixed"
          ? statement.count.value > 0 && stepsOtherThanReleaseAll(statement.body)
          : statement.count.max > 0 && stepsOtherThanReleaseAll(statement.body);
      default:
        return false;
    }
  });
}

/** An error line cut to its place, as the reference writes it. */
function errorPlace(line: string): string {
  return line.replace(/^(error \d+:\d+) .*/, "$1");
}

function take(lines: Iterator<string>, limit: number): string[] {
  const taken: string[] = [];
  for (let result = lines.next(); !result.done; result = lines.next()) {
    if (taken.length === limit) return [...taken, "..."];
    taken.push(result.value);
  }
  return taken;
}

describe("generated scripts", () => {
  it("parse to the AST they were written from, however they are spelled", () => {
    fc.assert(
      fc.property(scriptArb(1_000_000_000), fc.integer(), (statements, style) => {
        expect(bare(parse(render(statements, style)).statements)).toEqual(statements);
      }),
    );
  });

  it("survive format → parse unchanged, and format is stable", () => {
    fc.assert(
      fc.property(scriptArb(1_000_000_000), fc.integer(), (statements, style) => {
        const parsed = parse(render(statements, style));
        const tidy = format(parsed);
        expect(bare(parse(tidy).statements)).toEqual(bare(parsed.statements));
        expect(format(tidy)).toBe(tidy);
      }),
    );
  });

  it("run the same steps after format (lines aside)", () => {
    const withoutPlace = (line: string) => line.replace(/ @\d+$/, "").replace(/^(error) .*/, "$1");
    fc.assert(
      fc.property(scriptArb(1_000_000_000), fc.integer(), (statements, style) => {
        const source = render(statements, style);
        expect(runLines(format(source)).map(withoutPlace)).toEqual(
          runLines(source).map(withoutPlace),
        );
      }),
    );
  });

  it("step exactly as a plain recursive interpreter says, errors included", () => {
    fc.assert(
      fc.property(scriptArb(40), fc.integer(), (statements, style) => {
        const source = render(statements, style);
        expect(runLines(source).map(errorPlace)).toEqual(
          take(reference(parse(source)), STEP_LIMIT),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("hold and release many buffers in the order the reference does", () => {
    // Hundreds of held buffers, named ones among them, so the held list grows,
    // squeezes out its holes and still finds every name.
    const phaseArb = fc.oneof(
      fc.integer({ min: 1, max: 100 }).map((n) => ({ kind: "acquire" as const, n })),
      fc.constant({ kind: "name" as const }),
      fc.nat().map((which) => ({ kind: "release" as const, which })),
      fc
        .tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom(...RELEASE_PICKS))
        .map(([n, pick]) => ({ kind: "pick" as const, n, pick })),
    );
    fc.assert(
      fc.property(fc.nat(), fc.array(phaseArb, { maxLength: 16 }), (seed, phases) => {
        let named = 0;
        const lines = phases.map((phase) => {
          switch (phase.kind) {
            case "acquire":
              return `repeat ${phase.n} { acquire 1; acquire 2 }`;
            case "name":
              return `n${named++} = acquire 3`;
            case "release":
              return named === 0 ? "" : `release n${phase.which % named}`;
            case "pick":
              return `repeat ${phase.n} { release ${phase.pick} }`;
          }
        });
        const source = [`seed ${seed}`, ...lines].join("\n");
        expect(runLines(source, 5000).map(errorPlace)).toEqual(
          take(reference(parse(source)), 5000),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe("a saved cursor", () => {
  it("resumes with exactly the steps the original would have taken", () => {
    fc.assert(
      fc.property(scriptArb(40), fc.integer(), fc.nat({ max: 60 }), (statements, style, k) => {
        const program = compile(render(statements, style));
        const whole = cursorLines(program.steps(), STEP_LIMIT);
        const cursor = program.cursor();
        let taken = 0;
        try {
          while (taken < k && !cursor.next().done) taken++;
        } catch (error) {
          if (!(error instanceof ScriptError)) throw error;
        }
        const state = structuredClone(cursor.save());
        const resumed = program.cursor(state);
        expect(resumed.held()).toEqual(cursor.held());
        expect(resumed.save()).toEqual(state);
        expect(cursorLines(resumed, STEP_LIMIT - taken)).toEqual(whole.slice(taken));
      }),
      { numRuns: 300 },
    );
  });

  it("is refused by a program it does not belong to", () => {
    const saved = compile("repeat 2 { a = acquire 1; release a }").cursor();
    saved.next();
    expect(() => compile("acquire 1").cursor(saved.save())).toThrow(RangeError);
  });
});

/**
 * Up to `stepLimit` steps taken with `fill` in batches of the given sizes (in
 * turn), as lines written like {@link cursorLines}, names from `bufferName`.
 */
/** The first `count` steps in `batch`, written as {@link stepLine} writes steps. */
function batchStepLines(program: Program, batch: StepBatch, count: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    const name = program.bufferName(batch.buffers[k]!);
    const line = batch.lines[k]!;
    const amount = batch.amounts[k]!;
    return batch.kinds[k] === StepKind.Acquire
      ? `acquire ${name} ${amount} @${line}`
      : batch.kinds[k] === StepKind.Release
        ? `release ${name} @${line}`
        : `resize ${name} ${amount} @${line}`;
  });
}

function batchLines(
  program: Program,
  cursor: StepCursor,
  stepLimit: number,
  sizes: readonly number[],
): string[] {
  const batch = new StepBatch(Math.max(...sizes));
  const lines: string[] = [];
  try {
    for (let turn = 0; ; turn++) {
      const count = cursor.fill(batch, sizes[turn % sizes.length]);
      if (count === 0) return lines;
      for (const line of batchStepLines(program, batch, count)) {
        if (lines.length === stepLimit) return [...lines, "..."];
        lines.push(line);
      }
    }
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    return [...lines, `error ${error.line}:${error.column} ${error.reason}`];
  }
}

describe("a cursor's fill", () => {
  const batchSizesArb = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 });

  it("writes exactly the steps next() gives, and stops before the same error", () => {
    fc.assert(
      fc.property(scriptArb(40), fc.integer(), batchSizesArb, (statements, style, sizes) => {
        const program = compile(render(statements, style));
        expect(batchLines(program, program.cursor(), STEP_LIMIT, sizes)).toEqual(
          cursorLines(program.steps(), STEP_LIMIT),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("mixes with next() and save/resume on one cursor", () => {
    fc.assert(
      fc.property(
        scriptArb(40),
        fc.integer(),
        batchSizesArb,
        fc.nat({ max: 60 }),
        (statements, style, sizes, k) => {
          const program = compile(render(statements, style));
          const whole = cursorLines(program.steps(), STEP_LIMIT);
          const cursor = program.cursor();
          const batch = new StepBatch(k + 1);
          let taken = 0;
          try {
            taken = cursor.fill(batch, k);
          } catch (error) {
            if (!(error instanceof ScriptError)) throw error;
          }
          const resumed = program.cursor(structuredClone(cursor.save()));
          expect(resumed.held()).toEqual(cursor.held());
          expect(batchLines(program, resumed, STEP_LIMIT - taken, sizes)).toEqual(
            whole.slice(taken),
          );
          expect(cursorLines(cursor, STEP_LIMIT - taken)).toEqual(whole.slice(taken));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("names buffers by id both ways", () => {
    const program = compile("a = acquire 1; acquire 2; b = acquire 3; acquire 4");
    const batch = new StepBatch(8);
    expect(program.cursor().fill(batch)).toBe(4);
    expect(Array.from(batch.buffers.subarray(0, 4)).map((id) => program.bufferName(id))).toEqual([
      "a",
      "#1",
      "b",
      "#2",
    ]);
    for (const name of ["a", "b", "#1", "#2", "#300"]) {
      expect(program.bufferName(program.bufferId(name))).toBe(name);
    }
    for (const name of ["c", "#0", "#01", "#", "@1", "#1e3"])
      expect(program.bufferId(name)).toBe(-1);
  });
});

describe("a cursor's handles", () => {
  /**
   * Takes every step (up to a limit) with fill, resuming from a saved state
   * after each batch, and checks that a buffer keeps one handle while held,
   * that no two held buffers share one, and that handles stay below the most
   * buffers held at once.
   */
  it("give each held buffer its own small number, kept across save and resume", () => {
    fc.assert(
      fc.property(
        scriptArb(40),
        fc.integer(),
        fc.integer({ min: 1, max: 9 }),
        (statements, style, size) => {
          const program = compile(render(statements, style));
          const batch = new StepBatch(size);
          let cursor = program.cursor();
          const handleOf = new Map<number, number>();
          let mostHeld = 0;
          let taken = 0;
          try {
            while (taken < STEP_LIMIT) {
              const count = cursor.fill(batch, size);
              if (count === 0) break;
              for (let k = 0; k < count; k++) {
                const id = batch.buffers[k]!;
                const handle = batch.handles[k]!;
                if (batch.kinds[k] === StepKind.Acquire) {
                  expect([...handleOf.values()]).not.toContain(handle);
                  handleOf.set(id, handle);
                  mostHeld = Math.max(mostHeld, handleOf.size);
                  expect(handle).toBeLessThan(mostHeld);
                } else {
                  expect(handleOf.get(id)).toBe(handle);
                  if (batch.kinds[k] === StepKind.Release) handleOf.delete(id);
                }
              }
              taken += count;
              cursor = program.cursor(structuredClone(cursor.save()));
            }
          } catch (error) {
            if (!(error instanceof ScriptError)) throw error;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Pieces of script, good and bad, for building text that is nearly a script. */
const FRAGMENTS = [
  ...STATEMENT_KEYWORDS,
  ...RELEASE_PICKS,
  "a",
  "b",
  " = ",
  "{",
  "}",
  ";",
  "\n",
  "#",
  "..",
  "4KB",
  "1_0",
  "-",
  "_",
  "0x",
  "9",
  "99999999999999999999",
  " ",
  "\t",
  "é",
  "🙂",
  "\r",
  ".",
  "0",
  "1MiB",
  "2048MB",
  "\u00a0",
  ":",
  ",",
  ":80, ",
  " log",
  "random 1..8",
];

function mustOnlyThrowScriptErrors(source: string): void {
  try {
    const cursor = compile(source).steps();
    for (let n = 0; n < 500 && !cursor.next().done; n++);
  } catch (error) {
    expect(error).toBeInstanceOf(ScriptError);
    const { line, column } = error as ScriptError;
    expect(line).toBeGreaterThanOrEqual(1);
    expect(column).toBeGreaterThanOrEqual(1);
  }
}

describe("any text", () => {
  it("is either a program or a ScriptError, never another exception", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 200 }),
          fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join("")),
        ),
        mustOnlyThrowScriptErrors,
      ),
      { numRuns: 1000 },
    );
  });

  it("made by mutating a valid script is either a program or a ScriptError", () => {
    const editArb = fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.constantFrom(...FRAGMENTS, ""));
    fc.assert(
      fc.property(
        scriptArb(1_000_000_000),
        fc.integer(),
        fc.array(editArb, { minLength: 1, maxLength: 5 }),
        (statements, style, edits) => {
          let source = render(statements, style);
          for (const [at, cut, text] of edits) {
            const position = at % (source.length + 1);
            source = source.slice(0, position) + text + source.slice(position + cut);
          }
          mustOnlyThrowScriptErrors(source);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("stepLine", () => {
  it("writes each kind of step on one line", () => {
    expect([
      stepLine({ kind: "acquire", name: "a", size: 4096, line: 1 }),
      stepLine({ kind: "release", name: "#1", line: 2 }),
      stepLine({ kind: "resize", name: "a", length: 0, line: 3 }),
    ]).toEqual(["acquire a 4096 @1", "release #1 @2", "resize a 0 @3"]);
  });
});
