/**
 * Compare (SPEC §4): a toggle "Compare" with capacity B, and while it is on
 * B's counters beside A's with B − A, and B's nine class bars under A's. B's
 * numbers arrive in the same snapshot as A's (`snapshot.compare`).
 */
import { useState } from "react";
import { selectSnapshot, useStore } from "../../store/index.ts";
import type { CompareSnapshot, Snapshot } from "../../worker/protocol.ts";
import { CLASS_SIZES, classLabel, formatCount } from "../common/format.ts";
import { LIST_REFRESH_MS, useThrottledStore } from "../common/useThrottledStore.ts";
import { SettingField } from "../playback/Controls.tsx";
import { catchingUp, formatDelta } from "./explainCompare.ts";
import "./compare.css";

type Counter = "allocations" | "recycles" | "misses";

const COUNTERS: readonly { key: Counter; label: string; delta: boolean }[] = [
  { key: "allocations", label: "Allocations", delta: false },
  { key: "recycles", label: "Recycles", delta: true },
  { key: "misses", label: "Misses", delta: true },
];

/** A's and B's counters side by side, and B − A once B has caught up with A's step. */
function CompareCounters(props: { a: Snapshot; compare: CompareSnapshot }) {
  const { a, compare } = props;
  const behind = catchingUp(compare, a.step);
  return (
    <table className="compare-table">
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">Counter</span>
          </th>
          <th scope="col">A ({a.capacityPerClass})</th>
          <th scope="col">B ({compare.capacityPerClass})</th>
          <th scope="col">B − A</th>
        </tr>
      </thead>
      <tbody>
        {COUNTERS.map(({ key, label, delta }) => {
          const difference = compare[key] - a[key];
          // B's numbers are an earlier step's while it catches up: no difference yet.
          const shown = behind ? {} : { "data-value": difference };
          return (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td>{a[key]}</td>
              <td data-testid={`b-stat-${key}`}>{compare[key]}</td>
              <td
                className={delta && !behind && difference !== 0 ? "compare-delta" : undefined}
                {...(delta ? { "data-testid": `delta-${key}`, ...shown } : {})}
              >
                {behind ? "…" : formatDelta(difference)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** While B replays the steps up to A's (Compare turned on late in a run): how far it is. */
function CatchUp(props: { step: number; compare: CompareSnapshot }) {
  const { step, compare } = props;
  if (!catchingUp(compare, step)) return null;
  return (
    <p className="compare-catch-up" role="status" data-testid="compare-catch-up">
      <progress max={step} value={compare.step} aria-label="B catching up with A" />B is catching up
      with A: step {formatCount(compare.step)} of {formatCount(step)}
    </p>
  );
}

/** B's nine class bars: free list against capacity B, and held buffers. */
function CompareBars(props: { compare: CompareSnapshot }) {
  const { free, held, capacityPerClass: capacity } = props.compare;
  return (
    <ul className="compare-bars" aria-label={`Size classes at capacity B (${capacity})`}>
      {CLASS_SIZES.map((_, k) => {
        const f = free[k] ?? 0;
        const h = held[k] ?? 0;
        const filled = capacity === 0 ? 0 : Math.min(1, f / capacity);
        return (
          <li
            key={k}
            className="compare-bar"
            data-testid={`b-class-${k}`}
            data-free={f}
            data-held={h}
            data-capacity={capacity}
          >
            <span className="compare-bar-label">{classLabel(k)}</span>
            <span className="compare-bar-track" aria-hidden="true">
              <span className="compare-bar-fill" style={{ width: `${filled * 100}%` }} />
            </span>
            <span className="compare-bar-numbers">
              {f}/{capacity} free
            </span>
            <span className="compare-bar-numbers compare-bar-held">{h} held</span>
          </li>
        );
      })}
    </ul>
  );
}

/** The Compare panel: the toggle and capacity B, then B's side while comparing. */
export function ComparePanel() {
  const compareCapacity = useStore((s) => s.compareCapacity);
  const setCompare = useStore((s) => s.setCompare);
  const effectiveCapacity = useStore((s) => s.effectiveCapacity);
  // A's and B's numbers from one snapshot, refreshed with the other lists while running.
  const snapshot = useThrottledStore(selectSnapshot, LIST_REFRESH_MS);
  const { compare } = snapshot;
  const [typed, setTyped] = useState<number | null>(null);
  const capacityB = compareCapacity ?? typed ?? Math.max(1, effectiveCapacity * 2);
  // No accessible name of its own: "Compare" and "Capacities" stay unique labels on the page.
  return (
    <section className="panel compare-panel">
      <div className="panel-head compare-head">
        <h2 className="panel-title">Two capacities side by side</h2>
        <label className="toggle compare-toggle">
          <input
            type="checkbox"
            checked={compareCapacity !== null}
            onChange={(e) => setCompare(e.target.checked ? capacityB : null)}
          />
          Compare
        </label>
        <SettingField
          setting="capacity"
          label="Capacity B"
          value={capacityB}
          onValid={(value) => {
            setTyped(value);
            if (compareCapacity !== null) setCompare(value);
          }}
        />
      </div>
      {compareCapacity === null ? null : compare === undefined ? (
        <p className="muted">Starting B…</p>
      ) : (
        <div className="compare-body">
          <CatchUp step={snapshot.step} compare={compare} />
          <CompareCounters a={snapshot} compare={compare} />
          <CompareBars compare={compare} />
        </div>
      )}
    </section>
  );
}
