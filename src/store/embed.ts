/**
 * The embed's postMessage API (SPEC §5b), as data: what a host may ask
 * ({@link readHostMessage}: the shape checked strictly, anything else is
 * null and ignored, never evaluated), what the playground tells it
 * ({@link stateMessage}), and how a command is obeyed ({@link obeyHost}).
 * The window is not here: `ui/embed/hostBridge.ts` listens and posts.
 */
import { LIMITS, type Snapshot } from "../worker/protocol.ts";
import { isWithinLimit } from "./settings.ts";
import type { PlaygroundState } from "./store.ts";

/** The `source` of every message, both ways. */
export const MESSAGE_SOURCE = "pool-playground";

/** What a host may ask of an embedded playground. */
export type HostCommand =
  | {
      readonly type: "load";
      readonly script: string;
      /** capacity_per_class when the script has no `capacity` line; left out, the current one stays. */
      readonly capacity?: number;
    }
  | { readonly type: "goto"; readonly step: number }
  | { readonly type: "run" }
  | { readonly type: "pause" };

/**
 * What the playground tells its host whenever the shown state settles: the
 * step, status and counters, and each of the nine classes' free and held.
 */
export type StateMessage = {
  readonly source: typeof MESSAGE_SOURCE;
  readonly type: "state";
} & Pick<Snapshot, "step" | "status" | "allocations" | "recycles" | "misses" | "free" | "held">;

/** The keys each command may have, and must have all of but `capacity`. */
const KEYS: Record<HostCommand["type"], readonly string[]> = {
  load: ["source", "type", "script", "capacity"],
  goto: ["source", "type", "step"],
  run: ["source", "type"],
  pause: ["source", "type"],
};

function isCommandType(type: unknown): type is HostCommand["type"] {
  return typeof type === "string" && Object.hasOwn(KEYS, type);
}

/**
 * Reads a message from a host: a {@link HostCommand} when it is exactly one
 * of §5b's (a plain object, `source: "pool-playground"`, a known `type`, no
 * other keys, each field of its type and within its limit), else null.
 * It only reads own data properties: nothing in the message is called.
 */
export function readHostMessage(data: unknown): HostCommand | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const prototype: unknown = Object.getPrototypeOf(data);
  if (prototype !== Object.prototype && prototype !== null) return null;
  const fields = new Map<string, unknown>();
  for (const key of Object.getOwnPropertyNames(data)) {
    const descriptor = Object.getOwnPropertyDescriptor(data, key);
    if (descriptor === undefined || !("value" in descriptor)) return null;
    fields.set(key, descriptor.value);
  }
  const type = fields.get("type");
  if (fields.get("source") !== MESSAGE_SOURCE || !isCommandType(type)) return null;
  if ([...fields.keys()].some((key) => !KEYS[type].includes(key))) return null;
  switch (type) {
    case "load": {
      const script = fields.get("script");
      if (typeof script !== "string" || script.length > LIMITS.maxScriptChars) return null;
      if (!fields.has("capacity")) return { type, script };
      const capacity = fields.get("capacity");
      return isWithinLimit("capacity", capacity) ? { type, script, capacity } : null;
    }
    case "goto": {
      const step = fields.get("step");
      return Number.isSafeInteger(step) && (step as number) >= 0
        ? { type, step: step as number }
        : null;
    }
    case "run":
    case "pause":
      return { type };
  }
}

/** The state message for a snapshot. */
export function stateMessage(snapshot: Snapshot): StateMessage {
  return {
    source: MESSAGE_SOURCE,
    type: "state",
    step: snapshot.step,
    status: snapshot.status,
    allocations: snapshot.allocations,
    recycles: snapshot.recycles,
    misses: snapshot.misses,
    free: [...snapshot.free],
    held: [...snapshot.held],
  };
}

/** Whether two state messages say the same. */
export function sameState(a: StateMessage, b: StateMessage): boolean {
  return (
    a.step === b.step &&
    a.status === b.status &&
    a.allocations === b.allocations &&
    a.recycles === b.recycles &&
    a.misses === b.misses &&
    a.free.every((n, k) => n === b.free[k]) &&
    a.held.every((n, k) => n === b.held[k])
  );
}

/** What obeying a host needs: the store, and a way to open a script without saving it. */
export interface HostTarget {
  readonly getState: () => Pick<PlaygroundState, "send" | "run">;
  /** Opens `source` as a share link would: shown, not saved over the visitor's own work. */
  readonly openScript: (source: string, capacity: number | undefined) => void;
}

/** Carries out a host's command. */
export function obeyHost(target: HostTarget, command: HostCommand): void {
  const { send, run } = target.getState();
  switch (command.type) {
    case "load":
      target.openScript(command.script, command.capacity);
      return;
    case "goto":
      // A step already recorded is shown by replay; a later one is run to, at full speed.
      send({ type: "seek", step: command.step });
      send({ type: "run", speed: "max", untilStep: command.step });
      return;
    case "run":
      run();
      return;
    case "pause":
      send({ type: "pause" });
      return;
  }
}

/** Whether the page is the embed: `embed=1` in its hash. */
export function isEmbedHash(hash: string): boolean {
  return hash
    .replace(/^#/, "")
    .split("&")
    .some((part) => part === "embed=1");
}

/** The embed's address for a share link: the same state, `&embed=1`. */
export function embedUrl(shareUrl: string): string {
  return `${shareUrl}&embed=1`;
}

/** The HTML a course page pastes to embed `url` (SPEC §5b "Copy embed code"). */
export function embedCode(url: string): string {
  const attribute = url.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  return `<iframe src="${attribute}" title="Pool Playground" width="600" height="400"></iframe>`;
}
