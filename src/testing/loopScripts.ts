/**
 * Scripts full of closed loops (a `repeat` whose body acquires fixed sizes
 * into names and releases them all), for tests that check the engine's
 * round-at-a-time path against plain stepping. A script renders on one line,
 * with its loops or unrolled, so both forms give every step the same line.
 */
import fc from "fast-check";

/** A statement as generated. */
export type LoopStatement =
  | { readonly kind: "acquire"; readonly name: string | undefined; readonly size: string }
  | { readonly kind: "release"; readonly target: string }
  | {
      readonly kind: "repeat";
      /** A fixed count, or `[min, max]` for `repeat random min..max`. */
      readonly count: number | readonly [number, number];
      readonly body: readonly LoopStatement[];
    };

const NAMES = ["a", "b", "c", "d"] as const;
/** Sizes across the classes, 0 and above 1 MiB (never pooled) included. */
const SIZES = ["0", "1", "4KB", "4097", "8KB", "64KB", "1MB", "2MB"] as const;

const sizeArb = fc.constantFrom(...SIZES);

/**
 * A closed body: names acquired and released in any interleaving, a name
 * possibly used more than once (acquire, release, acquire, release).
 */
const closedBodyArb: fc.Arbitrary<LoopStatement[]> = fc
  .array(fc.tuple(fc.constantFrom(...NAMES), sizeArb), { minLength: 1, maxLength: 3 })
  .chain((uses) =>
    fc
      .shuffledSubarray(
        uses.flatMap((_, use) => [use, use]),
        { minLength: 2 * uses.length, maxLength: 2 * uses.length },
      )
      .map((order) => {
        const body: LoopStatement[] = [];
        const held = new Set<string>();
        for (const use of order) {
          const [name, size] = uses[use]!;
          if (!held.has(name)) {
            held.add(name);
            body.push({ kind: "acquire", name, size });
          } else {
            held.delete(name);
            body.push({ kind: "release", target: name });
          }
        }
        return body;
      }),
  );

/** Anything else a script may do: unnamed acquires, picks by age, a name held across rounds. */
const looseArb: fc.Arbitrary<LoopStatement> = fc.oneof(
  fc.record({
    kind: fc.constant("acquire" as const),
    name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
    size: fc.oneof(
      sizeArb,
      fc.constantFrom("random 1..64KB", "4KB:80, 64KB:15, 1MB:5", "random 1KB..2MB log"),
    ),
  }),
  fc.record({
    kind: fc.constant("release" as const),
    target: fc.constantFrom(...NAMES, "newest", "oldest", "random", "all"),
  }),
);

function blockArb(depth: number, drawnCounts: boolean): fc.Arbitrary<LoopStatement[]> {
  const fixedArb = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 5, max: 25 }));
  const countArb: fc.Arbitrary<number | readonly [number, number]> = drawnCounts
    ? fc.oneof(
        fixedArb,
        fc
          .tuple(fixedArb, fixedArb)
          .map(([x, y]): [number, number] => [Math.min(x, y), Math.max(x, y)]),
      )
    : fixedArb;
  const repeatArb = (body: fc.Arbitrary<LoopStatement[]>) =>
    fc.record({ kind: fc.constant("repeat" as const), count: countArb, body });
  const choices: fc.Arbitrary<LoopStatement[]>[] = [
    repeatArb(closedBodyArb).map((loop) => [loop]),
    looseArb.map((statement) => [statement]),
  ];
  if (depth > 0) choices.push(repeatArb(blockArb(depth - 1, drawnCounts)).map((loop) => [loop]));
  return fc.array(fc.oneof(...choices), { maxLength: 4 }).map((parts) => parts.flat());
}

/** Scripts with closed loops, loose statements and repeats around them, two deep. */
export const loopScriptArb: fc.Arbitrary<LoopStatement[]> = blockArb(2, false);

/** As {@link loopScriptArb}, with `repeat random` counts too: such scripts cannot be unrolled. */
export const drawnLoopScriptArb: fc.Arbitrary<LoopStatement[]> = blockArb(2, true);

/** The script on one line; with `unroll`, every repeat written out. */
export function renderOneLine(statements: readonly LoopStatement[], unroll = false): string {
  return statements
    .flatMap((statement): string[] => {
      switch (statement.kind) {
        case "acquire":
          return [
            `${statement.name === undefined ? "" : `${statement.name} = `}acquire ${statement.size}`,
          ];
        case "release":
          return [`release ${statement.target}`];
        case "repeat": {
          const body = renderOneLine(statement.body, unroll);
          const { count } = statement;
          const head = typeof count === "number" ? count : `random ${count[0]}..${count[1]}`;
          if (!unroll) return [`repeat ${head} { ${body} }`];
          if (typeof count !== "number") throw new Error("a drawn repeat count cannot be unrolled");
          return body === "" ? [] : Array.from({ length: count }, () => body);
        }
      }
    })
    .join("; ");
}
