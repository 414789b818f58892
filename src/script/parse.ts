import {
  RELEASE_PICKS,
  RESERVED_WORDS,
  STATEMENT_KEYWORDS,
  type AcquireStatement,
  type Pos,
  type ReleasePick,
  type ReleaseStatement,
  type RepeatCount,
  type RepeatStatement,
  type ResizeStatement,
  type Script,
  type SizeSpec,
  type Statement,
  type WeightedSize,
} from "./ast.ts";
import { errorAt, Input } from "./input.ts";
import { LIMITS } from "./limits.ts";
import {
  CAPACITY,
  COUNT,
  LENGTH,
  numberValue,
  SEED,
  SIZE,
  WEIGHT,
  type Quantity,
} from "./quantity.ts";
import { UNIT_BYTES } from "./sizes.ts";
import { closest } from "./suggest.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RANGE_HINT = "write the range as random 4KB..64KB";
const REPEAT_RANGE_HINT = "write it as repeat random 1..8 {";
const WEIGHTS_HINT = "write the choices as 4KB:80, 64KB:20";
const UNNAMED_REFERENCE = /[^\S\n]*#[0-9]/y;

/**
 * Reads a script into its AST, or throws a ScriptError that names the line,
 * the column and what was expected there. Comments are dropped.
 */
export function parse(source: string): Script {
  if (source.length > LIMITS.maxScriptChars) {
    throw errorAt(
      source,
      LIMITS.maxScriptChars,
      `the script is too long: ${source.length} characters, and the limit is ` +
        `${LIMITS.maxScriptChars} (1 MiB of text); this is where it goes over`,
    );
  }
  return new Parser(new Input(source)).script();
}

/** A range as read: its ends, and where and how the low end was written, for messages. */
interface Range {
  readonly min: number;
  readonly max: number;
  readonly minAt: number;
  readonly minText: string;
  readonly maxText: string;
}

/** A recursive-descent parser whose methods follow the grammar, one per statement. */
class Parser {
  private depth = 0;
  private firstPoolOp: { readonly keyword: string; readonly line: number } | undefined;
  private readonly settingLines = new Map<"capacity" | "seed", number>();

  constructor(private readonly input: Input) {}

  script(): Script {
    return { statements: this.block(undefined) };
  }

  /** Statements up to the `}` matching `open`, or to the end of the script at the top level. */
  private block(open: Pos | undefined): Statement[] {
    const input: Input = this.input;
    const body: Statement[] = [];
    for (;;) {
      while (input.type === "newline" || input.type === ";") input.next();
      if (input.type === "eof") {
        if (open === undefined) return body;
        input.raise(
          "this '{' is never closed — add a '}' after the last statement of the repeat block",
          open.offset,
        );
      }
      if (input.type === "}") {
        if (open === undefined) input.raise("'}' without a 'repeat … {' to close");
        input.next();
        return body;
      }
      body.push(this.statement());
      this.statementEnd();
    }
  }

  private statement(): Statement {
    const input: Input = this.input;
    const start = input.pos();
    if (input.type !== "word") {
      if (input.type === "=") {
        input.raise("expected a buffer name before '=', as in a = acquire 4KB");
      }
      input.raise(`expected a statement such as 'acquire 4KB', found ${input.describe()}`);
    }
    const word = input.text;
    input.next();
    if (input.eat("=")) return this.namedAcquire(start, word);
    switch (word) {
      case "acquire":
        return this.acquire(start, undefined);
      case "release":
        return this.release(start);
      case "resize":
        return this.resize(start);
      case "repeat":
        return this.repeat(start);
      case "capacity":
      case "seed":
        return this.setting(start, word);
    }
    return this.unknownStatement(start, word);
  }

  private namedAcquire(start: Pos, name: string): AcquireStatement {
    const input: Input = this.input;
    this.checkName(name, start.offset);
    if (input.type === "word" && input.text === "acquire") {
      input.next();
      return this.acquire(start, name);
    }
    const typo = input.type === "word" ? closest(input.text, ["acquire"]) : undefined;
    input.expected(
      `'acquire' after '${name} ='`,
      typo === undefined ? `write it as ${name} = acquire 4KB` : `did you mean '${typo}'?`,
    );
  }

  private acquire(start: Pos, name: string | undefined): AcquireStatement {
    const input: Input = this.input;
    this.notePoolOp("acquire", start);
    if (input.type === "word" && input.text === "random") {
      input.next();
      return { kind: "acquire", start, name, size: this.randomSize() };
    }
    const typo = input.type === "word" ? closest(input.text, ["random"]) : undefined;
    const hint = typo === undefined ? undefined : `did you mean '${typo}'?`;
    const listAt = input.start;
    const bytes = this.quantity(SIZE, "a size such as 4KB after 'acquire'", hint);
    if (input.type === "word" && input.text === "log") {
      input.raise("'log' goes after a range of sizes, as in acquire random 1KB..2MB log");
    }
    const size: SizeSpec =
      input.type === ":" || input.type === ","
        ? this.weighted(bytes, listAt)
        : { kind: "fixed", bytes };
    return { kind: "acquire", start, name, size };
  }

