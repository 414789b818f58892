/**
 * The one store the page reads: a vanilla zustand store built from typed slices.
 * It knows no React (`react.ts` binds it) and no worker: it is handed `send`.
 *
 * The worker bridge writes snapshots into it with one `setState` per animation
 * frame; components select narrowly (`useStore((s) => s.snapshot.allocations)`).
 */
import { createStore, type StateCreator, type StoreApi } from "zustand/vanilla";
import { createCompareSlice, type CompareSlice } from "./compare.ts";
import { createExportSlice, type ExportSlice } from "./exports.ts";
import type { SaveProblem } from "./persistence.ts";
import { createPredictSlice, routeCommand, type PredictSlice } from "./predict.ts";
import { encodeShareHash } from "./shareLink.ts";
import { createTraceSlice, workloadCommand, type TraceSlice } from "./trace.ts";
import {
  DEFAULT_SWEEP,
  DEFAULT_TARGET,
  emptySnapshot,
  parseCapacities,
  withCapacity,
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

/** The capacity sweep's settings on the page. */
export interface SweepSlice {
  /** The capacities to sweep, as typed: a range `0..64` or a list `0,1,2,4,8`. */
  sweepSpec: string;
  /** Why {@link sweepSpec} cannot be swept, or null when it can. */
  sweepProblem: string | null;
  /** T of the recommendation, 0…1. */
  sweepTarget: number;
  /** Which chart the chart panel shows; starting a sweep shows the sweep. */
  chartView: "run" | "sweep";
  setChartView(view: "run" | "sweep"): void;
  setSweepSpec(spec: string): void;
  setSweepTarget(target: number): void;
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
  /**
   * Runs the workload at each capacity of `spec` (default: the one typed) in
   * the worker; false, with {@link SweepSlice.sweepProblem} saying why, when
   * `spec` names no capacities.
   */
  sweepCapacities(spec?: string): boolean;
  /**
   * Sets the capacity setting, and the script's `capacity` line if it has one,
   * to `capacity`, and resets the run ("Use capacity N").
   */
  applyCapacity(capacity: number): void;
  /**
   * A link that reopens this script at this step (SPEC §5 format); `shown`
   * names what to reopen instead (what a throttled view shows).
   */
  shareUrl(shown?: SharedState): string;
}

/** What a share link reopens: the script, its capacity, and the step and status shown. */
export type SharedState = Pick<ScriptSlice, "source" | "capacity"> &
  Pick<Snapshot, "step" | "status">;

/** The whole store. */
export type PlaygroundState = ScriptSlice &
  RunSlice &
  SweepSlice &
  CommandSlice &
  ExportSlice &
  TraceSlice &
  PredictSlice &
  CompareSlice;

/** The steps a sweep runs at each capacity at most: the whole of any workload but an endless script. */
export const SWEEP_MAX_STEPS = 10_000_000;

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

const createSweepSlice: StateCreator<PlaygroundState, [], [], SweepSlice> = (set) => ({
  sweepSpec: DEFAULT_SWEEP,
  sweepProblem: null,
  sweepTarget: DEFAULT_TARGET,
  chartView: "run",
  setChartView(view) {
    set({ chartView: view });
  },
  setSweepSpec(spec) {
    set({ sweepSpec: spec, sweepProblem: capacitiesProblem(spec) });
  },
  setSweepTarget(target) {
    set({ sweepTarget: target });
  },
});

/** Why `spec` names no capacities to sweep, or null when it does. */
function capacitiesProblem(spec: string): string | null {
  try {
    parseCapacities(spec);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const createCommandSlice =
  (
    send: (command: ToWorker) => void,
    pageUrl: () => string,
  ): StateCreator<PlaygroundState, [], [], CommandSlice> =>
  (set, get) => ({
    send,
    run() {
      send({ type: "run", speed: get().speed });
    },
    sweepCapacities(spec = get().sweepSpec) {
      const sweepProblem = capacitiesProblem(spec);
      set({ sweepSpec: spec, sweepProblem });
      if (sweepProblem !== null) return false;
      set({ chartView: "sweep" });
      send({ type: "sweep", capacities: parseCapacities(spec), maxSteps: SWEEP_MAX_STEPS });
      return true;
    },
    applyCapacity(capacity) {
      // A script's own `capacity` line wins over the setting, so it changes too.
      if (get().trace === null) set({ source: withCapacity(get().source, capacity) });
      get().setCapacity(capacity);
    },
    shareUrl(shown) {
      const { source, capacity, step, status } = shown ?? { ...get(), ...get().snapshot };
      const { compareCapacity } = get();
      const compare = compareCapacity === null ? {} : { compare: compareCapacity };
      // The link reopens what is on screen: the script untouched, run to the end, or stopped here.
      const hash = encodeShareHash(
        step === 0
          ? { source, capacity, run: false, ...compare }
          : status === "done"
            ? { source, capacity, run: true, ...compare }
            : { source, capacity, run: true, step, ...compare },
      );
      return pageUrl().replace(/#.*$/, "") + hash;
    },
  });

/** Builds the store around `send` (the worker bridge's); `pageUrl` is where share links point. */
export function createPlaygroundStore(
  send: (command: ToWorker) => void,
  pageUrl: () => string,
): PlaygroundStore {
  return createStore<PlaygroundState>()((...a) => {
    const [set, get] = a;
    // Predict mode changes some commands on their way (see predict.ts).
    const routed = (command: ToWorker) => {
      const next = routeCommand(set, get, send, command);
      if (next !== null) send(next);
    };
    return {
      ...createScriptSlice(routed)(...a),
      ...createRunSlice(...a),
      ...createSweepSlice(...a),
      ...createCommandSlice(routed, pageUrl)(...a),
      ...createExportSlice<PlaygroundState>(routed)(...a),
      ...createTraceSlice(routed)(...a),
      ...createPredictSlice(send)(...a),
      ...createCompareSlice(routed)(...a),
    };
  });
}

/** The store instance: `getState`, `setState`, `subscribe`. */
export type PlaygroundStore = StoreApi<PlaygroundState>;
