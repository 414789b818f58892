/**
 * The store's public face. Importing it starts nothing: `boot` (called from
 * `main.tsx`) builds the store and starts the worker.
 */
export { boot, type BootEnvironment, type Playground } from "./boot.ts";
export { onceAtRest } from "./atRest.ts";
export { StoreProvider, selectSnapshot, useStore, useStoreApi } from "./react.ts";
export { openStorage, type SaveProblem } from "./persistence.ts";
export { SETTING_LIMITS, readSetting, type Setting } from "./settings.ts";
export type { PlaygroundState, PlaygroundStore } from "./store.ts";
export { SWEEP_MAX_STEPS } from "./store.ts";
export { kneeOf } from "./sweep.ts";
export {
  PASTED_NAME,
  type Pasted,
  type TraceFile,
  type TraceReading,
  type TraceRejection,
} from "./trace.ts";
export {
  ANSWERS,
  predictScore,
  type PredictAnswer,
  type PredictKind,
  type PredictQuestion,
  type PredictRecord,
} from "./predict.ts";
export {
  MESSAGE_SOURCE,
  embedCode,
  embedUrl,
  obeyHost,
  readHostMessage,
  sameState,
  stateMessage,
  type HostCommand,
  type HostTarget,
  type StateMessage,
} from "./embed.ts";
