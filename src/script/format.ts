import type { RepeatStatement, Script, SizeSpec, Statement } from "./ast.ts";
import { parse } from "./parse.ts";
import { formatSize } from "./sizes.ts";

/**
 * A script in its tidy form, for presets and shared links: one statement per
 * line, two spaces of indentation per repeat block, sizes in canonical units
 * (`4KB`, `2MB` when exact, else bytes), a final line end. Comments, blank
 * lines and `;` separators are not kept. Parsing the result gives the same
 * AST (positions aside). A string is parsed first, so it may throw a ScriptError.
 */
export function format(script: Script | string): string {
  const lines: string[] = [];
  formatBlock(typeof script === "string" ? parse(script).statements : script.statements, "", lines);
  return lines.map((line) => `${line}\n`).join("");
}

/** One statement on one line; a repeat shows only its head, `repeat N {`. */
export function formatStatement(statement: Statement): string {
  switch (statement.kind) {
    case "capacity":
    case "seed":
      return `${statement.kind} ${statement.value}`;
    case "acquire": {
      const acquire = `acquire ${formatSizeSpec(statement.size)}`;
      return statement.name === undefined ? acquire : `${statement.name} = ${acquire}`;
    }
    case "release":
      return `release ${statement.target.kind === "name" ? statement.target.name : statement.target.pick}`;
    case "resize":
      return `resize ${statement.name} ${formatSize(statement.length)}`;
    case "repeat":
      return `${repeatHead(statement)} {`;
  }
}

function formatBlock(statements: readonly Statement[], indent: string, lines: string[]): void {
  for (const statement of statements) {
    if (statement.kind === "repeat" && statement.body.length === 0) {
      lines.push(`${indent}${repeatHead(statement)} {}`);
    } else if (statement.kind === "repeat") {
      lines.push(indent + formatStatement(statement));
      formatBlock(statement.body, `${indent}  `, lines);
      lines.push(`${indent}}`);
    } else {
      lines.push(indent + formatStatement(statement));
    }
  }
}

function repeatHead({ count }: RepeatStatement): string {
  return count.kind === "fixed"
    ? `repeat ${count.value}`
    : `repeat random ${count.min}..${count.max}`;
}

function formatSizeSpec(size: SizeSpec): string {
  switch (size.kind) {
    case "fixed":
      return formatSize(size.bytes);
    case "weighted":
      return size.choices.map(({ bytes, weight }) => `${formatSize(bytes)}:${weight}`).join(", ");
    case "random":
    case "logRandom": {
      const min = formatSize(size.min);
      const max = formatSize(size.max);
      // "1..2MB" reads as 1MB to 2MB; a bare low end is bytes, so say so.
      const minHasUnit = /[A-Z]$/.test(min) || !/[A-Z]$/.test(max);
      return `random ${min}${minHasUnit ? "" : "B"}..${max}${size.kind === "logRandom" ? " log" : ""}`;
    }
  }
}
