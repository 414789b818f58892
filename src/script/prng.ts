/**
 * mulberry32: a tiny seeded generator on uint32 arithmetic, so `random` gives
 * the same numbers on every machine and engine. Its whole state is one uint32,
 * which is what a saved cursor keeps.
 */
/** Counts below this have their inverse in a table ({@link inverseOf}): a held buffer's rank, a small range. */
const TABLED = 256;
const INVERSES = Float64Array.from({ length: TABLED }, (_, n) => 1 / n);

/** 1 / n, for {@link Mulberry32.below}: from a table for small n, so no division. */
export function inverseOf(n: number): number {
  return n < TABLED ? INVERSES[n]! : 1 / n;
}

/**
 * x mod n for whole 0 ≤ x < 2^32 and 1 ≤ n ≤ 2^32, given `inverse` = 1 / n
 * as a double: exact, with a multiplication where `x % n` would divide
 * (several times slower; on doubles `%` even calls fmod), and a random
 * workload draws once a step or more.
 *
 * Why it is exact: the two roundings (of 1 / n, and of the product) move
 * x · inverse off x / n by under (x / n) · 2^-51 < 2^-19 / n. Unless n
 * divides x, x / n is at least 1 / n from a whole number, so ⌊x · inverse⌋
 * is ⌊x / n⌋. Where n divides x, it may be one less, and x − ⌊x · inverse⌋ · n
 * (exact: whole numbers below 2^33) is then n instead of 0.
 */
export function remainder(x: number, n: number, inverse: number): number {
  const r = x - Math.floor(x * inverse) * n;
  return r === n ? 0 : r;
}

/** What mulberry32 adds to its state at each draw. */
export const MULBERRY32_STEP = 0x6d2b79f5;

export class Mulberry32 {
  /**
   * The state's 32 bits as a signed int32, so that V8 keeps it unboxed: a
   * small integer where those have 32 bits (Node), a double field written in
   * place where they have 31 (Chromium). It starts as a number here, not
   * only in the constructor: declared bare it would start as `undefined`, and
   * V8 would then box every value that is not a small integer in a new heap
   * number, about every other draw in Chromium. Public for a program's
   * compiled loop only, which draws in place (see `compiledFill.ts`);
   * anything else draws through the methods.
   */
  bits = 0;

  constructor(state: number) {
    this.bits = state | 0; // 32-bit: the state is 32 random bits by design, not a count
  }

  /** The generator's state; any uint32, e.g. a script's seed. */
  get state(): number {
    return this.bits >>> 0; // 32-bit: as above
  }

  set state(state: number) {
    this.bits = state | 0; // 32-bit: as above
  }

  /** The next number, uniform in [0, 2^32). */
  nextUint32(): number {
    // 32-bit: mulberry32 is uint32 arithmetic by design: these are random bits, not counts
    const s = (this.bits = (this.bits + MULBERRY32_STEP) | 0);
    let t = Math.imul(s ^ (s >>> 15), s | 1); // 32-bit: as above
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61); // 32-bit: as above
    return (t ^ (t >>> 14)) >>> 0; // 32-bit: as above
  }

  /**
   * A number uniform in [0, n) for 1 ≤ n ≤ 2^53, without modulo bias
   * (rejection sampling): x is refused when its run of n numbers, the one
   * x - x % n starts, does not fit below 2^32 — exactly the x at or above
   * 2^32 - 2^32 % n. Above 2^32, x has 53 bits, made of two numbers, and the
   * same rule holds with 2^53.
   *
   * `inverse` is 1 / n, which a caller drawing from the same n again and
   * again keeps (see {@link inverseOf}), so a draw multiplies instead of
   * dividing (see {@link remainder}).
   */
  below(n: number, inverse = inverseOf(n)): number {
    // One draw that is kept, the common case, in few enough bytecodes that a caller's
    // loop takes it in (V8 inlines small functions); refusals and wide ranges go on below.
    if (n <= 2 ** 32) {
      const x = this.nextUint32();
      const r = remainder(x, n, inverse);
      if (x - r <= 2 ** 32 - n) return r;
    }
    return this.belowAgain(n, inverse);
  }

  /**
   * {@link below} once its first draw, if any, is refused: the same rule,
   * drawing on. Public for a program's compiled loop, which makes the first draw in place.
   */
  belowAgain(n: number, inverse: number): number {
    if (n > 2 ** 32) return this.belowWide(n);
    for (;;) {
      const x = this.nextUint32();
      const r = remainder(x, n, inverse);
      if (x - r <= 2 ** 32 - n) return r;
    }
  }

  private belowWide(n: number): number {
    for (;;) {
      // 32-bit: 21 high bits from one draw, 32 from another: a whole number below 2^53
      const x = (this.nextUint32() >>> 11) * 2 ** 32 + this.nextUint32();
      const r = x % n;
      if (x - r <= 2 ** 53 - n) return r;
    }
  }
}
