/**
 * Playback: Run/Pause, Step back, Step, Reset, Share; the step scrubber with
 * the run status; and the run settings (speed, capacity, memory budget).
 */
import { useId, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import {
  SETTING_LIMITS,
  readSetting,
  selectSnapshot,
  useStore,
  type Setting,
} from "../../store/index.ts";
import { LIST_REFRESH_MS, useThrottledStore } from "../common/useThrottledStore.ts";
import type { Speed } from "../../worker/protocol.ts";
import { ShareButton } from "./ShareButton.tsx";
import { ExportMenu } from "../export/ExportMenu.tsx";

/** Speeds offered, in steps per second; "max" is as fast as the worker goes. */
export const SPEEDS: readonly Speed[] = [1, 2, 4, 10, 50, 1000, "max"];

function speedLabel(speed: Speed): string {
  if (speed === "max") return "Max";
  return speed === 1 ? "1 step/s" : `${speed} steps/s`;
}

/** Run/Pause, Step back, Step, Reset; and Share and Export unless `bare` (the embed). */
export function PlaybackButtons({ bare = false }: { bare?: boolean }) {
  const status = useStore((s) => s.snapshot.status);
  // Whether the step is 0, not the step: at Max the step changes every frame.
  const atStart = useStore((s) => s.snapshot.step === 0);
  const send = useStore((s) => s.send);
  const run = useStore((s) => s.run);
  const running = status === "running";
  return (
    <div className="button-row" role="group" aria-label="Playback">
      {running ? (
        <button type="button" className="primary" onClick={() => send({ type: "pause" })}>
          Pause
        </button>
      ) : (
        <button type="button" className="primary" onClick={run}>
          Run
        </button>
      )}
      <button type="button" disabled={atStart} onClick={() => send({ type: "stepBack" })}>
        Step back
      </button>
      <button type="button" onClick={() => send({ type: "step" })}>
        Step
      </button>
      <button type="button" onClick={() => send({ type: "reset" })}>
        Reset
      </button>
      {bare ? null : (
        <>
          <ShareButton />
          <ExportMenu />
        </>
      )}
    </div>
  );
}

/** The run status (`data-testid="run-status"`) and the step shown. */
export function RunStatusLine() {
  const status = useStore((s) => s.snapshot.status);
  const step = useStore((s) => s.snapshot.step);
  return (
    <p className="run-status-line">
      <span data-testid="run-status" data-step={step} className={`status status-${status}`}>
        {status}
      </span>
      <StepOf />
    </p>
  );
}

function StepOf() {
  const { step, recordedSteps } = useThrottledStore(selectSnapshot, LIST_REFRESH_MS);
  return (
    <span className="muted">
      step {step} of {recordedSteps}
    </span>
  );
}

function Scrubber() {
  const { step, recordedSteps } = useThrottledStore(selectSnapshot, LIST_REFRESH_MS);
  const send = useStore((s) => s.send);
  const id = useId();
  return (
    <div className="scrubber">
      <label htmlFor={id}>Step</label>
      <input
        id={id}
        type="range"
        min={0}
        max={recordedSteps}
        value={step}
        disabled={recordedSteps === 0}
        onChange={(e) => send({ type: "seek", step: Number(e.target.value) })}
      />
    </div>
  );
}

/**
 * A whole-number setting's input: hands on only values within the setting's
 * one limit, and says why any other is refused, in the words every source uses.
 */
export function SettingField(props: {
  setting: Setting;
  label: string;
  value: number;
  onValid: (value: number) => void;
  hint?: string | undefined;
}) {
  const { setting, label, value, onValid, hint } = props;
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? String(value);
  const read = readSetting(setting, text);
  const problem = "problem" in read ? read.problem : undefined;
  const described = [
    hint === undefined ? "" : `${id}-hint`,
    problem === undefined ? "" : `${id}-problem`,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={SETTING_LIMITS[setting].min}
        max={SETTING_LIMITS[setting].max}
        step={1}
        value={text}
        aria-invalid={problem !== undefined}
        aria-describedby={described || undefined}
        onChange={(e) => {
          const next = readSetting(setting, e.target.value);
          if ("value" in next) {
            setDraft(null);
            onValid(next.value);
          } else {
            setDraft(e.target.value);
          }
        }}
        onBlur={() => setDraft(null)}
      />
      {hint === undefined ? null : (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      {problem === undefined ? null : (
        <span id={`${id}-problem`} className="field-problem">
          {problem}
        </span>
      )}
    </div>
  );
}

function Settings() {
  const speed = useStore((s) => s.speed);
  const capacity = useStore((s) => s.capacity);
  const effectiveCapacity = useStore((s) => s.effectiveCapacity);
  const memoryBudgetMiB = useStore((s) => s.memoryBudgetMiB);
  const { setSpeed, setCapacity, setMemoryBudgetMiB } = useStore(
    useShallow((s) => ({
      setSpeed: s.setSpeed,
      setCapacity: s.setCapacity,
      setMemoryBudgetMiB: s.setMemoryBudgetMiB,
    })),
  );
  const speedId = useId();
  const speeds = SPEEDS.includes(speed) ? SPEEDS : [...SPEEDS, speed];
  const capacityHint =
    effectiveCapacity === capacity
      ? undefined
      : `The script's capacity line wins: ${effectiveCapacity}`;
  return (
    <div className="settings">
      <div className="field">
        <label htmlFor={speedId}>Speed</label>
        <select
          id={speedId}
          value={String(speed)}
          onChange={(e) => {
            const value = e.target.value;
            setSpeed(value === "max" ? "max" : Number(value));
          }}
        >
          {speeds.map((option) => (
            <option key={option} value={String(option)}>
              {speedLabel(option)}
            </option>
          ))}
        </select>
      </div>
      <SettingField
        setting="capacity"
        label="Capacity per class"
        value={capacity}
        hint={capacityHint}
        onValid={setCapacity}
      />
      <SettingField
        setting="memoryBudgetMiB"
        label="Memory budget (MiB)"
        value={memoryBudgetMiB}
        onValid={setMemoryBudgetMiB}
      />
    </div>
  );
}

/** The playback panel. */
export function Controls() {
  return (
    <section className="panel controls" aria-label="Playback controls">
      <PlaybackButtons />
      <div className="scrub-row">
        <Scrubber />
        <RunStatusLine />
      </div>
      <Settings />
    </section>
  );
}
