import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

test("docs/testing.md shows the example spec exactly as the suite runs it", () => {
  const doc = readFileSync(new URL("../docs/testing.md", import.meta.url), "utf8");
  const example = readFileSync(new URL("./docs-example.spec.ts", import.meta.url), "utf8");
  const block = /## A complete example[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc)?.[1];
  expect(block).toBe(example);
});
