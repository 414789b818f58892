/** While comparing: one sentence, under the step's own, saying where A and B part. */
import { selectSnapshot } from "../../store/index.ts";
import { CHART_REDRAW_MS, useThrottledStore } from "../common/useThrottledStore.ts";
import { explainCompare } from "./explainCompare.ts";

/** The parting sentence (`data-testid="compare-explanation"`); nothing when not comparing. */
export function CompareExplanation() {
  const { compare, step, capacityPerClass, status } = useThrottledStore(
    selectSnapshot,
    CHART_REDRAW_MS,
  );
  if (compare === undefined) return null;
  return (
    <p
      className="panel explanation compare-explanation"
      aria-live={status === "running" ? "off" : "polite"}
      data-testid="compare-explanation"
    >
      {explainCompare(compare, step, capacityPerClass)}
    </p>
  );
}
