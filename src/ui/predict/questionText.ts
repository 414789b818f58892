/**
 * Predict mode's sentences: the question about a step (what it does, never
 * what came of it) and the verdict on an answer. Pure, so a table can check them.
 */
import type { PredictQuestion, PredictRecord } from "../../store/index.ts";
import { classLabel, formatCount, formatSize, shownName } from "../common/format.ts";

/** "Step 5 (line 7): acquire b, 10,000 B, in the 16 KiB class. Recycle or miss?" */
export function questionText(question: PredictQuestion): string {
  const where = question.line > 0 ? `line ${question.line}` : "click";
  const head = `Step ${formatCount(question.step)} (${where}): `;
  const name = shownName(question.name);
  const label = classLabel(question.sizeClass);
  switch (question.kind) {
    case "acquire": {
      const size = formatSize(question.amount);
      return question.sizeClass < 0
        ? `${head}acquire ${name}, ${size}, over the largest class. Recycle or miss?`
        : `${head}acquire ${name}, ${size}, in the ${label} class. Recycle or miss?`;
    }
    case "release": {
      const what =
        question.sizeClass < 0 ? `an oversized ${formatSize(question.capacity)}` : `a ${label}`;
      return `${head}release ${name}, ${what} buffer. Back on the list, or dropped?`;
    }
    case "resize":
      return (
        `${head}resize ${name} to ${formatSize(question.amount)}; its capacity is ` +
        `${formatSize(question.capacity)}. Does it grow, or fit?`
      );
  }
}

/** "Right: Recycle." or "Not quite: Miss. You said Recycle. <reason>" */
export function verdictText(record: PredictRecord, reason?: string): string {
  if (record.right) return `Right: ${record.outcome}.`;
  const why = reason === undefined ? "" : ` ${reason}`;
  return `Not quite: ${record.outcome}. You said ${record.answer}.${why}`;
}
