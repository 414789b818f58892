/**
 * Compare's words: where A and B part, in one sentence, and B − A as a
 * signed number. Pure, so every sentence is checked in a table
 * (`explainCompare.test.ts`), as the step sentences are (`pool/explain.ts`).
 */
import type { CompareSnapshot } from "../../worker/protocol.ts";
import { classLabel, formatCount, formatRunError, shownName } from "../common/format.ts";

/**
 * Says where A (capacity `capacityA`, at `step`) and B part: the release one
 * drops and the other keeps, or that they agree up to the step shown.
 */
export function explainCompare(compare: CompareSnapshot, step: number, capacityA: number): string {
  const capacityB = compare.capacityPerClass;
  const stopped =
    compare.error === null
      ? ""
      : ` B stopped at step ${formatCount(compare.step)}: ${formatRunError(compare.error)}`;
  if (capacityA === capacityB) {
    return `A and B both keep up to ${formatCount(capacityA)} buffers per class, so they never part.${stopped}`;
  }
  const parting = compare.divergence;
  if (catchingUp(compare, step) && (parting === null || parting.step > step)) {
    return `B is catching up with A, replaying its steps: step ${formatCount(compare.step)} of ${formatCount(step)}.`;
  }
  const searching = compare.searching;
  if (parting === null && searching !== null) {
    const dropper = capacityA < capacityB ? "A" : "B";
    return (
      `Looking for where A and B part: ${dropper} has dropped a buffer by step ` +
      `${formatCount(searching.of)}; every step up to ${formatCount(searching.step)} has the same outcome.${stopped}`
    );
  }
  if (parting === null || parting.step > step) {
    const smaller = Math.min(capacityA, capacityB);
    const ahead =
      parting === null
        ? ` no release has found a list full at capacity ${formatCount(smaller)} yet.`
        : `; they part at step ${formatCount(parting.step)}, when ${parting.dropped} drops ${shownName(parting.name)}.`;
    return `A and B agree up to here:${parting === null ? ahead : ` every step so far has the same outcome${ahead}`}${stopped}`;
  }
  const keeper = parting.dropped === "A" ? "B" : "A";
  const full =
    parting.capacityPerClass === 0
      ? `${parting.dropped} keeps no buffers (capacity 0)`
      : `its ${classLabel(parting.sizeClass)} list is full`;
  return (
    `At step ${formatCount(parting.step)} ${parting.dropped} drops ${shownName(parting.name)}: ` +
    `${full}; ${keeper} keeps it.${stopped}`
  );
}

/**
 * Whether B is still replaying the steps up to A's `step` (Compare turned on
 * late in a run); then B's numbers are those of an earlier step than A's.
 */
export function catchingUp(compare: CompareSnapshot, step: number): boolean {
  return compare.error === null && compare.step < step;
}

/**
 * B − A as a signed number, bare like the counters' text: "+3", "-2" (a plain
 * hyphen-minus), "0"; so `Number(text)` reads it back.
 */
export function formatDelta(delta: number): string {
  return delta > 0 ? `+${delta}` : String(delta);
}
