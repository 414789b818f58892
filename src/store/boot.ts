/**
 * Start-up: builds the store around a worker bridge and decides which script
 * to show — a share link, else this tab's saved script, else the one saved
 * last by any tab, else the default preset — then saves every change, and
 * says when another tab saves a different script. Everything it reads from
 * the page comes in as an argument, so a Node test can boot it with a fake
 * worker and fake storage.
 */
import { PoolClient } from "../worker/client.ts";
import { applyUpdate } from "./apply.ts";
import { isEmbedHash } from "./embed.ts";
import { exportAssembler } from "./exports.ts";
import {
  STORAGE_KEY,
  loadSaved,
  loadWork,
  parseSaved,
  save,
  saveWork,
  type SaveArea,
  type SaveAreas,
  type Saved,
} from "./persistence.ts";
import { parseShareHash, type ShareLink } from "./shareLink.ts";
import { recallTrace, rememberTrace, traceLoaded, traceReported } from "./trace.ts";
import {
  DEFAULTS,
  createPlaygroundStore,
  loadCommand,
  type PlaygroundState,
  type PlaygroundStore,
} from "./store.ts";

/** What start-up reads from the page. */
export interface BootEnvironment {
  /** The location hash at start-up (`#script=…&run=1`, or empty). */
  readonly hash: string;
  /** Where the script saved last by any tab is kept (localStorage); undefined when site data is blocked. */
  readonly storage: SaveArea | undefined;
  /** Where this tab's own script is kept (sessionStorage); undefined when blocked. */
  readonly tabStorage: SaveArea | undefined;
  /**
   * Calls `listener` when another tab writes to `storage` (the `storage`
   * event: the key, and the new value or null); returns a function that stops.
   */
  readonly watchOtherTabs: (
    listener: (key: string | null, newValue: string | null) => void,
  ) => () => void;
  /** The script for a first visit (the warm-up preset). */
  readonly defaultSource: string;
  /** The visitor's prefers-reduced-motion. */
  readonly prefersReducedMotion: boolean;
  /** The page's address now; share links point there. */
  readonly pageUrl: () => string;
  /**
   * Takes the share link out of the address bar (`history.replaceState`), once
   * the script it opened has become the visitor's work, so a reload opens that work.
   */
  readonly forgetLink: () => void;
  /** Schedules the flush of one frame's worker messages (requestAnimationFrame on the page). */
  readonly frame: (callback: () => void) => void;
  /** Hands the visitor a finished export file (a download on the page). */
  readonly saveFile?: (fileName: string, blob: Blob) => void;
}

/** Said when another tab has saved a script other than this tab's. */
export const OTHER_TAB_NOTICE =
  "Another tab saved a different script. This tab keeps its own, and a new tab opens whichever was saved last.";

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
  /**
   * Shows `source` (with `capacity` when given) as a share link does, without
   * saving it over the visitor's own script: an embed's host loading a script.
   */
  openScript(source: string, capacity?: number): void;
  /** True for the embed (`embed=1`): it reads and writes no saved script. */
  readonly embedded: boolean;
  /** Stops the worker and the saving. */
  stop(): void;
}

