import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const README = read("../../../README.md");
const HOST_PAGE = read("../../../docs/embed-host.html");

/** The fenced code blocks of a Markdown section, by language. */
function codeBlocks(markdown: string, heading: string, language: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = markdown.indexOf("\n## ", start + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  const fence = new RegExp("^```" + language + "\\n([\\s\\S]*?)^```$", "gm");
  return Array.from(section.matchAll(fence), (match) => match[1]!);
}

describe("the README's host page", () => {
  it("is docs/embed-host.html, to the byte, so the two cannot drift apart", () => {
    const pages = codeBlocks(README, "Embedding", "html").filter((block) =>
      block.startsWith("<!doctype html>"),
    );
    expect(pages).toHaveLength(1);
    expect(pages[0]).toBe(HOST_PAGE);
  });

  it("speaks the messages of SPEC §5b", () => {
    expect(HOST_PAGE).toContain('source: "pool-playground"');
    for (const type of ['type: "load"', 'type: "goto"', 'type: "run"', 'type: "pause"']) {
      expect(HOST_PAGE).toContain(type);
    }
    expect(HOST_PAGE).toMatch(/message\.type !== "state"/);
    expect(HOST_PAGE).toMatch(/<iframe[^>]*title="Pool Playground"[^>]*>/);
  });
});
