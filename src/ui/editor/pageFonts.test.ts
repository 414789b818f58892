import { afterEach, describe, expect, it, vi } from "vitest";
import { pageFontsReady } from "./pageFonts.ts";

type Face = Pick<FontFace, "family" | "weight" | "style">;

/** A FontFaceSet of `faces` whose `load` answers with `answer`, recording what it was asked. */
function fontSet(faces: readonly Face[], answer: () => Promise<FontFace[]>) {
  const asked: string[] = [];
  const fonts = {
    forEach(callback: (face: Face) => void) {
      faces.forEach((face) => callback(face));
    },
    load(font: string) {
      asked.push(font);
      return answer();
    },
  } as unknown as FontFaceSet;
  return { fonts, asked };
}

const INTER_SUBSETS: Face[] = [
  { family: "Inter", weight: "400", style: "normal" },
  { family: "Inter", weight: "400", style: "normal" },
  { family: "Inter", weight: "600", style: "normal" },
  { family: "JetBrains Mono", weight: "400", style: "normal" },
];

describe("pageFontsReady", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("loads each declared family, weight and style once, and resolves when they have loaded", async () => {
    const { fonts, asked } = fontSet(INTER_SUBSETS, () => Promise.resolve([]));
    await expect(pageFontsReady(fonts)).resolves.toBeUndefined();
    expect(asked).toEqual([
      'normal 400 16px "Inter"',
      'normal 600 16px "Inter"',
      'normal 400 16px "JetBrains Mono"',
    ]);
  });

  it("resolves, not rejects, when a font fails to load", async () => {
    const { fonts } = fontSet(INTER_SUBSETS, () => Promise.reject(new Error("network")));
    await expect(pageFontsReady(fonts)).resolves.toBeUndefined();
  });

  it("stops waiting after the time it is given", async () => {
    vi.useFakeTimers();
    const { fonts } = fontSet(INTER_SUBSETS, () => new Promise<FontFace[]>(() => {}));
    let ready = false;
    void pageFontsReady(fonts, 3_000).then(() => {
      ready = true;
    });
    await vi.advanceTimersByTimeAsync(2_999);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
  });
});
