/**
 * The lint holds the arrows of STYLE.md: a wrong-way import fails `npm run
 * test:lint`, a right-way one passes. Each row lints one import as if it were
 * written in `file`; the file need not exist.
 */
import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: fileURLToPath(new URL("..", import.meta.url)) });

async function restrictedImports(file: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import "${from}";\n`, { filePath: file });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === "no-restricted-imports")
    .map((message) => message.message);
}

describe("the lint holds the arrows", () => {
  // The first lint loads the config and the TypeScript parser: seconds on a busy machine.
  beforeAll(() => eslint.lintText("", { filePath: "src/pool/x.ts" }), 60_000);

  it.each([
    // Nothing in pool/ or script/ imports anything else of ours.
    ["src/pool/x.ts", "../ui/common/format.ts"],
    ["src/pool/x.ts", "../script/index.ts"],
    ["src/script/x.ts", "../pool/index.ts"],
    // workload/ and engine/ import only below them.
    ["src/workload/x.ts", "../engine/types.ts"],
    ["src/engine/x.ts", "../worker/protocol.ts"],
    ["src/engine/x.ts", "../store/index.ts"],
    ["src/engine/x.ts", "../cli/main.ts"],
    // worker/ and cli/ know nothing of the page.
    ["src/worker/x.ts", "../store/index.ts"],
    ["src/worker/x.ts", "../ui/app/App.tsx"],
    ["src/cli/x.ts", "../store/boot.ts"],
    // store/ reaches the worker only through the client and the protocol.
    ["src/store/x.ts", "../engine/types.ts"],
    ["src/store/x.ts", "../worker/pool.worker.ts"],
    ["src/store/x.ts", "../ui/common/format.ts"],
    // ui/ reads the store and the protocol's types, never the bridge or the engine.
    ["src/ui/pool/X.tsx", "../../worker/client.ts"],
    ["src/ui/pool/X.tsx", "../../pool/index.ts"],
    ["src/ui/app/X.tsx", "../../engine/session.ts"],
    ["src/ui/editor/X.tsx", "../../script/index.ts"],
    ["src/ui/x.ts", "../pool/index.ts"],
    // Libraries stay in their places.
    ["src/ui/app/X.tsx", "recharts"],
    ["src/ui/editor/X.tsx", "recharts"],
    ["src/ui/charts/X.tsx", "@codemirror/view"],
    ["src/ui/pool/X.tsx", "codemirror"],
    ["src/engine/x.ts", "react"],
    ["src/worker/x.ts", "zustand/vanilla"],
  ])("%s may not import %s", async (file, from) => {
    expect(await restrictedImports(file, from)).toHaveLength(1);
  });

  it.each([
    ["src/pool/x.ts", "./sizeClasses.ts"],
    ["src/workload/x.ts", "../script/index.ts"],
    ["src/workload/x.ts", "../pool/index.ts"],
    ["src/engine/x.ts", "../workload/detect.ts"],
    ["src/engine/x.ts", "../pool/index.ts"],
    ["src/worker/x.ts", "../engine/playback.ts"],
    ["src/cli/x.ts", "../engine/session.ts"],
    ["src/store/x.ts", "../worker/client.ts"],
    ["src/store/x.ts", "../worker/protocol.ts"],
    ["src/store/react.ts", "zustand"],
    ["src/ui/pool/X.tsx", "../../store/index.ts"],
    ["src/ui/pool/X.tsx", "../../worker/protocol.ts"],
    // ui/pool/ is a feature folder of the page, not src/pool/.
    ["src/ui/app/X.tsx", "../pool/ClassBars.tsx"],
    ["src/ui/pool/X.tsx", "../charts/ClassBarChart.tsx"],
    ["src/ui/charts/X.tsx", "recharts"],
    ["src/ui/editor/X.tsx", "@codemirror/view"],
    ["src/ui/editor/X.tsx", "codemirror"],
    ["src/ui/playback/X.tsx", "zustand/react/shallow"],
    // The wiring, the test helpers and the tests may import anything.
    ["src/main.tsx", "./worker/pool.worker.ts"],
    ["src/testing/x.ts", "../ui/common/format.ts"],
    ["src/pool/x.test.ts", "../ui/common/format.ts"],
    ["src/ui/presets/x.test.ts", "../../script/index.ts"],
  ])("%s may import %s", async (file, from) => {
    expect(await restrictedImports(file, from)).toEqual([]);
  });
});

describe("the lint holds files to 450 lines", () => {
  beforeAll(() => eslint.lintText("", { filePath: "src/pool/x.ts" }), 60_000);

  async function tooLong(file: string, lines: number): Promise<boolean> {
    const text = Array.from({ length: lines }, (_, k) => `// line ${k + 1}\n`).join("");
    const [result] = await eslint.lintText(text, { filePath: file });
    return (result?.messages ?? []).some((message) => message.ruleId === "max-lines");
  }

  it.each([
    ["src/engine/x.ts", 451, true],
    ["src/engine/x.ts", 450, false],
    ["src/ui/pool/X.tsx", 451, true],
    // Tests and benchmarks may run longer.
    ["src/engine/x.test.ts", 451, false],
    ["src/script/x.bench.ts", 451, false],
  ])("%s of %i lines is too long: %s", async (file, lines, expected) => {
    expect(await tooLong(file, lines)).toBe(expected);
  });
});
