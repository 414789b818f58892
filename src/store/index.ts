/**
 * The app's store instance, wired to the worker bridge, and the start-up that
 * decides which script to show: a share link, else the saved script, else a preset.
 */
import { PoolClient } from "../worker/client.ts";
import type { Speed } from "../worker/protocol.ts";
import { applyUpdate } from "./apply.ts";
import { loadSaved, save } from "./persistence.ts";
import { parseShareHash } from "./shareLink.ts";
import { DEFAULTS, MIB, createPlaygroundStore } from "./store.ts";

export type { PlaygroundState, PlaygroundStore } from "./store.ts";
export { DEFAULTS, MIB } from "./store.ts";

const client = new PoolClient({
  onUpdate: (update) => applyUpdate(useStore.setState, update),
  onCrash: (reason) => useStore.setState({ notice: reason }),
});

/** The one store. Components select narrowly from it. */
export const useStore = createPlaygroundStore(client, () => globalThis.location.href);

/** What start-up reads from the page; passed in so it can be tested. */
export interface BootEnvironment {
  readonly hash: string;
  readonly storage: Storage | undefined;
  /** The script for a first visit (the warm-up preset). */
  readonly defaultSource: string;
  readonly prefersReducedMotion: boolean;
}

/** Loads the first script and, for a `run=1` link, runs it; then saves every change. */
export function boot(env: BootEnvironment): void {
  const saved = loadSaved(env.storage);
  const link = parseShareHash(env.hash);
  let source = saved?.source ?? env.defaultSource;
  let capacity = saved?.capacity ?? DEFAULTS.capacity;
  const speed: Speed = saved?.speed ?? DEFAULTS.speed;
  const memoryBudgetMiB = saved?.memoryBudgetMiB ?? DEFAULTS.memoryBudgetMiB;
  let notice: string | null = null;
  let motion = !env.prefersReducedMotion;
  if (link && "broken" in link) {
    notice = `This share link could not be opened: ${link.broken}. ${saved ? "Your last saved script" : "The warm-up preset"} was loaded instead.`;
  } else if (link) {
    source = link.source;
    if (link.capacity !== undefined) capacity = link.capacity;
    motion &&= link.motion;
  }
  useStore.setState({ source, capacity, speed, memoryBudgetMiB, motion, notice });
  client.load(source, capacity, memoryBudgetMiB * MIB);
  if (link && !("broken" in link) && (link.run || link.step !== undefined)) {
    client.run("max", link.step);
  }
  useStore.subscribe((state, previous) => {
    if (
      state.source !== previous.source ||
      state.capacity !== previous.capacity ||
      state.speed !== previous.speed ||
      state.memoryBudgetMiB !== previous.memoryBudgetMiB
    ) {
      save(env.storage, {
        source: state.source,
        capacity: state.capacity,
        speed: state.speed,
        memoryBudgetMiB: state.memoryBudgetMiB,
      });
    }
  });
}
