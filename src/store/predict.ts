/**
 * Predict mode: each step is a question before it is shown. The answer comes
 * from the real engine, never from a model of the pool kept here: the worker
 * runs the step, and its snapshot is held back (`predictHidden`) while the
 * page keeps showing the state before it; answering shows it and scores the
 * guess against what the pool did (the step's event), then asks the worker
 * for the next step at once.
 *
 * Step back and the scrubber undo the answers of the steps they go back
 * over; Step shows the held-back step without scoring it; Run shows every
 * step it runs, and questions start again where it settles.
 */
import type { StateCreator } from "zustand/vanilla";
import type { PoolEvent, Snapshot, ToWorker } from "../worker/protocol.ts";
import type { PlaygroundState } from "./store.ts";

/** What a question is about: the kind of the step. */
export type PredictKind = PoolEvent["op"];

/** The answers, in the words of the buttons (SPEC §5). */
export type PredictAnswer =
  | "Recycle"
  | "Miss"
  | "Back on the list"
  | "Dropped: list full"
  | "Dropped: oversized"
  | "Grows"
  | "Fits";

/** The answers offered for each kind of step, in the order keys 1–3 pick them. */
export const ANSWERS: Readonly<Record<PredictKind, readonly PredictAnswer[]>> = {
  acquire: ["Recycle", "Miss"],
  release: ["Back on the list", "Dropped: list full", "Dropped: oversized"],
  resize: ["Grows", "Fits"],
};

/** A question about the next step: what it does, without what came of it. */
export interface PredictQuestion {
  readonly step: number;
  readonly kind: PredictKind;
  /** Source line, 0 for a click. */
  readonly line: number;
  readonly name: string;
  /** Size class 0…8, or -1 when oversized. */
  readonly sizeClass: number;
  /** An acquire's bytes asked for, or a resize's new length; 0 for a release. */
  readonly amount: number;
  /** A resize's capacity before it, or a release's buffer's capacity; 0 for an acquire. */
  readonly capacity: number;
}

/** One answered question. */
export interface PredictRecord {
  readonly step: number;
  readonly kind: PredictKind;
  readonly answer: PredictAnswer;
  /** What the pool did. */
  readonly outcome: PredictAnswer;
  readonly right: boolean;
}

/** The predict mode's part of the store. */
export interface PredictSlice {
  /** Predict mode is on (`&predict=1`, or the Predict toggle). */
  predict: boolean;
  /** The question asked now, or null (none yet, or the run is over). */
  question: PredictQuestion | null;
  /** The worker's snapshot of the step asked about, held back until the answer. */
  predictHidden: Snapshot | null;
  /** Answers given, oldest first, for the steps up to the one shown. */
  predictAnswers: readonly PredictRecord[];
  /** The step shown when the next step was last asked for, so the worker is asked once a step. */
  predictAskedFrom: number;
  /**
   * The worker was asked for a step since the last load was sent: it runs that
   * step after the load, so the load's report must not ask again (see `apply.ts`).
   */
  predictAskedSinceLoad: boolean;
  /**
   * A run was asked for (a link's `step=N`, Run): no question until it has
   * stopped (paused, done or an error; the idle snapshots of a load come before it).
   */
  predictRunPending: boolean;
  /** Turns predict mode on or off; off shows the step held back. */
  setPredict(on: boolean): void;
  /** Answers the question: the step is shown and the answer scored. Ignored with no question. */
  answer(answer: PredictAnswer): void;
}

/** What the pool did at a step, in the words of the answer buttons. */
export function outcomeAnswer(event: PoolEvent): PredictAnswer {
  switch (event.op) {
    case "acquire":
      return event.outcome === "recycle" ? "Recycle" : "Miss";
    case "release":
      return event.outcome === "pooled"
        ? "Back on the list"
        : event.outcome === "dropped-full"
          ? "Dropped: list full"
          : "Dropped: oversized";
    case "resize":
      return event.capacity !== event.previousCapacity ? "Grows" : "Fits";
  }
}

/** The question about `event`, leaving out what came of it. */
export function questionOf(event: PoolEvent): PredictQuestion {
  const { step, line, name, sizeClass } = event;
  const base = { step, kind: event.op, line, name, sizeClass };
  switch (event.op) {
    case "acquire":
      return { ...base, amount: event.size, capacity: 0 };
    case "release":
      return { ...base, amount: 0, capacity: event.capacity };
    case "resize":
      return { ...base, amount: event.length, capacity: event.previousCapacity };
  }
}

/** Right answers and questions asked. */
export function predictScore(answers: readonly PredictRecord[]): { right: number; asked: number } {
  return { right: answers.filter((record) => record.right).length, asked: answers.length };
}

type Set = (partial: Partial<PlaygroundState>) => void;
type Get = () => PlaygroundState;

const settled = (snapshot: Snapshot) => snapshot.status !== "done" && snapshot.status !== "error";

