import {
  RELEASE_PICKS,
  RESERVED_WORDS,
  STATEMENT_KEYWORDS,
  type AcquireStatement,
  type Pos,
  type ReleasePick,
  type ReleaseStatement,
  type RepeatStatement,
  type ResizeStatement,
  type Script,
  type SizeSpec,
  type Statement,
} from "./ast.ts";
import { errorAt, Input } from "./input.ts";
import { LIMITS } from "./limits.ts";
import { formatSize, UNIT_BYTES } from "./sizes.ts";
import { closest } from "./suggest.ts";

/** What a number in the script stands for, and the words that explain its rules. */
interface Quantity {
  readonly unitsAllowed: boolean;
  readonly max: number;
  /** Ends "'X' is too large: …". */
  readonly limit: string;
  /** The thing itself, as in "a repeat count can't be negative". */
  readonly noun: string;
}

const SIZE: Quantity = {
  unitsAllowed: true,
  max: LIMITS.maxSizeBytes,
  limit: `a size is at most ${formatSize(LIMITS.maxSizeBytes)} (2^31 bytes)`,
  noun: "a size",
};
const LENGTH: Quantity = {
  ...SIZE,
  limit: `a length is at most ${formatSize(LIMITS.maxSizeBytes)} (2^31 bytes)`,
  noun: "a length",
};
const COUNT: Quantity = {
  unitsAllowed: false,
  max: LIMITS.maxRepeatCount,
  limit: `a repeat count is at most ${LIMITS.maxRepeatCount} (10^9)`,
  noun: "a repeat count",
};
const CAPACITY: Quantity = {
  unitsAllowed: false,
  max: LIMITS.maxCapacity,
  limit: `capacity is at most ${LIMITS.maxCapacity} buffers per size class`,
  noun: "capacity (buffers kept per size class)",
};
const SEED: Quantity = {
  unitsAllowed: false,
  max: LIMITS.maxSeed,
  limit: `a seed is at most ${LIMITS.maxSeed} (2^32 - 1)`,
  noun: "a seed",
};

const NUMBER_PARTS = /^([0-9_]+)(?:\.([0-9_]*))?([A-Za-z][A-Za-z0-9_]*)?$/;
const DIGIT_GROUPS = /^[0-9]+(?:_[0-9]+)*$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RANGE_HINT = "write the range as random 4KB..64KB";
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
    let size: SizeSpec;
    if (input.type === "word" && input.text === "random") {
      input.next();
      const minAt = input.start;
      const minText = input.text;
      const min = this.quantity(SIZE, "a size such as 4KB after 'random'");
      input.expect("..", "'..' between the smallest and the largest size", RANGE_HINT);
      const maxText = input.text;
      const max = this.quantity(SIZE, "the largest size after '..'", RANGE_HINT);
      if (min > max) {
        input.raise(
          `the range ${minText}..${maxText} is empty — put the smaller size first: random ${maxText}..${minText}`,
          minAt,
        );
      }
      size = { kind: "random", min, max };
    } else {
      const typo = input.type === "word" ? closest(input.text, ["random"]) : undefined;
      const hint = typo === undefined ? undefined : `did you mean '${typo}'?`;
      size = {
        kind: "fixed",
        bytes: this.quantity(SIZE, "a size such as 4KB after 'acquire'", hint),
      };
    }
    return { kind: "acquire", start, name, size };
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
    const count = this.quantity(COUNT, "a count after 'repeat'", "write it as repeat 8 {");
    if (input.type !== "{") {
      input.expected(
        `'{' after 'repeat ${count}'`,
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
    const value = this.numberValue(input.text, quantity);
    input.next();
    return value;
  }

  private numberValue(text: string, quantity: Quantity): number {
    const input: Input = this.input;
    const parts = NUMBER_PARTS.exec(text);
    if (parts === null) {
      input.raise(
        `'${text}' is not a number — ${quantity.unitsAllowed ? "write a whole number with an optional unit, as in 4KB" : "write a whole number such as 8"}`,
      );
    }
    const [, digits = "", fraction, unit = ""] = parts;
    if (!DIGIT_GROUPS.test(digits) || (fraction !== undefined && !DIGIT_GROUPS.test(fraction))) {
      input.raise(
        `'${text}' has a misplaced '_' — '_' may only stand between two digits, as in 1_000`,
      );
    }
    if (digits === "0" && /^x/i.test(unit)) {
      input.raise(`'${text}' is not a decimal number — write numbers in decimal, such as 4096`);
    }
    if (unit !== "" && !quantity.unitsAllowed) {
      input.raise(`'${text}' has a unit, but ${quantity.noun} is a plain whole number such as 8`);
    }
    const unitBytes = UNIT_BYTES.get(unit.toLowerCase());
    if (unitBytes === undefined) {
      input.raise(
        `'${text}' has an unknown unit '${unit}' — use B, KB or MB (K, KiB, M and MiB work too)`,
      );
    }
    const whole = (s: string) => s.replaceAll("_", "");
    if (fraction !== undefined) {
      const bytes = Number(`${whole(digits)}.${whole(fraction)}`) * unitBytes;
      const instead =
        quantity.unitsAllowed && Number.isInteger(bytes) && bytes <= quantity.max
          ? ` — write ${formatSize(bytes)} instead`
          : "";
      input.raise(`'${text}' is not a whole number${instead}`);
    }
    const value = Number(whole(digits)) * unitBytes;
    if (value > quantity.max) input.raise(`'${text}' is too large: ${quantity.limit}`);
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
