import { bench, describe } from "vitest";
import { compile } from "./index.ts";

/**
 * How fast the cursor yields steps (`npx vitest bench --run src/script`).
 * The worker needs ≥ 2,000,000 steps/s for 4 KiB acquire/release pairs with
 * the pool and history on top, so the cursor alone should be far above that.
 * Each iteration takes 1,000,000 steps; steps/s = 10^6 × the reported hz.
 */
const STEPS = 1_000_000;

function drain(source: string): void {
  const cursor = compile(source).steps();
  let taken = 0;
  while (!cursor.next().done) taken++;
  if (taken !== STEPS) throw new Error(`took ${taken} steps, not ${STEPS}`);
}

describe("1,000,000 steps", () => {
  bench("named acquire/release pairs", () => {
    drain(`repeat ${STEPS / 2} { a = acquire 4KB; release a }`);
  });
  bench("unnamed acquire, release newest", () => {
    drain(`repeat ${STEPS / 2} { acquire 4KB; release newest }`);
  });
  bench("random sizes, release random among 8 held", () => {
    drain(
      `repeat 4 { acquire 1 }\nrepeat ${STEPS / 2 - 4} { acquire random 1..64KB; release random }\nrepeat 4 { release oldest }`,
    );
  });
});
