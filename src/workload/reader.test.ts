import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../script/index.ts";
import {
  TRACE_LIMITS,
  TraceReader,
  detectFormat,
  readTrace,
  toScript,
  type Trace,
  type TraceFormat,
  type TraceRejection,
} from "./index.ts";

function accepted(text: string, name = "trace.txt"): Trace {
  const result = readTrace(text, { name });
  if (!result.ok) throw new Error(JSON.stringify(result.rejection));
  return result.trace;
}

function refused(text: string, options: { totalBytes?: number; maxEvents?: number } = {}) {
  const result = readTrace(text, { name: "bad.txt", ...options });
  if (result.ok) throw new Error("the trace was accepted");
  return result.rejection;
}

const events = (trace: Trace) => Array.from({ length: trace.events }, (_, k) => trace.event(k));

describe("the format is detected from the content", () => {
  it.each<[string, TraceFormat | undefined]>([
    ["capacity 4\nacquire h1 10\n", "pool-trace"],
    ["# a comment\n\nacquire h1 10\n", "pool-trace"],
    ["release x\n", "pool-trace"],
    ["6\n12\na 0 2040\n", "malloc-lab"],
    ["20000\n6\n12\n1\na 0 2040\n", "malloc-lab"],
    ["op,id,size\nmalloc,1,10\n", "csv"],
    ["time, Size ,OP,id,thread\n", "csv"],
    ['"op","id","size"\n', "csv"],
    ['{"op":"malloc","id":17,"size":4096}\n', "jsonl"],
    ["  {}\n", "jsonl"],
    ["op,id\nmalloc,1\n", undefined],
    ["hello world\n", undefined],
    ["", undefined],
    ["\n\n# only comments\n", undefined],
  ])("%j is %s", (text, format) => {
    expect(detectFormat(text, true)).toBe(format);
  });

  it("waits for a complete line while more of the file follows", () => {
    expect(detectFormat("\n# x\nacq", false)).toBe("undecided");
    expect(detectFormat("\n# x\nacquire a 1\n", false)).toBe("pool-trace");
  });
});

