/**
 * mulberry32: a tiny seeded generator on uint32 arithmetic, so `random` gives
 * the same numbers on every machine and engine. Its whole state is one uint32,
 * which is what a saved cursor keeps.
 */
export class Mulberry32 {
  /**
   * The state's 32 bits as a signed int32: V8 keeps such a field a small
   * integer, where a uint32 above 2^31 would be a heap number, rewritten on
   * every draw.
   */
  private bits: number;

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
    const s = (this.bits = (this.bits + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), s | 1); // 32-bit: as above
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61); // 32-bit: as above
    return (t ^ (t >>> 14)) >>> 0; // 32-bit: as above
  }

  /**
   * A number uniform in [0, n) for 1 ≤ n ≤ 2^53, without modulo bias
   * (rejection sampling): x is refused when its run of n numbers, the one
   * x - x % n starts, does not fit below 2^32 — exactly the x at or above
   * 2^32 - 2^32 % n, found with one division instead of two. Above 2^32, x
   * has 53 bits, made of two numbers, and the same rule holds with 2^53.
   *
   * `x % n` is written as `x - floor(x / n) * n`: on doubles V8 calls fmod,
   * several times slower than a division. It is exact: x / n is at least
   * 1 / n below the next whole number, far more than its rounding error
   * (x and n are below 2^33).
   */
  below(n: number): number {
    if (n > 2 ** 32) return this.belowWide(n);
    for (;;) {
      const x = this.nextUint32();
      const r = x - Math.floor(x / n) * n;
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
