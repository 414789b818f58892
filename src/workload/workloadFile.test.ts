import { describe, expect, it } from "vitest";
import { readWorkload } from "./index.ts";

describe("readWorkload tells traces from scripts", () => {
  it.each([
    ["a pool trace", "capacity 4\nacquire h1 8193\nrelease h1\n", "trace"],
    ["a malloc-lab trace", "2\n2\na 0 10\nf 0\n", "trace"],
    ["a CSV trace", "op,id,size\nmalloc,1,10\n", "trace"],
    ["a JSON Lines trace", '{"op":"malloc","id":1,"size":10}\n', "trace"],
    ["a script that starts like a pool trace", "acquire 4KB\nrelease newest\n", "script"],
    [
      "a script with a capacity line",
      "capacity 4\nrepeat 3 { a = acquire 1\nrelease a }\n",
      "script",
    ],
    ["a script", "a = acquire 64KB\nrelease a\n", "script"],
    ["a refused CSV trace", "op,id,size\nfree,1,\n", "rejected"],
    [
      "a pool trace with a bad line that is no script either",
      "acquire h1 1\nrelease h2\n",
      "rejected",
    ],
    ["neither", "hello there\n", "script-error"],
  ])("%s", (_, text, kind) => {
    expect(readWorkload(text, "file").kind).toBe(kind);
  });
});
