import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../worker/protocol.ts";
import { encodeShareHash, parseShareHash } from "./shareLink.ts";

describe("share links", () => {
  it("round-trip any script with the contract's parameters", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }),
        fc.option(fc.nat(LIMITS.maxCapacity), { nil: undefined }),
        fc.option(fc.nat(10_000_000), { nil: undefined }),
        fc.boolean(),
        fc.option(fc.nat(LIMITS.maxCapacity), { nil: undefined }),
        (source, capacity, step, run, compare) => {
          const link = {
            source,
            run,
            ...(capacity === undefined ? {} : { capacity }),
            ...(step === undefined ? {} : { step }),
            ...(compare === undefined ? {} : { compare }),
          };
          expect(parseShareHash(encodeShareHash(link))).toEqual({ ...link, motion: true });
        },
      ),
    );
  });

  it.each([
    ["", null],
    ["#capacity=4&run=1", null],
    ["#script=ACTCmv", { broken: "the script in this link is damaged or cut short" }],
    ["#script=", { broken: "the script in this link is damaged or cut short" }],
    ["#script=Q&capacity=x", { broken: "'capacity=x' in this link is not a whole number" }],
    ["#script=Q&step=-1", { broken: "'step=-1' in this link is not a whole number" }],
    ["#script=Q&capacity=1000000", { source: "", capacity: 1_000_000, run: false, motion: true }],
    [
      "#script=Q&capacity=1000001",
      { broken: "'1000001' is too large: capacity is at most 1000000 buffers per size class" },
    ],
    [
      "#script=Q&capacity=99999999999999999999",
      {
        broken:
          "'99999999999999999999' is too large: capacity is at most 1000000 buffers per size class",
      },
    ],
    [
      "#script=Q&step=99999999999999999999",
      { broken: "'step=99999999999999999999' in this link is past the last step a run can reach" },
    ],
    ["#script=Q&motion=off", { source: "", run: false, motion: false }],
    ["#script=Q&compare=8", { source: "", compare: 8, run: false, motion: true }],
    ["#script=Q&compare=two", { broken: "'compare=two' in this link is not a whole number" }],
    [
      "#script=Q&compare=1000001",
      { broken: "'1000001' is too large: capacity is at most 1000000 buffers per size class" },
    ],
  ])("%j", (hash, expected) => {
    expect(parseShareHash(hash)).toEqual(expected);
  });

  it("refuses every cut of a link", () => {
    const hash = encodeShareHash({
      source: "capacity 4\nrepeat 4 {\n  a = acquire 4KB\n  release a\n}\n",
      run: true,
    });
    const encoded = /script=([^&]*)/.exec(hash)![1]!;
    for (let n = 1; n < encoded.length; n++) {
      expect(parseShareHash(`#script=${encoded.slice(0, n)}`)).toHaveProperty("broken");
    }
  });
});