/** One §7 row, "a trace file with bad lines": each bad line is listed with its line number. */
describe("bad lines are refused with their line numbers, and nothing runs", () => {
  it.each<[string, string, number, RegExp]>([
    ["unknown op (pool trace)", "acquire a 1\naquire b 2\n", 2, /unknown op 'aquire'/],
    ["missing field (pool trace)", "acquire a\n", 1, /expected 'acquire ID SIZE'/],
    ["release not held", "acquire a 1\nrelease b\n", 2, /'b' is not held/],
    ["release twice", "acquire a 1\nrelease a\nrelease a\n", 3, /'a' is not held/],
    ["resize not held", "\nresize a 5\n", 2, /'a' is not held, so it can't be resized/],
    ["size not whole", "acquire a 1.5\n", 1, /size '1.5' is not a whole number/],
    ["negative size", "acquire a -1\n", 1, /size '-1' is not a whole number/],
    ["size over the limit", "acquire a 4294967296\n", 1, /a size is at most 2048MB/],
    [
      "acquire of a held ID",
      "acquire a 1\nacquire a 2\n",
      2,
      /'a' is still held \(acquired at line 1\)/,
    ],
    ["capacity after an op", "acquire a 1\ncapacity 2\n", 2, /capacity must come before/],
    ["capacity twice", "capacity 1\ncapacity 2\n", 2, /capacity is set twice/],
    ["capacity over the limit", "capacity 1000001\n", 1, /capacity is at most 1000000/],
    [
      "malloc-lab unknown op",
      "2\n2\na 0 1\nx 0\n",
      4,
      /unknown op 'x'; a malloc-lab trace has a, f and r/,
    ],
    ["malloc-lab missing field", "2\n2\na 0\n", 3, /expected 'a ID BYTES'/],
    ["malloc-lab header of 3", "1\n2\n3\na 0 1\n", 4, /header of 2 numbers .* not 3/],
    ["csv unknown op", "op,id,size\nmalloc,1,4\nmmap,2,4\n", 3, /unknown op 'mmap'/],
    ["csv missing id", "op,id,size\nmalloc,,4\n", 2, /the id is missing/],
    ["csv missing size", "op,id,size\nmalloc,1\n", 2, /the size is missing/],
    ["csv free not held", "id,op,size\n1,free,\n", 2, /'1' is not held/],
    ["jsonl not JSON", '{"op":"malloc","id":1,"size":4}\n{op}\n', 2, /not a JSON object/],
    ["jsonl missing op", '{"id":1,"size":4}\n', 1, /the op is missing/],
    ["jsonl unknown op", '{"op":"new","id":1,"size":4}\n', 1, /unknown op 'new'/],
    ["jsonl missing id", '{"op":"malloc","size":4}\n', 1, /the id is missing/],
    ["jsonl size not whole", '{"op":"malloc","id":1,"size":"4KB"}\n', 1, /'4KB' is not a whole/],
  ])("%s", (_, text, line, message) => {
    const rejection = refused(text);
    expect(rejection.errors).toHaveLength(1);
    expect(rejection.errors[0]!.line).toBe(line);
    expect(rejection.errors[0]!.message).toMatch(message);
    expect(rejection.more).toBe(0);
    expect(rejection.message).toMatch(/1 bad line in bad.txt; nothing runs/);
  });

  it("counts lines past quoted line breaks in CSV", () => {
    const rejection = refused('op,id,size\nmalloc,"two\nlines",4\n\nfree,x,\n');
    expect(rejection.errors).toEqual([
      { line: 5, message: "'x' is not held, so it can't be released" },
    ]);
  });

  it("lists the first ten and counts the rest", () => {
    const lines = ["acquire a 1", ...Array.from({ length: 25 }, (_, k) => `release b${k}`)];
    const rejection = refused(lines.join("\n"));
    expect(rejection.errors.map((error) => error.line)).toEqual(
      Array.from({ length: TRACE_LIMITS.listedErrors }, (_, k) => k + 2),
    );
    expect(rejection.more).toBe(15);
    expect(rejection.message).toMatch(/^25 bad lines/);
  });
});

describe("a file in no known format, or over a limit, is refused with a message naming why", () => {
  it("no known format", () => {
    const rejection: TraceRejection = refused("GIF89a\u0001\u0002garbage\n");
    expect(rejection.errors).toEqual([]);
    expect(rejection.message).toMatch(/bad.txt is in no known trace format: expected a pool trace/);
  });

  it("a file over 1 GiB is refused before anything is read", () => {
    const reader = new TraceReader({ name: "huge.csv", totalBytes: TRACE_LIMITS.maxBytes + 1 });
    expect(reader.rejected).toBe(true);
    reader.push("op,id,size\n");
    const result = reader.finish();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rejection.message).toMatch(/a trace file is at most 1 GiB/);
  });

  it("a file of exactly 1 GiB is allowed to be read", () => {
    expect(new TraceReader({ name: "f", totalBytes: TRACE_LIMITS.maxBytes }).rejected).toBe(false);
  });

  it("the event limit is refused as soon as it is passed, naming the limit", () => {
    const reader = new TraceReader({ name: "long.rep", maxEvents: 4 });
    reader.push("2\n9\na 1 1\nf 1\na 1 1\nf 1\n");
    expect(reader.rejected).toBe(false);
    reader.push("a 1 1\n");
    expect(reader.rejected).toBe(true);
    const result = reader.finish();
    if (result.ok) throw new Error("accepted");
    expect(result.rejection.message).toBe(
      "this trace has more than 4 events (line 7); a trace has at most 4 events",
    );
  });

  it("the real limit is 10,000,000 events", () => {
    expect(TRACE_LIMITS.maxEvents).toBe(10_000_000);
  });
});