/** Starts the playground: one worker from `createWorker`, the first script loaded. */
export function boot(env: BootEnvironment, createWorker: () => Worker): Playground {
  // A course page's embed must never overwrite a learner's work, nor show it.
  const embedded = isEmbedHash(env.hash);
  const client = new PoolClient({
    onUpdate: (update) => {
      applyUpdate(store, update, (command) => client.send(command));
      if (update.trace !== undefined) store.setState(traceLoaded(store.getState(), update.trace));
    },
    onTrace: (report) => {
      if (report.type === "converted") store.getState().setSource(report.script);
      else store.setState(traceReported(store.getState(), report));
    },
    onCrash: (reason) => {
      exports.abort("The export stopped when the pool worker restarted; try it again.");
      // A step predict mode asked for died with the worker: the restore's load report asks again.
      store.setState({ notice: reason, predictAskedSinceLoad: false });
    },
    onExport: (report) => exports.hear(report),
    createWorker,
    frame: env.frame,
  });
  const exports = exportAssembler(
    (partial) => store.setState(partial),
    (fileName, blob) => env.saveFile?.(fileName, blob),
  );
  const store = createPlaygroundStore((command) => client.send(command), env.pageUrl);
  /** True while a share link is being opened, so its script is not saved over the user's. */
  let openingLink = false;
  /** True while the address bar holds the link whose script is shown. */
  let showingLink = false;

  function openShareLink(hash: string, fallback = "Your current script"): boolean {
    const link = parseShareHash(hash);
    if (link === null) return false;
    if ("broken" in link) {
      store.setState({
        notice: `This share link could not be opened: ${link.broken}. ${fallback} was loaded instead.`,
      });
      return false;
    }
    openLink(link);
    return true;
  }

  function openLink(link: ShareLink): void {
    // A link shows someone else's script: it must not overwrite the one saved here.
    openingLink = true;
    store.setState({
      source: link.source,
      capacity: link.capacity ?? store.getState().capacity,
      motion: !env.prefersReducedMotion && link.motion,
      notice: null,
      // Questions start when the script has loaded.
      ...(link.predict === true ? { predict: true, predictAnswers: [] } : {}),
    });
    openingLink = false;
    showingLink = true;
    client.send(loadCommand(store.getState()));
    store.getState().setCompare(link.compare ?? null);
    // The sweep first: starting one pauses a run, while a run started after it goes on beside it.
    if (link.sweep !== undefined) store.getState().sweepCapacities(link.sweep);
    // Through the store: predict mode asks its first question where the run stops.
    const { send } = store.getState();
    if (link.step !== undefined) send({ type: "run", speed: "max", untilStep: link.step });
    else if (link.run) send({ type: "run", speed: "max" });
  }

  const areas: SaveAreas = embedded
    ? { tab: undefined, shared: undefined }
    : { tab: env.tabStorage, shared: env.storage };
  const work = loadWork(areas);
  const saved = work?.saved ?? null;
  store.setState({
    source: saved?.source ?? env.defaultSource,
    capacity: saved?.capacity ?? DEFAULTS.capacity,
    speed: saved?.speed ?? DEFAULTS.speed,
    memoryBudgetMiB: saved?.memoryBudgetMiB ?? DEFAULTS.memoryBudgetMiB,
    motion: !env.prefersReducedMotion,
    saveProblem: env.storage === undefined && !embedded ? "blocked" : null,
    // A trace file can't be kept across a reload: the page says which one to open again.
    traceForgotten: env.hash === "" ? recallTrace(areas.tab) : null,
  });

  /** True once another tab's save has been told, until this tab saves again. */
  let toldOfOtherTab = false;
  function tellOfOtherTab(): void {
    toldOfOtherTab = true;
    if (store.getState().notice === null) store.setState({ notice: OTHER_TAB_NOTICE });
  }

  if (!openShareLink(env.hash, saved ? "Your last saved script" : "The warm-up preset")) {
    client.send(loadCommand(store.getState()));
    // The tab keeps what it shows, whatever other tabs save before its first change.
    if (!embedded) save(areas.tab, savedPart(store.getState()));
    const last = loadSaved(areas.shared);
    if (work?.own && last !== null && last.source !== work.saved.source) tellOfOtherTab();
  }

  const stopWatching = embedded
    ? () => {}
    : env.watchOtherTabs((key, newValue) => {
        if (key !== STORAGE_KEY || toldOfOtherTab) return;
        const other = parseSaved(newValue);
        if (other !== null && other.source !== store.getState().source) tellOfOtherTab();
      });

  const stopSaving = store.subscribe((state, previous) => {
    if (embedded) return;
    // The trace open, or the one still to be opened again, until the user moves on.
    const traceName = state.trace?.name ?? state.traceForgotten;
    if (traceName !== (previous.trace?.name ?? previous.traceForgotten)) {
      rememberTrace(env.tabStorage, traceName);
    }
    if (openingLink) return;
    if (
      state.source !== previous.source ||
      state.capacity !== previous.capacity ||
      state.speed !== previous.speed ||
      state.memoryBudgetMiB !== previous.memoryBudgetMiB
    ) {
      toldOfOtherTab = false;
      if (showingLink) {
        // The linked script is the visitor's now: a reload must open it, not the link again.
        showingLink = false;
        env.forgetLink();
      }
      const saveProblem = saveWork(areas, savedPart(state));
      if (saveProblem !== state.saveProblem) store.setState({ saveProblem });
    }
  });

  return {
    store,
    openShareLink: (hash) => openShareLink(hash),
    openScript(source, capacity) {
      const { motion } = store.getState();
      openLink({ source, run: false, motion, ...(capacity === undefined ? {} : { capacity }) });
    },
    embedded,
    stop() {
      stopSaving();
      stopWatching();
      client.terminate();
    },
  };
}

/** What of the store is saved. */
function savedPart(state: PlaygroundState): Saved {
  return {
    source: state.source,
    capacity: state.capacity,
    speed: state.speed,
    memoryBudgetMiB: state.memoryBudgetMiB,
  };
}
