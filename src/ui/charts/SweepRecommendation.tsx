/**
 * The recommended capacity of a finished sweep (SPEC §4): the smallest
 * capacity whose recycles reach T % of those at the largest capacity swept,
 * its peak retained memory, each class's own need, the sentence on what one
 * setting for all classes keeps, and "Use capacity N".
 */
import { useId } from "react";
import { useShallow } from "zustand/react/shallow";
import { useStore } from "../../store/index.ts";
import { SIZE_CLASSES, recommend, type SweepPoint } from "../../worker/protocol.ts";
import { classLabel, formatAmount } from "../common/format.ts";
import { memorySentence } from "./sweepMetrics.ts";

/** The recommendation for `points` at the store's target. */
export function SweepRecommendation({ points }: { points: readonly SweepPoint[] }) {
  const { target, setTarget, applyCapacity } = useStore(
    useShallow((s) => ({
      target: s.sweepTarget,
      setTarget: s.setSweepTarget,
      applyCapacity: s.applyCapacity,
    })),
  );
  const targetId = useId();
  const recommendation = recommend(points, target);
  return (
    <div className="sweep-recommendation">
      <label htmlFor={targetId} className="sweep-target">
        Target{" "}
        <input
          id={targetId}
          type="number"
          min={1}
          max={100}
          step={1}
          value={Math.round(target * 100)}
          onChange={(event) => {
            const percent = Number(event.target.value);
            if (Number.isFinite(percent) && percent >= 1 && percent <= 100) {
              setTarget(percent / 100);
            }
          }}
        />{" "}
        % of the recycles at the largest capacity
      </label>
      {recommendation === null ? (
        <p className="sweep-text">Every capacity stopped with an error: nothing to recommend.</p>
      ) : (
        <>
          <p className="sweep-text">
            Recommended capacity:{" "}
            <strong
              data-testid="recommended-capacity"
              data-target={recommendation.target}
              data-peak-retained-bytes={recommendation.peakRetainedBytes}
            >
              {recommendation.capacity}
            </strong>
            , keeping at most {formatAmount(recommendation.peakRetainedBytes)} in free lists.{" "}
            <button type="button" onClick={() => applyCapacity(recommendation.capacity)}>
              Use capacity {recommendation.capacity}
            </button>
          </p>
          <p className="sweep-text">{memorySentence(points, recommendation)}</p>
          <ul className="sweep-needs" aria-label="Capacity each class alone would need">
            {SIZE_CLASSES.map((_, k) => (
              <li key={k}>
                {classLabel(k)}:{" "}
                <span data-testid={`class-need-${k}`}>{recommendation.perClass[k]}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
