/**
 * Start-up: builds the store around a worker bridge and decides which script
 * to show — a share link, else the saved script, else the default preset —
 * then saves every change. Everything it reads from the page comes in as an
 * argument, so a Node test can boot it with a fake worker.
 */
import { PoolClient } from "../worker/client.ts";
import { applyUpdate } from "./apply.ts";
import { loadSaved, save, type SaveArea } from "./persistence.ts";
import { parseShareHash } from "./shareLink.ts";
import { DEFAULTS, createPlaygroundStore, loadCommand, type PlaygroundStore } from "./store.ts";

/** What start-up reads from the page. */
export interface BootEnvironment {
  /** The location hash at start-up (`#script=…&run=1`, or empty). */
  readonly hash: string;
  /** Where the script is saved (localStorage); undefined when site data is blocked. */
  readonly storage: SaveArea | undefined;
  /** The script for a first visit (the warm-up preset). */
  readonly defaultSource: string;
  /** The visitor's prefers-reduced-motion. */
  readonly prefersReducedMotion: boolean;
  /** The page's address now; share links point there. */
  readonly pageUrl: () => string;
  /** Schedules the flush of one frame's worker messages (requestAnimationFrame on the page). */
  readonly frame: (callback: () => void) => void;
}

/** A booted playground. */
export interface Playground {
  /** The one store; hand it to `StoreProvider`. */
  readonly store: PlaygroundStore;
  /**
   * Opens a share-link hash in the running page (a `hashchange`): loads its
   * script and, with `run=1` or `step=N`, runs it at full speed. False when the
   * hash holds no script or a broken one (the current script stays; a notice says why).
   */
  openShareLink(hash: string): boolean;
  /** Stops the worker and the saving. */
  stop(): void;
}

/** Starts the playground: one worker from `createWorker`, the first script loaded. */
export function boot(env: BootEnvironment, createWorker: () => Worker): Playground {
  const client = new PoolClient({
    onUpdate: (update) => applyUpdate(store.setState, update),
    onCrash: (reason) => store.setState({ notice: reason }),
    createWorker,
    frame: env.frame,
  });
  const store = createPlaygroundStore((command) => client.send(command), env.pageUrl);
  /** True while a share link is being opened, so its script is not saved over the user's. */
  let openingLink = false;

  function openShareLink(hash: string, fallback = "Your current script"): boolean {
    const link = parseShareHash(hash);
    if (link === null) return false;
    if ("broken" in link) {
      store.setState({
        notice: `This share link could not be opened: ${link.broken}. ${fallback} was loaded instead.`,
      });
      return false;
    }
    // A link shows someone else's script: it must not overwrite the one saved here.
    openingLink = true;
    store.setState({
      source: link.source,
      capacity: link.capacity ?? store.getState().capacity,
      motion: !env.prefersReducedMotion && link.motion,
      notice: null,
    });
    openingLink = false;
    client.send(loadCommand(store.getState()));
    if (link.step !== undefined) client.send({ type: "run", speed: "max", untilStep: link.step });
    else if (link.run) client.send({ type: "run", speed: "max" });
    return true;
  }

  const saved = loadSaved(env.storage);
  store.setState({
    source: saved?.source ?? env.defaultSource,
    capacity: saved?.capacity ?? DEFAULTS.capacity,
    speed: saved?.speed ?? DEFAULTS.speed,
    memoryBudgetMiB: saved?.memoryBudgetMiB ?? DEFAULTS.memoryBudgetMiB,
    motion: !env.prefersReducedMotion,
    saveProblem: env.storage === undefined ? "blocked" : null,
  });
  if (!openShareLink(env.hash, saved ? "Your last saved script" : "The warm-up preset")) {
    client.send(loadCommand(store.getState()));
  }
  const stopSaving = store.subscribe((state, previous) => {
    if (openingLink) return;
    if (
      state.source !== previous.source ||
      state.capacity !== previous.capacity ||
      state.speed !== previous.speed ||
      state.memoryBudgetMiB !== previous.memoryBudgetMiB
    ) {
      const saveProblem = save(env.storage, {
        source: state.source,
        capacity: state.capacity,
        speed: state.speed,
        memoryBudgetMiB: state.memoryBudgetMiB,
      });
      if (saveProblem !== state.saveProblem) store.setState({ saveProblem });
    }
  });

  return {
    store,
    openShareLink: (hash) => openShareLink(hash),
    stop() {
      stopSaving();
      client.terminate();
    },
  };
}
