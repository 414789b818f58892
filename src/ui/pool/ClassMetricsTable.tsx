/**
 * The per-class metrics (SPEC §9) as a table, one row per class and one for
 * oversized, with SPEC §5's test ids and the numbers in data attributes; and
 * the same numbers in words, for the class bars' hover text.
 */
import type { PlaygroundState } from "../../store/index.ts";
import type { ClassMetrics } from "../../worker/protocol.ts";
import { classLabel, formatAmount, formatCount, formatPercent } from "../common/format.ts";
import { LIST_REFRESH_MS, useThrottledStore } from "../common/useThrottledStore.ts";

const selectClasses = (state: PlaygroundState) => state.snapshot.classes;

/** Recycles ÷ requests, 0 when there were none. */
function hitRate(c: ClassMetrics): number {
  return c.requests === 0 ? 0 : c.recycles / c.requests;
}

/** One class's metrics in a sentence (the hover text and accessible description of its bar). */
export function classMetricsText(c: ClassMetrics): string {
  return (
    `${formatCount(c.requests)} requests: ${formatCount(c.recycles)} recycles, ` +
    `${formatCount(c.misses)} misses (${formatPercent(hitRate(c))} hit rate). ` +
    `Peak ${formatCount(c.peakHeld)} held, peak ${formatCount(c.peakFree)} free. ` +
    `${formatAmount(c.wasteBytes)} lost to rounding up, ${formatAmount(c.retainedBytes)} retained now.`
  );
}

/** The table view of the class bars. */
export function ClassMetricsTable() {
  // Refreshed with the other lists while running (the numbers change every frame at Max).
  const classes = useThrottledStore(selectClasses, LIST_REFRESH_MS);
  return (
    <div className="class-table-wrap" tabIndex={0} aria-labelledby="class-bars-heading">
      <table className="class-table">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Requests</th>
            <th scope="col">Recycles</th>
            <th scope="col">Misses</th>
            <th scope="col">Hit rate</th>
            <th scope="col">Peak held</th>
            <th scope="col">Peak free</th>
            <th scope="col">Waste</th>
            <th scope="col">Retained now</th>
          </tr>
        </thead>
        <tbody>
          {classes.map((c, k) => (
            <tr
              key={k}
              data-testid={c.size === null ? "class-row-oversized" : `class-row-${k}`}
              data-requests={c.requests}
              data-recycles={c.recycles}
              data-misses={c.misses}
              data-peak-held={c.peakHeld}
              data-peak-free={c.peakFree}
              data-waste-bytes={c.wasteBytes}
              data-retained-bytes={c.retainedBytes}
            >
              <th scope="row">{c.size === null ? "Oversized" : classLabel(k)}</th>
              <td>{formatCount(c.requests)}</td>
              <td>{formatCount(c.recycles)}</td>
              <td>{formatCount(c.misses)}</td>
              <td>{c.requests === 0 ? "–" : formatPercent(hitRate(c))}</td>
              <td>{formatCount(c.peakHeld)}</td>
              <td>{formatCount(c.peakFree)}</td>
              <td>{formatAmount(c.wasteBytes)}</td>
              <td>{formatAmount(c.retainedBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
