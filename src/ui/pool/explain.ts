/**
 * One plain sentence saying why the last step did what it did.
 *
 * Pure: it reads only the event and the pool's numbers passed in, so every
 * sentence can be checked in a table (see `explain.test.ts`).
 */
import type { PoolEvent } from "../../worker/protocol.ts";
import {
  CLASS_SIZES,
  LARGEST_CLASS_SIZE,
  classLabel,
  formatCount,
  formatSize,
  shownName,
} from "../common/format.ts";

/** Shown before the first step. */
export const INTRO =
  "Press Step to run the first line of the script, or Run to play it. " +
  "Each step is one acquire, release or resize, and this sentence says what the pool did and why.";

/**
 * Explains `event` in one sentence.
 *
 * @param capacityPerClass the pool's cap on each free list.
 * @param freeListLengths free-list length per class right after the event, when known;
 *   it lets a release say how full its list now is ("3 of 4").
 */
export function explain(
  event: PoolEvent | null,
  capacityPerClass: number,
  freeListLengths?: readonly number[],
): string {
  if (event === null) return INTRO;
  const where = event.line > 0 ? `line ${event.line}` : "click";
  const head = `Step ${formatCount(event.step)} (${where}): `;
  switch (event.op) {
    case "acquire":
      return head + explainAcquire(event);
    case "release":
      return head + explainRelease(event, capacityPerClass, freeListLengths?.[event.sizeClass]);
    case "resize":
      return head + explainResize(event);
  }
}

type Acquire = Extract<PoolEvent, { op: "acquire" }>;
type Release = Extract<PoolEvent, { op: "release" }>;
type Resize = Extract<PoolEvent, { op: "resize" }>;

function explainAcquire(event: Acquire): string {
  const asked = `acquire ${event.name}, ${formatSize(event.size)}`;
  const classSize = CLASS_SIZES[event.sizeClass];
  if (classSize === undefined) {
    return (
      `${asked} — ${formatSize(event.size)} is larger than the largest class ` +
      `(${formatSize(LARGEST_CLASS_SIZE)}): allocated exactly, counted as a miss, never pooled.`
    );
  }
  const label = formatSize(classSize);
  const waste = classSize - event.size;
  const fit =
    waste === 0
      ? `the class ${label} fits exactly`
      : `the smallest class that fits is ${label} (${formatSize(waste)} lost to rounding up)`;
  if (event.outcome === "miss") {
    return (
      `${asked} — ${fit}. The free list of ${label} was empty, ` +
      `so this is a miss: a fresh ${label} buffer was allocated.`
    );
  }
  const grown =
    event.capacity > classSize
      ? ` It is a grown buffer: its length is reset to ${label}, ` +
        `but it keeps its ${formatSize(event.capacity)} capacity.`
      : "";
  return (
    `${asked} — ${fit}. Its free list had a buffer, ` +
    `so it was recycled: zero-filled and handed out.${grown}`
  );
}

function explainRelease(
  event: Release,
  capacityPerClass: number,
  freeListLength: number | undefined,
): string {
  const label = classLabel(event.sizeClass);
  const released = `release ${event.name}`;
  switch (event.outcome) {
    case "pooled": {
      const fill =
        freeListLength === undefined
          ? ""
          : ` (${formatCount(freeListLength)} of ${formatCount(capacityPerClass)})`;
      const classSize = CLASS_SIZES[event.sizeClass] ?? event.capacity;
      const grown =
        event.capacity > classSize
          ? `, still grown to ${formatSize(event.capacity)}: the list now keeps more memory than ${label}`
          : "";
      return `${released} — back on the ${label} free list${fill}${grown}.`;
    }
    case "dropped-full":
      return capacityPerClass === 0
        ? `${released} — the capacity per class is 0, so nothing is pooled: the buffer is dropped.`
        : `${released} — the ${label} free list already holds ${formatCount(capacityPerClass)} ` +
            `(the capacity), so the buffer is dropped.`;
    case "dropped-oversized":
      return (
        `${released} — ${formatSize(event.capacity)} is larger than the largest class, ` +
        `so it was never pooled: the buffer is dropped.`
      );
  }
}

function explainResize(event: Resize): string {
  const resized = `resize ${event.name} to ${formatSize(event.length)}`;
  if (event.capacity === event.previousCapacity) {
    return (
      `${resized} — it fits in the buffer's capacity (${formatSize(event.capacity)}), ` +
      `so only its length changes.`
    );
  }
  const rule =
    `capacity grows to max(2 × ${formatCount(event.previousCapacity)}, ` +
    `${formatCount(event.length)}) = ${formatCount(event.capacity)} B`;
  const after =
    event.sizeClass < 0
      ? "it is oversized, so it will be dropped when released"
      : `it will go back to the ${classLabel(event.sizeClass)} list still grown`;
  return `${resized} — longer than its capacity, so ${rule}; ${after}.`;
}

/** One short log line for an event: "#12 acquire a 4 KiB — recycle". */
export function describeEvent(event: PoolEvent): string {
  const head = `#${event.step} ${event.op} ${event.name}`;
  switch (event.op) {
    case "acquire":
      return `${head} ${event.sizeClass < 0 ? formatSize(event.size) : classLabel(event.sizeClass)} — ${event.outcome}`;
    case "release": {
      const size = event.sizeClass < 0 ? formatSize(event.capacity) : classLabel(event.sizeClass);
      return `${head} ${size} — ${RELEASE_WORDS[event.outcome]}`;
    }
    case "resize":
      return event.capacity === event.previousCapacity
        ? `${head} to ${formatSize(event.length)} — in place`
        : `${head} to ${formatSize(event.length)} — grew to ${formatSize(event.capacity)}`;
  }
}

const RELEASE_WORDS: Record<Release["outcome"], string> = {
  pooled: "pooled",
  "dropped-full": "dropped, list full",
  "dropped-oversized": "dropped, oversized",
};

/**
 * A line about an event as the page shows it, with a long buffer name
 * shortened (see `shownName`), and the whole line when it was, for a tooltip.
 */
export function shownText(
  event: PoolEvent,
  say: (event: PoolEvent) => string,
): { readonly text: string; readonly full: string | undefined } {
  const name = shownName(event.name);
  if (name === event.name) return { text: say(event), full: undefined };
  return { text: say({ ...event, name }), full: say(event) };
}
