/**
 * The one store the page reads: a vanilla zustand store built from typed slices.
 * It knows no React (`react.ts` binds it) and no worker: it is handed `send`.
 *
 * The worker bridge writes snapshots into it with one `setState` per animation
 * frame; components select narrowly (`useStore((s) => s.snapshot.allocations)`).
 */
import { createStore, type StateCreator, type StoreApi } from "zustand/vanilla";
import { createExportSlice, type ExportSlice } from "./exports.ts";
import type { SaveProblem } from "./persistence.ts";
import { encodeShareHash } from "./shareLink.ts";
import { createTraceSlice, workloadCommand, type TraceSlice } from "./trace.ts";
import {
  emptySnapshot,
  type RunError,
  type SeriesPoint,
  type Snapshot,
  type Speed,
  type SweepProgress,
  type ToWorker,
} from "../worker/protocol.ts";

/** What the user is editing and choosing; saved locally across reloads. */
export interface ScriptSlice {
  /** The script text in the editor. Never lost: saved on every change. */
  source: string;
  /** capacity_per_class used when the script has no `capacity` line. */
  capacity: number;
  speed: Speed;
  /** Live + pooled bytes allowed before a run stops, in MiB. */
  memoryBudgetMiB: number;
  /** False when animations are off (`&motion=off` or prefers-reduced-motion). */
  motion: boolean;
  /** Why the script is not being saved (site data blocked, storage full), or null while it is. */
  saveProblem: SaveProblem | null;
  setSource(source: string): void;
  setCapacity(capacity: number): void;
  setSpeed(speed: Speed): void;
  setMemoryBudgetMiB(mib: number): void;
}

/** What the worker last reported. */
export interface RunSlice {
  snapshot: Snapshot;
  /** Recycle rate and misses over the run, for the chart. */
  series: readonly SeriesPoint[];
  /** Why the run stopped early, or null. */
  error: RunError | null;
  /** A one-off message for the user (a bad share link, a worker restart), or null. */
  notice: string | null;
  /** capacity_per_class the worker is running with (the script's `capacity` line wins). */
  effectiveCapacity: number;
  /** The last capacity sweep, or null before the first. */
  sweep: SweepProgress | null;
  dismissNotice(): void;
}

/**
 * Commands to the worker. They are the protocol's own (`send({ type: "step" })`);
 * only those that take something from the store have an action of their own.
 */
export interface CommandSlice {
  /** Carries one command to the worker as it is. */
  send(command: ToWorker): void;
  /** Runs from the current step at the chosen speed. */
  run(): void;
  /** Runs the script at each capacity of {@link SWEEP_CAPACITIES} to find where misses stop falling. */
  sweepCapacities(): void;
  /** A link that reopens this script at this step (SPEC §5 format). */
  shareUrl(): string;
}

/** The whole store. */
export type PlaygroundState = ScriptSlice &
  RunSlice &
  CommandSlice &
  ExportSlice &
  TraceSlice;

/** Capacities a sweep tries, and the steps it runs at each at most. */
export const SWEEP_CAPACITIES: readonly number[] = Array.from({ length: 17 }, (_, k) => k);
export const SWEEP_MAX_STEPS = 1_000_000;

/** Defaults for a first visit. */
export const DEFAULTS = {
  capacity: 4,
  speed: 4 as Speed,
  memoryBudgetMiB: 512,
} as const;

export const MIB = 1024 * 1024;

/** The `load` command for what the store holds: the script, its capacity and the memory budget. */
export function loadCommand(
  state: Pick<ScriptSlice, "source" | "capacity" | "memoryBudgetMiB">,
): ToWorker {
  return {
    type: "load",
    source: state.source,
    capacity: state.capacity,
    memoryBudgetBytes: state.memoryBudgetMiB * MIB,
  };
}

const createScriptSlice =
  (send: (command: ToWorker) => void): StateCreator<PlaygroundState, [], [], ScriptSlice> =>
  (set, get) => ({
    source: "",
    capacity: DEFAULTS.capacity,
    speed: DEFAULTS.speed,
    memoryBudgetMiB: DEFAULTS.memoryBudgetMiB,
    motion: true,
    saveProblem: null,
    setSource(source) {
      set({ source });
      send(loadCommand(get()));
    },
    setCapacity(capacity) {
      set({ capacity });
      send(workloadCommand(get()));
    },
    setSpeed(speed) {
      set({ speed });
      send({ type: "speed", speed });
    },
    setMemoryBudgetMiB(mib) {
      set({ memoryBudgetMiB: mib });
      send(workloadCommand(get()));
    },
  });

const createRunSlice: StateCreator<PlaygroundState, [], [], RunSlice> = (set) => ({
  snapshot: emptySnapshot(DEFAULTS.capacity),
  series: [],
  error: null,
  notice: null,
  effectiveCapacity: DEFAULTS.capacity,
  sweep: null,
  dismissNotice() {
    set({ notice: null });
  },
});

const createCommandSlice =
  (
    send: (command: ToWorker) => void,
    pageUrl: () => string,
  ): StateCreator<PlaygroundState, [], [], CommandSlice> =>
  (_set, get) => ({
    send,
    run() {
      send({ type: "run", speed: get().speed });
    },
    sweepCapacities() {
      send({ type: "sweep", capacities: SWEEP_CAPACITIES, maxSteps: SWEEP_MAX_STEPS });
    },
    shareUrl() {
      const { source, capacity, snapshot } = get();
      // The link reopens what is on screen: the script untouched, run to the end, or stopped here.
      const hash = encodeShareHash(
        snapshot.step === 0
          ? { source, capacity, run: false }
          : snapshot.status === "done"
            ? { source, capacity, run: true }
            : { source, capacity, run: true, step: snapshot.step },
      );
      return pageUrl().replace(/#.*$/, "") + hash;
    },
  });

/** Builds the store around `send` (the worker bridge's); `pageUrl` is where share links point. */
export function createPlaygroundStore(
  send: (command: ToWorker) => void,
  pageUrl: () => string,
): PlaygroundStore {
  return createStore<PlaygroundState>()((...a) => ({
    ...createScriptSlice(send)(...a),
    ...createRunSlice(...a),
    ...createCommandSlice(send, pageUrl)(...a),
    ...createExportSlice<PlaygroundState>(send)(...a),
    ...createTraceSlice(send)(...a),
  }));
}

/** The store instance: `getState`, `setState`, `subscribe`. */
export type PlaygroundStore = StoreApi<PlaygroundState>;
