import { describe, expect, it } from "vitest";
import { MAX_SWEEP_CAPACITY, parseCapacities } from "./capacities.ts";

describe("parseCapacities", () => {
  it.each<[string, number[]]>([
    ["0..4", [0, 1, 2, 3, 4]],
    [" 2..2 ", [2]],
    ["0,1,2,4,8", [0, 1, 2, 4, 8]],
    ["8, 4,4,0", [0, 4, 8]],
    ["7", [7]],
    [
      `${MAX_SWEEP_CAPACITY - 1}..${MAX_SWEEP_CAPACITY}`,
      [MAX_SWEEP_CAPACITY - 1, MAX_SWEEP_CAPACITY],
    ],
  ])("%j → %j", (text, capacities) => {
    expect(parseCapacities(text)).toEqual(capacities);
  });

  it.each<[string, RegExp]>([
    ["64..0", /'64\.\.0' is a reversed range/],
    ["0..4097", /capacity 4097 in '0\.\.4097' is over the limit of 4096/],
    ["1,x", /'x' in '1,x' is not a whole number/],
    ["1.5", /'1\.5' in '1\.5' is not a whole number/],
    ["-1..3", /'-1' in '-1\.\.3' is not a whole number/],
    ["", /is missing a capacity/],
    ["1,,2", /is missing a capacity/],
  ])("refuses %j", (text, message) => {
    expect(() => parseCapacities(text)).toThrow(message);
  });
});
