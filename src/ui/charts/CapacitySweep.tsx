/**
 * The capacity sweep: the workload run at every capacity of a range or list
 * (up to 4096), in the worker, in one pass; progress, time left and Cancel;
 * a curve per metric, pool-wide or per class; and the recommended capacity.
 */
import { Suspense, lazy, useId, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { SWEEP_MAX_STEPS, useStore } from "../../store/index.ts";
import { SIZE_CLASSES, recommend, type SweepProgress } from "../../worker/protocol.ts";
import { classLabel, formatCount } from "../common/format.ts";
import { SweepRecommendation } from "./SweepRecommendation.tsx";
import { SWEEP_METRICS, type SweepMetric, type SweepScope } from "./sweepMetrics.ts";

const SweepChart = lazy(() => import("./SweepChart.tsx"));

/** The sweep's controls, progress, chart and recommendation. */
export function CapacitySweep() {
  const { sweep, spec, problem, target, setSpec, sweepCapacities, send, hasError } = useStore(
    useShallow((s) => ({
      sweep: s.sweep,
      spec: s.sweepSpec,
      problem: s.sweepProblem,
      target: s.sweepTarget,
      setSpec: s.setSweepSpec,
      sweepCapacities: s.sweepCapacities,
      send: s.send,
      hasError: s.error?.kind === "syntax",
    })),
  );
  const [metric, setMetric] = useState<SweepMetric>("misses");
  const [scope, setScope] = useState<SweepScope>("pool");
  const inputId = useId();
  const problemId = useId();
  const points = sweep?.points ?? [];
  const running = sweep?.running ?? false;
  const finished = sweep !== null && !sweep.running && !sweep.cancelled;
  const marked = finished ? (recommend(points, target)?.capacity ?? null) : null;
  return (
    <div className="sweep">
      <form
        className="sweep-head"
        onSubmit={(event) => {
          event.preventDefault();
          sweepCapacities();
        }}
      >
        <label htmlFor={inputId}>Capacities</label>
        <input
          id={inputId}
          className="sweep-capacities"
          value={spec}
          spellCheck={false}
          aria-invalid={problem !== null}
          aria-describedby={problem !== null ? problemId : undefined}
          onChange={(event) => setSpec(event.target.value)}
        />
        {running ? (
          <button type="button" onClick={() => send({ type: "cancelSweep" })}>
            Cancel
          </button>
        ) : (
          <button type="submit" disabled={hasError || problem !== null}>
            Run sweep
          </button>
        )}
        {sweep ? (
          <span className="sweep-status" data-testid="sweep-status">
            {running ? "running" : sweep.cancelled ? "cancelled" : "done"}
          </span>
        ) : null}
      </form>
      {problem !== null ? (
        <p id={problemId} className="sweep-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {running && sweep ? <SweepProgressBar sweep={sweep} /> : null}
      <p className="sweep-text" aria-live="polite" data-testid="sweep-summary">
        {sweepSentence(sweep)}
      </p>
      {finished && points.length > 0 ? (
        <>
          <div className="sweep-curves">
            <label>
              Curve{" "}
              <select value={metric} onChange={(e) => setMetric(e.target.value as SweepMetric)}>
                {SWEEP_METRICS.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Of{" "}
              <select
                value={String(scope)}
                onChange={(e) =>
                  setScope(e.target.value === "pool" ? "pool" : Number(e.target.value))
                }
              >
                <option value="pool">the whole pool</option>
                {SIZE_CLASSES.map((_, k) => (
                  <option key={k} value={k}>
                    the {classLabel(k)} class
                  </option>
                ))}
              </select>
            </label>
          </div>
          <Suspense fallback={<div className="chart-standin recycle-chart-size" />}>
            <SweepChart points={points} metric={metric} scope={scope} marked={marked} />
          </Suspense>
          <SweepRecommendation points={points} />
        </>
      ) : null}
    </div>
  );
}

/** The progress bar and the time left, from the steps run against the steps counted. */
function SweepProgressBar({ sweep }: { sweep: SweepProgress }) {
  const { steps, totalSteps } = sweep;
  const fraction = totalSteps ? Math.min(1, steps / totalSteps) : 0;
  const elapsed = sweep.elapsedMs / 1000;
  const left = fraction > 0.02 ? Math.ceil((elapsed * (1 - fraction)) / fraction) : null;
  return (
    <div className="sweep-progress">
      <progress
        max={1}
        value={totalSteps === null ? undefined : fraction}
        aria-label="Sweep progress"
      />
      <span data-testid="sweep-time-left">
        {totalSteps === null
          ? "counting steps…"
          : left === null
            ? "estimating time left…"
            : `about ${left} s left`}
      </span>
    </div>
  );
}

function sweepSentence(sweep: SweepProgress | null): string {
  if (sweep === null) {
    return `Runs the whole workload (up to ${formatCount(SWEEP_MAX_STEPS)} steps) at each capacity, all in one pass, and recommends one.`;
  }
  const { total, steps, totalSteps } = sweep;
  if (sweep.running) {
    return `Running ${formatCount(total)} capacities at once: step ${formatCount(steps)}${totalSteps === null ? "" : ` of ${formatCount(totalSteps)}`}…`;
  }
  if (sweep.cancelled) return "Sweep cancelled.";
  const capped = sweep.points.some((p) => !p.complete && p.error === null)
    ? ` Runs were capped at ${formatCount(SWEEP_MAX_STEPS)} steps.`
    : "";
  const stopped = sweep.points.filter((p) => p.error !== null).length;
  return (
    `Swept ${formatCount(total)} capacities over ${formatCount(steps)} steps.` +
    (stopped > 0 ? ` ${formatCount(stopped)} stopped at an error.` : "") +
    capped
  );
}