describe("IDs are any token, kept as plain text", () => {
  it.each([
    ["markup", "<img src=x onerror=alert(1)>"],
    ["quotes", `"a,b"`],
    ["emoji", "🧵buf"],
    ["a comma", "a,b"],
  ])("%s", (_, id) => {
    const csv = `op,id,size\nmalloc,"${id.replaceAll('"', '""')}",4096\nfree,"${id.replaceAll('"', '""')}",\n`;
    const json = `${JSON.stringify({ op: "malloc", id, size: 4096 })}\n${JSON.stringify({ op: "free", id })}`;
    for (const trace of [accepted(csv), accepted(json)]) {
      expect(events(trace).map((event) => event.name)).toEqual([id, id]);
      const id0 = trace.bufferId(id);
      expect(trace.bufferName(id0)).toBe(id);
    }
  });

  it("an ID may be acquired again after it is released, and numbers keep their spelling", () => {
    const trace = accepted("acquire 007 1\nrelease 007\nacquire 007 2\nacquire 7 3\n");
    expect(events(trace).map((event) => event.name)).toEqual(["007", "007", "007", "7"]);
    expect(trace.bufferId("007")).not.toBe(trace.bufferId("7"));
  });

  it("every token round-trips through its id", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 30 }),
        (ids) => {
          const tokens = ids.map((id) => id.replace(/[\s]/g, "_"));
          fc.pre(new Set(tokens).size === tokens.length);
          const trace = accepted(
            `${JSON.stringify(["op", "id", "size"]).slice(1, -1)}\n` +
              tokens.map((id) => `malloc,"${id.replaceAll('"', '""')}",1`).join("\n"),
          );
          expect(events(trace).map((event) => event.name)).toEqual(tokens);
          for (const token of tokens) expect(trace.bufferName(trace.bufferId(token))).toBe(token);
        },
      ),
    );
  });
});

/** A valid trace in every format, with the lines of each op. */
const formatsArb = fc
  .array(fc.tuple(fc.constantFrom("a", "r", "f"), fc.nat(4), fc.nat(70_000)), { maxLength: 60 })
  .map((ops) => {
    const held = new Set<number>();
    const kept: [string, number, number][] = [];
    for (const [op, id, size] of ops) {
      if (op === "a" ? held.has(id) : !held.has(id)) continue;
      if (op === "a") held.add(id);
      if (op === "f") held.delete(id);
      kept.push([op, id, size]);
    }
    return kept;
  });

describe("reading in chunks gives what reading whole does", () => {
  it("for every format and every split", () => {
    fc.assert(
      fc.property(
        formatsArb,
        fc.constantFrom<TraceFormat>("pool-trace", "malloc-lab", "csv", "jsonl"),
        fc.array(fc.nat(), { maxLength: 8 }),
        (ops, format, cuts) => {
          const text = write(ops, format);
          const whole = readTrace(text, { name: "t" });
          const reader = new TraceReader({ name: "t" });
          let from = 0;
          for (const cut of [...cuts.map((c) => c % (text.length + 1))].sort((a, b) => a - b)) {
            reader.push(text.slice(from, cut));
            from = cut;
          }
          reader.push(text.slice(from));
          const chunked = reader.finish();
          expect(chunked.ok).toBe(whole.ok);
          if (chunked.ok && whole.ok) {
            expect(chunked.trace.format).toBe(format);
            expect(events(chunked.trace)).toEqual(events(whole.trace));
          }
        },
      ),
    );
  });
});

