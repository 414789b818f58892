/**
 * Small random scripts for property tests of whole runs: acquires of sizes
 * across every class (oversized included) into a few names or unnamed,
 * releases by name or by pick, and resizes that may grow a buffer. Each
 * script is valid by construction (a name is released only while held), so
 * it runs to its end; a loop of such steps, closed by `release all`,
 * repeats them.
 */
import fc from "fast-check";

const NAMES = ["a", "b", "c"] as const;
const SIZES = ["0", "1000", "4KB", "5000", "8KB", "70000", "1MB", "2MB"] as const;

type Action =
  | { readonly kind: "acquire"; readonly name: string | null; readonly size: string }
  | { readonly kind: "release"; readonly name: string }
  | { readonly kind: "releasePick"; readonly pick: "newest" | "oldest" | "random" }
  | { readonly kind: "resize"; readonly name: string; readonly length: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant("acquire" as const),
    name: fc.option(fc.constantFrom(...NAMES), { nil: null }),
    size: fc.constantFrom(...SIZES),
  }),
  fc.record({ kind: fc.constant("release" as const), name: fc.constantFrom(...NAMES) }),
  fc.record({
    kind: fc.constant("releasePick" as const),
    pick: fc.constantFrom("newest" as const, "oldest" as const, "random" as const),
  }),
  fc.record({
    kind: fc.constant("resize" as const),
    name: fc.constantFrom(...NAMES),
    length: fc.constantFrom(100, 9000, 200_000),
  }),
);

/** Writes actions as script lines, leaving out those that would be errors. */
function render(actions: readonly Action[]): string[] {
  const held = new Set<string>();
  let unnamed = 0;
  const lines: string[] = [];
  for (const action of actions) {
    switch (action.kind) {
      case "acquire":
        if (action.name === null) {
          unnamed++;
          lines.push(`acquire ${action.size}`);
        } else if (!held.has(action.name)) {
          held.add(action.name);
          lines.push(`${action.name} = acquire ${action.size}`);
        }
        break;
      case "release":
        if (held.delete(action.name)) lines.push(`release ${action.name}`);
        break;
      case "releasePick":
        // A pick may release a named buffer: all are released after it, so none is released twice.
        if (held.size + unnamed > 0) {
          lines.push(`release ${action.pick}`, "release all");
          held.clear();
          unnamed = 0;
        }
        break;
      case "resize":
        if (held.has(action.name)) lines.push(`resize ${action.name} ${action.length}`);
        break;
    }
  }
  return lines;
}

/** A valid script of a few dozen steps, with a seed. */
export const poolScriptArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(actionArb, { maxLength: 40 }),
    fc.array(actionArb, { maxLength: 8 }),
    fc.integer({ min: 0, max: 6 }),
    fc.array(actionArb, { maxLength: 20 }),
    fc.integer({ min: 1, max: 1000 }),
  )
  .map(([before, loop, times, after, seed]) =>
    [
      `seed ${seed}`,
      ...render(before),
      "release all",
      `repeat ${times} {`,
      ...render(loop),
      "release all",
      "}",
      ...render(after),
    ].join("\n"),
  );