  /** After `random`: `MIN..MAX`, then `log` for a log-uniform range. */
  private randomSize(): SizeSpec {
    const input: Input = this.input;
    const range = this.range(SIZE, "size", "a size such as 4KB after 'random'", RANGE_HINT);
    const log = input.type === "word" && input.text === "log";
    if (log) {
      input.next();
    } else if (input.type === "word" && closest(input.text, ["log"]) !== undefined) {
      input.expected("'log' or the end of the statement", "did you mean 'log'?");
    }
    this.checkRange(range, "size", "random", log ? " log" : "");
    if (log && range.min === 0) {
      input.raise(
        `a log-uniform range starts at 1 byte or more — 0 lies in no power-of-two band; write random 1..${range.maxText} log`,
        range.minAt,
      );
    }
    return { kind: log ? "logRandom" : "random", min: range.min, max: range.max };
  }

  /** `SIZE:WEIGHT, SIZE:WEIGHT, …`, its first size already read (it started at `listAt`). */
  private weighted(first: number, listAt: number): SizeSpec {
    const input: Input = this.input;
    const choices: WeightedSize[] = [];
    let total = 0;
    for (let bytes = first; ;) {
      input.expect(":", "':' and a weight after the size", WEIGHTS_HINT);
      const weightAt = input.start;
      const weightText = input.text;
      const weight = this.quantity(WEIGHT, "a weight after ':'", WEIGHTS_HINT);
      total += weight;
      if (total > LIMITS.maxWeightTotal) {
        input.raise(
          `the weights add up to more than ${LIMITS.maxWeightTotal} (10^9) at '${weightText}' — ` +
            "use smaller weights in the same proportions",
          weightAt,
        );
      }
      choices.push({ bytes, weight });
      if (input.type === "number") input.expected("',' before the next size", WEIGHTS_HINT);
      if (!input.eat(",")) break;
      bytes = this.quantity(SIZE, "a size after ','", WEIGHTS_HINT);
    }
    if (total === 0) {
      input.raise("the weights add up to 0 — give at least one size a positive weight", listAt);
    }
    return { kind: "weighted", choices };
  }

  /** `MIN..MAX` of sizes or counts, as written; {@link checkRange} refuses an empty one. */
  private range(quantity: Quantity, noun: string, lowWhat: string, hint: string): Range {
    const input: Input = this.input;
    const minAt = input.start;
    const minText = input.text;
    const min = this.quantity(quantity, lowWhat, noun === "count" ? hint : undefined);
    input.expect("..", `'..' between the smallest and the largest ${noun}`, hint);
    const maxText = input.text;
    const max = this.quantity(quantity, `the largest ${noun} after '..'`, hint);
    return { min, max, minAt, minText, maxText };
  }

  /** Refuses an empty range: "put the smaller NOUN first: HEAD MAX..MIN SUFFIX". */
  private checkRange(range: Range, noun: string, head: string, suffix: string): void {
    const { min, max, minAt, minText, maxText } = range;
    if (min > max) {
      this.input.raise(
        `the range ${minText}..${maxText} is empty — put the smaller ${noun} first: ${head} ${maxText}..${minText}${suffix}`,
        minAt,
      );
    }
  }

  private release(start: Pos): ReleaseStatement {
    const input: Input = this.input;
    this.notePoolOp("release", start);
    if (input.type !== "word") {
      UNNAMED_REFERENCE.lastIndex = input.previousEnd;
      input.expected(
        "a buffer name or newest, oldest, random or all after 'release'",
        UNNAMED_REFERENCE.test(input.source)
          ? "unnamed buffers (#1, #2, …) can't be named in a script; release them with newest, oldest, random or all"
          : undefined,
      );
    }
    const word = input.text;
    const at = input.start;
    input.next();
    if (isPick(word)) return { kind: "release", start, target: { kind: "pick", pick: word } };
    this.checkName(word, at);
    return { kind: "release", start, target: { kind: "name", name: word } };
  }

  private resize(start: Pos): ResizeStatement {
    const input: Input = this.input;
    this.notePoolOp("resize", start);
    if (input.type !== "word") {
      input.expected("the name of a buffer after 'resize'", "write it as resize a 10000");
    }
    const name = input.text;
    if (isPick(name)) {
      input.raise(`resize takes a buffer's name; '${name}' works only with release`);
    }
    this.checkName(name, input.start);
    input.next();
    const length = this.quantity(LENGTH, `a length such as 10000 after 'resize ${name}'`);
    return { kind: "resize", start, name, length };
  }