function write(ops: readonly [string, number, number][], format: TraceFormat): string {
  const word = { a: "acquire", f: "release", r: "resize" } as Record<string, string>;
  switch (format) {
    case "pool-trace":
      return [
        "# t",
        ...ops.map(([op, id, size]) => `${word[op]} b${id}${op === "f" ? "" : ` ${size}`}`),
      ].join("\n");
    case "malloc-lab":
      return [
        "5",
        String(ops.length),
        ...ops.map(([op, id, size]) => `${op} ${id}${op === "f" ? "" : ` ${size}`}`),
      ].join("\r\n");
    case "csv":
      return [
        "op,id,size",
        ...ops.map(([op, id, size]) => `${word[op]},"b,${id}",${op === "f" ? "" : size}`),
      ].join("\n");
    case "jsonl":
      return ops.map(([op, id, size]) => JSON.stringify({ op: word[op], id, size })).join("\n");
  }
}

describe("toScript", () => {
  it("gives the very same steps, IDs that are not script names renamed one to one", () => {
    const idArb = fc.oneof(
      fc.constantFrom("a", "b_2", "release", "newest", "id_1", "#1", "7", "x y", "<b>", "é"),
      fc.string({ minLength: 1, maxLength: 6 }).map((s) => s.replace(/[\s,"]/g, "_")),
    );
    const opsArb = fc.array(fc.tuple(fc.constantFrom("a", "r", "f"), idArb, fc.nat(100_000)), {
      maxLength: 80,
    });
    fc.assert(
      fc.property(opsArb, fc.option(fc.nat(8), { nil: undefined }), (ops, capacity) => {
        const held = new Set<string>();
        const rows = ["op,id,size"];
        for (const [op, id, size] of ops) {
          if (op === "a" ? held.has(id) : !held.has(id)) continue;
          if (op === "a") held.add(id);
          if (op === "f") held.delete(id);
          rows.push(`${op === "a" ? "malloc" : op === "f" ? "free" : "realloc"},"${id}",${size}`);
        }
        const trace = accepted(rows.join("\n"));
        const withCapacity =
          capacity === undefined ? trace : accepted(toPoolTrace(trace, capacity), "with capacity");
        const program = compile(toScript(withCapacity));
        expect(program.capacity).toBe(capacity);
        const steps = [...program.steps()];
        const expected = events(withCapacity);
        expect(steps.map(({ line: _l, name: _n, ...step }) => step)).toEqual(
          expected.map(({ line: _l, name: _n, ...event }) => event),
        );
        const renamed = new Map<string, string>();
        steps.forEach((step, k) => {
          const id = expected[k]!.name;
          expect(renamed.get(id) ?? step.name).toBe(step.name);
          renamed.set(id, step.name);
        });
        expect(new Set(renamed.values()).size).toBe(renamed.size);
      }),
    );
  });

  it("refuses a trace over the conversion limit, naming it", () => {
    const lines = Array.from({ length: TRACE_LIMITS.maxConvertEvents + 1 }, (_, k) => `a ${k} 1`);
    const trace = accepted(["2", "2", ...lines].join("\n"), "big.rep");
    expect(() => toScript(trace)).toThrow(
      `big.rep has 10001 events; only a trace of at most 10000 events converts to a script`,
    );
  });
});

function toPoolTrace(trace: Trace, capacity: number): string {
  const ids = new Map<string, string>();
  const id = (name: string) => ids.get(name) ?? (ids.set(name, `h${ids.size}`), `h${ids.size - 1}`);
  return [
    `capacity ${capacity}`,
    ...events(trace).map((event) =>
      event.kind === "acquire"
        ? `acquire ${id(event.name)} ${event.size}`
        : event.kind === "release"
          ? `release ${id(event.name)}`
          : `resize ${id(event.name)} ${event.length}`,
    ),
  ].join("\n");
}

describe("memory", () => {
  it("events take at most 21 bytes each", () => {
    const lines = Array.from({ length: 5000 }, (_, k) => `a ${k} ${k}`);
    const trace = accepted(["2", "2", ...lines].join("\n"), "m.rep");
    expect(trace.byteLength).toBeLessThanOrEqual(21 * trace.events);
  });
});
