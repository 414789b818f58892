/**
 * The pool's four counters, plus the memory it keeps and the capacity in effect.
 * Counter text is the bare number, for people and for tests alike.
 */
import { selectSnapshot } from "../../store/index.ts";
import { LIST_REFRESH_MS, useThrottledStore } from "../common/useThrottledStore.ts";
import { formatAmount, formatPercent } from "../common/format.ts";

function Stat(props: { label: string; testId: string; text: string; value?: number }) {
  return (
    <div className="stat">
      <dt>{props.label}</dt>
      <dd data-testid={props.testId} data-value={props.value}>
        {props.text}
      </dd>
    </div>
  );
}

/** Allocations, recycles, misses, recycle rate; retained and held bytes; capacity. */
export function Counters() {
  const {
    allocations,
    recycles,
    misses,
    recycleRate,
    retainedBytes,
    heldBytes,
    capacityPerClass: capacity,
  } = useThrottledStore(selectSnapshot, LIST_REFRESH_MS);
  return (
    <section className="panel counters" aria-label="Counters">
      <dl className="stats">
        <Stat label="Allocations" testId="stat-allocations" text={String(allocations)} />
        <Stat label="Recycles" testId="stat-recycles" text={String(recycles)} />
        <Stat label="Misses" testId="stat-misses" text={String(misses)} />
        <Stat
          label="Recycle rate"
          testId="stat-recycle-rate"
          text={formatPercent(recycleRate)}
          value={recycleRate}
        />
      </dl>
      <dl className="memory">
        <div>
          <dt>In free lists</dt>
          <dd data-testid="stat-retained" data-value={retainedBytes}>
            {formatAmount(retainedBytes)}
          </dd>
        </div>
        <div>
          <dt>Held</dt>
          <dd data-testid="stat-held-bytes" data-value={heldBytes}>
            {formatAmount(heldBytes)}
          </dd>
        </div>
        <div>
          <dt>Capacity per class</dt>
          <dd data-testid="stat-capacity">{capacity}</dd>
        </div>
      </dl>
    </section>
  );
}
