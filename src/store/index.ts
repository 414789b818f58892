/**
 * The app's store instance, wired to the worker bridge, and the start-up that
 * decides which script to show: a share link, else the saved script, else a preset.
 */
import { PoolClient } from "../worker/client.ts";
import { applyUpdate } from "./apply.ts";
import { loadSaved, save } from "./persistence.ts";
import { parseShareHash } from "./shareLink.ts";
import { DEFAULTS, createPlaygroundStore, loadCommand } from "./store.ts";

export type { PlaygroundState, PlaygroundStore } from "./store.ts";
export { DEFAULTS, MIB, SWEEP_CAPACITIES, SWEEP_MAX_STEPS } from "./store.ts";
export { kneeOf } from "./sweep.ts";

const client = new PoolClient({
  onUpdate: (update) => applyUpdate(useStore.setState, update),
  onCrash: (reason) => useStore.setState({ notice: reason }),
});

/** The one store. Components select narrowly from it. */
export const useStore = createPlaygroundStore(
  (command) => client.send(command),
  () => globalThis.location.href,
);

/** What start-up reads from the page; passed in so it can be tested. */
export interface BootEnvironment {
  readonly hash: string;
  readonly storage: Storage | undefined;
  /** The script for a first visit (the warm-up preset). */
  readonly defaultSource: string;
  readonly prefersReducedMotion: boolean;
}

/** True while a share link is being opened, so its script is not saved over the user's. */
let openingLink = false;

/** The visitor's prefers-reduced-motion, read once at start-up. */
let reducedMotion = false;

/** Loads the first script and, for a `run=1` link, runs it; then saves every change. */
export function boot(env: BootEnvironment): void {
  reducedMotion = env.prefersReducedMotion;
  const saved = loadSaved(env.storage);
  useStore.setState({
    source: saved?.source ?? env.defaultSource,
    capacity: saved?.capacity ?? DEFAULTS.capacity,
    speed: saved?.speed ?? DEFAULTS.speed,
    memoryBudgetMiB: saved?.memoryBudgetMiB ?? DEFAULTS.memoryBudgetMiB,
    motion: !env.prefersReducedMotion,
  });
  if (!openShareLink(env.hash, saved ? "Your last saved script" : "The warm-up preset")) {
    client.send(loadCommand(useStore.getState()));
  }
  useStore.subscribe((state, previous) => {
    if (openingLink) return;
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

/**
 * Opens a share-link hash: loads its script and, with `run=1` or `step=N`, runs it
 * at full speed. Returns false when the hash holds no script or a broken one (then
 * the current script stays, and a notice says why, naming `fallback`).
 */
export function openShareLink(hash: string, fallback = "Your current script"): boolean {
  const link = parseShareHash(hash);
  if (link === null) return false;
  if ("broken" in link) {
    useStore.setState({
      notice: `This share link could not be opened: ${link.broken}. ${fallback} was loaded instead.`,
    });
    return false;
  }
  // A link shows someone else's script: it must not overwrite the one saved here.
  openingLink = true;
  useStore.setState({
    source: link.source,
    capacity: link.capacity ?? useStore.getState().capacity,
    motion: !reducedMotion && link.motion,
    notice: null,
  });
  openingLink = false;
  client.send(loadCommand(useStore.getState()));
  if (link.step !== undefined) client.send({ type: "run", speed: "max", untilStep: link.step });
  else if (link.run) client.send({ type: "run", speed: "max" });
  return true;
}
