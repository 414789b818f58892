/**
 * The capacity sweep: the script run once per capacity_per_class from 0 to 16,
 * to find where misses stop falling and what the extra free-list room costs.
 */
import { Suspense, lazy } from "react";
import { useShallow } from "zustand/react/shallow";
import { SWEEP_CAPACITIES, SWEEP_MAX_STEPS, kneeOf, useStore } from "../../store/index.ts";
import type { SweepPoint } from "../../worker/protocol.ts";
import { formatAmount, formatCount } from "../common/format.ts";

const SweepChart = lazy(() => import("./SweepChart.tsx"));

const FIRST = SWEEP_CAPACITIES[0] ?? 0;
const LAST = SWEEP_CAPACITIES.at(-1) ?? 0;

/** The sweep's button, progress, chart and conclusion. */
export function CapacitySweep() {
  const sweep = useStore((s) => s.sweep);
  const { sweepCapacities, send, hasError } = useStore(
    useShallow((s) => ({
      sweepCapacities: s.sweepCapacities,
      send: s.send,
      hasError: s.error?.kind === "syntax",
    })),
  );
  const points = sweep?.points ?? [];
  const knee = kneeOf(points);
  const running = sweep?.running ?? false;
  return (
    <div className="sweep">
      <div className="sweep-head">
        {running ? (
          <button type="button" onClick={() => send({ type: "cancelSweep" })}>
            Stop sweep
          </button>
        ) : (
          <button type="button" onClick={sweepCapacities} disabled={hasError}>
            Sweep capacity {FIRST}–{LAST}
          </button>
        )}
        {running && sweep ? (
          <progress max={sweep.total} value={sweep.done} aria-label="Sweep progress" />
        ) : null}
      </div>
      <p className="sweep-text" aria-live="polite" data-testid="sweep-summary">
        {sweepSentence(points, knee, running, sweep?.total ?? 0)}
      </p>
      {points.length > 0 ? (
        <Suspense fallback={<div className="chart-standin recycle-chart-size" />}>
          <SweepChart points={points} knee={knee?.capacity ?? null} />
        </Suspense>
      ) : null}
    </div>
  );
}

function sweepSentence(
  points: readonly SweepPoint[],
  knee: SweepPoint | null,
  running: boolean,
  total: number,
): string {
  if (points.length === 0 && !running) {
    return `Runs this script once per capacity from ${FIRST} to ${LAST} (up to ${formatCount(SWEEP_MAX_STEPS)} steps each) and shows where misses stop falling.`;
  }
  if (running) return `Running capacity ${points.length} of ${total}…`;
  if (!knee) return "Every capacity stopped with an error; fix the script and sweep again.";
  const first = points[0];
  const capped = points.some((p) => !p.complete) ? " (capped runs)" : "";
  return (
    `Misses stop falling at capacity ${knee.capacity}: ${formatCount(knee.misses)} misses` +
    (first && first.capacity !== knee.capacity
      ? `, down from ${formatCount(first.misses)} at ${first.capacity}`
      : "") +
    `; ${formatAmount(knee.retainedBytes)} left in free lists at the end${capped}.`
  );
}
