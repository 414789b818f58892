/** The one sentence under the bars that says why the last step did what it did. */
import { selectSnapshot } from "../../store/index.ts";
import { INTRO, explain, shownText } from "./explain.ts";
import { CHART_REDRAW_MS, useThrottledStore } from "../common/useThrottledStore.ts";

/**
 * Says the last step on screen, and aloud (politely) when stepping; a run
 * would flood a screen reader, so it is not announced while running and the
 * text refreshes at most 4/s.
 */
export function Explanation() {
  const { lastEvent, capacityPerClass, free, status } = useThrottledStore(
    selectSnapshot,
    CHART_REDRAW_MS,
  );
  const { text, full } =
    lastEvent === null
      ? { text: INTRO, full: undefined }
      : shownText(lastEvent, (event) => explain(event, capacityPerClass, free));
  return (
    <p
      className="panel explanation"
      aria-live={status === "running" ? "off" : "polite"}
      data-testid="explanation"
      title={full}
    >
      {text}
    </p>
  );
}