  private repeat(start: Pos): RepeatStatement {
    const input: Input = this.input;
    if (this.depth >= LIMITS.maxRepeatDepth) {
      input.raise(
        `too many nested repeat blocks: at most ${LIMITS.maxRepeatDepth} may sit inside one another`,
        start.offset,
      );
    }
    let count: RepeatCount;
    let head: string;
    if (input.type === "word" && input.text === "random") {
      input.next();
      const range = this.range(COUNT, "count", "a count after 'random'", REPEAT_RANGE_HINT);
      this.checkRange(range, "count", "repeat random", "");
      count = { kind: "random", min: range.min, max: range.max };
      head = `repeat random ${range.min}..${range.max}`;
    } else {
      const typo = input.type === "word" ? closest(input.text, ["random"]) : undefined;
      const hint = typo === undefined ? "write it as repeat 8 {" : `did you mean '${typo}'?`;
      const value = this.quantity(COUNT, "a count after 'repeat'", hint);
      count = { kind: "fixed", value };
      head = `repeat ${value}`;
    }
    if (input.type !== "{") {
      input.expected(
        `'{' after '${head}'`,
        input.type === "newline" ? "the '{' goes on the same line as 'repeat'" : undefined,
      );
    }
    const open = input.pos();
    input.next();
    this.depth++;
    const body = this.block(open);
    this.depth--;
    return { kind: "repeat", start, count, body };
  }

  private setting(start: Pos, word: "capacity" | "seed"): Statement {
    const input: Input = this.input;
    const why = word === "capacity" ? "the pool is built with it" : "random choices start from it";
    if (this.depth > 0) {
      input.raise(
        `'${word}' can't be inside a repeat block — it is set once, before the first acquire, release or resize`,
        start.offset,
      );
    }
    if (this.firstPoolOp !== undefined) {
      const { keyword, line } = this.firstPoolOp;
      input.raise(
        `'${word}' must come before the first acquire, release or resize (the ${keyword} at line ${line}) — ` +
          `${why}; move it to the top of the script`,
        start.offset,
      );
    }
    const earlier = this.settingLines.get(word);
    if (earlier !== undefined) {
      input.raise(
        `${word} is already set at line ${earlier} — a script sets it once`,
        start.offset,
      );
    }
    this.settingLines.set(word, start.line);
    const value =
      word === "capacity"
        ? this.quantity(
            CAPACITY,
            "a number of buffers per size class after 'capacity'",
            "write it as capacity 4",
          )
        : this.quantity(SEED, "a number after 'seed'", "write it as seed 42");
    return { kind: word, start, value };
  }

  private unknownStatement(start: Pos, word: string): never {
    const input: Input = this.input;
    const typo = closest(word, STATEMENT_KEYWORDS);
    const hint =
      typo !== undefined
        ? `did you mean '${typo}'?`
        : input.type === "word" && input.text === "acquire"
          ? `to name a buffer, write ${word} = acquire SIZE`
          : "a statement starts with acquire, release, resize, repeat, capacity or seed, or is 'name = acquire SIZE'";
    input.raise(`unknown statement '${word}' — ${hint}`, start.offset);
  }

  /** Checks that a statement ends here: at a line end, `;`, `}` or the end of the script. */
  private statementEnd(): void {
    const input: Input = this.input;
    if (input.atStatementEnd() || input.type === "}") return;
    if (
      input.previousType === "number" &&
      input.type === "word" &&
      UNIT_BYTES.has(input.text.toLowerCase())
    ) {
      input.raise(
        `a unit goes right after its number, without a space — write ${input.previousText}${input.text}`,
      );
    }
    input.raise(
      `expected the end of the statement, found ${input.describe()} — ` +
        "put each statement on its own line or separate them with ';'",
    );
  }

  /** Reads a number token as the given quantity, or raises "expected WHAT — HINT". */
  private quantity(quantity: Quantity, what: string, hint?: string): number {
    const input: Input = this.input;
    if (input.type !== "number") {
      if (input.type === "char" && input.text === "-") {
        input.raise(`${quantity.noun} can't be negative`);
      }
      input.expected(what, hint);
    }
    const value = numberValue(input, input.text, quantity);
    input.next();
    return value;
  }

  private checkName(name: string, offset: number): void {
    if (!NAME.test(name)) {
      this.input.raise(
        `'${name}' can't name a buffer — a name uses only the letters A–Z and a–z, digits and '_'`,
        offset,
      );
    }
    if (RESERVED_WORDS.has(name)) {
      this.input.raise(
        `'${name}' is a keyword and can't name a buffer — choose another name`,
        offset,
      );
    }
  }

  private notePoolOp(keyword: string, start: Pos): void {
    this.firstPoolOp ??= { keyword, line: start.line };
  }
}

function isPick(word: string): word is ReleasePick {
  return (RELEASE_PICKS as readonly string[]).includes(word);
}
