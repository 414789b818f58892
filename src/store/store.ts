/**
 * The one store the page reads: a zustand store built from typed slices.
 *
 * The worker bridge writes snapshots into it with one `setState` per animation
 * frame; components select narrowly (`useStore((s) => s.snapshot.allocations)`).
 */
import { create, type StateCreator } from "zustand";
import { encodeShareHash } from "./shareLink.ts";
import {
  emptySnapshot,
  type RunError,
  type SeriesPoint,
  type Snapshot,
  type Speed,
  type SweepProgress,
} from "../engine/types.ts";

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

/** Playback commands; the bridge carries them to the worker. */
export interface ControlSlice {
  run(): void;
  pause(): void;
  step(): void;
  stepBack(): void;
  seek(step: number): void;
  reset(): void;
  acquireClass(sizeClass: number): void;
  releaseBuffer(name: string): void;
  /** A link that reopens this script at this step (SPEC §5 format). */
  shareUrl(): string;
  /** Runs the script at each capacity of {@link SWEEP_CAPACITIES} to find where misses stop falling. */
  sweepCapacities(): void;
  cancelSweep(): void;
}

/** The whole store. */
export type PlaygroundState = ScriptSlice & RunSlice & ControlSlice;

/** The commands the store needs from the worker bridge (see `worker/client.ts`). */
export interface PoolCommands {
  load(source: string, capacity: number, memoryBudgetBytes: number): void;
  run(speed: Speed, untilStep?: number): void;
  setSpeed(speed: Speed): void;
  pause(): void;
  step(): void;
  seek(step: number): void;
  stepBack(): void;
  reset(): void;
  acquireClass(sizeClass: number): void;
  releaseBuffer(name: string): void;
  sweep(capacities: readonly number[], maxSteps: number): void;
  cancelSweep(): void;
}

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

const createScriptSlice =
  (commands: PoolCommands): StateCreator<PlaygroundState, [], [], ScriptSlice> =>
  (set, get) => ({
    source: "",
    capacity: DEFAULTS.capacity,
    speed: DEFAULTS.speed,
    memoryBudgetMiB: DEFAULTS.memoryBudgetMiB,
    motion: true,
    setSource(source) {
      set({ source });
      const { capacity, memoryBudgetMiB } = get();
      commands.load(source, capacity, memoryBudgetMiB * MIB);
    },
    setCapacity(capacity) {
      set({ capacity });
      const { source, memoryBudgetMiB } = get();
      commands.load(source, capacity, memoryBudgetMiB * MIB);
    },
    setSpeed(speed) {
      set({ speed });
      commands.setSpeed(speed);
    },
    setMemoryBudgetMiB(mib) {
      set({ memoryBudgetMiB: mib });
      const { source, capacity } = get();
      commands.load(source, capacity, mib * MIB);
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

const createControlSlice =
  (
    commands: PoolCommands,
    pageUrl: () => string,
  ): StateCreator<PlaygroundState, [], [], ControlSlice> =>
  (_set, get) => ({
    run() {
      commands.run(get().speed);
    },
    pause() {
      commands.pause();
    },
    step() {
      commands.step();
    },
    stepBack() {
      commands.stepBack();
    },
    seek(step) {
      commands.seek(step);
    },
    reset() {
      commands.reset();
    },
    acquireClass(sizeClass) {
      commands.acquireClass(sizeClass);
    },
    releaseBuffer(name) {
      commands.releaseBuffer(name);
    },
    sweepCapacities() {
      commands.sweep(SWEEP_CAPACITIES, SWEEP_MAX_STEPS);
    },
    cancelSweep() {
      commands.cancelSweep();
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

/** Builds the store around the worker bridge's commands; `pageUrl` is where share links point. */
export function createPlaygroundStore(commands: PoolCommands, pageUrl: () => string) {
  return create<PlaygroundState>()((...a) => ({
    ...createScriptSlice(commands)(...a),
    ...createRunSlice(...a),
    ...createControlSlice(commands, pageUrl)(...a),
  }));
}

/** The store type, for components and the bridge. */
export type PlaygroundStore = ReturnType<typeof createPlaygroundStore>;
