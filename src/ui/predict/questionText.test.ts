import { describe, expect, it } from "vitest";
import type { PredictQuestion, PredictRecord } from "../../store/index.ts";
import { questionText, verdictText } from "./questionText.ts";

const base = { step: 5, line: 7, name: "b", sizeClass: 2, amount: 0, capacity: 0 };

describe("predict mode's sentences", () => {
  it.each<[string, PredictQuestion, string]>([
    [
      "an acquire",
      { ...base, kind: "acquire", amount: 10_000 },
      "Step 5 (line 7): acquire b, 10,000 B, in the 16 KiB class. Recycle or miss?",
    ],
    [
      "an oversized acquire",
      { ...base, kind: "acquire", sizeClass: -1, amount: 2 << 20 },
      "Step 5 (line 7): acquire b, 2 MiB, over the largest class. Recycle or miss?",
    ],
    [
      "a release by a click",
      { ...base, kind: "release", line: 0, capacity: 16_384 },
      "Step 5 (click): release b, a 16 KiB buffer. Back on the list, or dropped?",
    ],
    [
      "an oversized release",
      { ...base, kind: "release", sizeClass: -1, capacity: 3 << 20 },
      "Step 5 (line 7): release b, an oversized 3 MiB buffer. Back on the list, or dropped?",
    ],
    [
      "a resize",
      { ...base, kind: "resize", amount: 102_400, capacity: 16_384 },
      "Step 5 (line 7): resize b to 100 KiB; its capacity is 16 KiB. Does it grow, or fit?",
    ],
  ])("asks about %s without saying what came of it", (_case, question, text) => {
    expect(questionText(question)).toBe(text);
  });

  it("shortens a long name in the question", () => {
    const name = "x".repeat(10_000);
    expect(questionText({ ...base, kind: "release", name }).length).toBeLessThan(120);
  });

  it.each<[string, PredictRecord, string | undefined, string]>([
    [
      "a right answer",
      { step: 3, kind: "acquire", answer: "Miss", outcome: "Miss", right: true },
      "why",
      "Right: Miss.",
    ],
    [
      "a wrong one with the lesson's reason",
      {
        step: 13,
        kind: "release",
        answer: "Back on the list",
        outcome: "Dropped: list full",
        right: false,
      },
      "The list was full.",
      "Not quite: Dropped: list full. You said Back on the list. The list was full.",
    ],
    [
      "a wrong one with no reason",
      { step: 2, kind: "resize", answer: "Fits", outcome: "Grows", right: false },
      undefined,
      "Not quite: Grows. You said Fits.",
    ],
  ])("says %s", (_case, record, reason, text) => {
    expect(verdictText(record, reason)).toBe(text);
  });
});