/** What the store takes from a worker's snapshot, and whether the worker is then asked for the next step. */
export interface Received {
  readonly partial: Partial<PlaygroundState>;
  readonly askNext: boolean;
}

/**
 * Shows `snapshot`; in predict mode the worker is then asked for the next
 * step (once per step shown), unless a run asked for has yet to settle.
 */
function showing(state: PlaygroundState, snapshot: Snapshot): Received {
  const predictRunPending =
    state.predictRunPending && (snapshot.status === "running" || snapshot.status === "idle");
  const askNext =
    state.predict &&
    snapshot.status !== "running" &&
    settled(snapshot) &&
    !predictRunPending &&
    state.predictAskedFrom !== snapshot.step;
  return {
    partial: {
      snapshot,
      predictHidden: null,
      question: null,
      predictRunPending,
      ...(askNext ? { predictAskedFrom: snapshot.step, predictAskedSinceLoad: true } : {}),
    },
    askNext,
  };
}

/** Shows `snapshot` now, from within the store. */
function show(set: Set, get: Get, send: (command: ToWorker) => void, snapshot: Snapshot): void {
  const { partial, askNext } = showing(get(), snapshot);
  set(partial);
  if (askNext) send({ type: "step" });
}

/**
 * Where a snapshot from the worker goes (`state` being the store with the
 * rest of the update applied): shown, or in predict mode, when it is the step
 * after the one shown and not yet answered, held back as the question.
 */
export function receiveSnapshot(state: PlaygroundState, snapshot: Snapshot): Received {
  const event = snapshot.lastEvent;
  const asks =
    state.predict &&
    snapshot.status !== "running" &&
    snapshot.status !== "error" &&
    snapshot.step === state.snapshot.step + 1 &&
    event !== null &&
    event.step === snapshot.step &&
    !state.predictRunPending &&
    !state.predictAnswers.some((record) => record.step === snapshot.step);
  if (asks)
    return { partial: { predictHidden: snapshot, question: questionOf(event) }, askNext: false };
  return showing(state, snapshot);
}

/**
 * A command from the page, as predict mode changes it: Step back goes back
 * from the step shown (the worker is one ahead), and it and the scrubber undo
 * the answers they pass; Step shows the step held back, unscored. Returns the
 * command to send, or null when it is handled here.
 */
export function routeCommand(
  set: Set,
  get: Get,
  send: (command: ToWorker) => void,
  command: ToWorker,
): ToWorker | null {
  const state = get();
  if (!state.predict) return command;
  const shown = state.snapshot.step;
  const forget = { predictHidden: null, question: null, predictAskedFrom: -1 };
  switch (command.type) {
    case "stepBack": {
      if (shown === 0) return null;
      const step = shown - 1;
      set({ ...forget, predictAnswers: state.predictAnswers.filter((r) => r.step <= step) });
      return { type: "seek", step };
    }
    case "seek":
      set({
        ...forget,
        predictAnswers: state.predictAnswers.filter((r) => r.step <= command.step),
      });
      return command;
    case "step": {
      const hidden = state.predictHidden;
      if (hidden === null) return command;
      show(set, get, send, hidden);
      return null;
    }
    case "load":
    case "loadTrace":
    case "reset":
      set({
        ...forget,
        predictAnswers: [],
        predictRunPending: false,
        predictAskedSinceLoad: false,
      });
      return command;
    case "run":
      // A run that cannot start (already at its `untilStep`) stays where it is.
      set({ ...forget, predictRunPending: (command.untilStep ?? Infinity) > shown });
      return command;
    case "acquireClass":
    case "releaseBuffer":
      set(forget);
      return command;
    default:
      return command;
  }
}

/** The predict slice; `send` goes straight to the worker. */
export const createPredictSlice =
  (send: (command: ToWorker) => void): StateCreator<PlaygroundState, [], [], PredictSlice> =>
  (set, get) => ({
    predict: false,
    question: null,
    predictHidden: null,
    predictAnswers: [],
    predictAskedFrom: -1,
    predictAskedSinceLoad: false,
    predictRunPending: false,
    setPredict(on) {
      const { predict, predictHidden, snapshot } = get();
      if (on === predict) return;
      set({ predict: on, predictAnswers: [], predictAskedFrom: -1, predictRunPending: false });
      // Off: the page catches up with the worker. On: the worker is asked for the next step.
      show(set, get, send, on ? snapshot : (predictHidden ?? snapshot));
    },
    answer(answer) {
      const { predictHidden, predictAnswers } = get();
      const event = predictHidden?.lastEvent;
      if (predictHidden === null || event == null) return;
      const outcome = outcomeAnswer(event);
      const record = {
        step: event.step,
        kind: event.op,
        answer,
        outcome,
        right: answer === outcome,
      };
      set({ predictAnswers: [...predictAnswers, record] });
      show(set, get, send, predictHidden);
    },
  });
