/** The most recent pool operations, newest first, one short line each. */
import type { PlaygroundState } from "../../store/index.ts";
import type { PoolEvent } from "../../worker/protocol.ts";
import { describeEvent, shownText } from "./explain.ts";
import { LIST_REFRESH_MS, useThrottledStore } from "../common/useThrottledStore.ts";

const selectEvents = (s: PlaygroundState) => s.snapshot.recentEvents;

function outcomeClass(event: PoolEvent): string {
  if (event.op === "acquire") return event.outcome;
  if (event.op === "release") return event.outcome === "pooled" ? "pooled" : "dropped";
  return "resize";
}

/** The log; the snapshot already caps how many events it carries. Refreshes at most 10/s while running. */
export function EventLog() {
  const events = useThrottledStore(selectEvents, LIST_REFRESH_MS);
  return (
    <section className="panel event-log" aria-labelledby="event-log-heading">
      <h2 id="event-log-heading" className="panel-title">
        Event log
      </h2>
      {events.length === 0 ? (
        <p className="muted empty">Nothing yet.</p>
      ) : (
        <ol className="log-list" tabIndex={0} aria-label="Events, newest first">
          {events.toReversed().map((event, row) => {
            const { text, full } = shownText(event, describeEvent);
            // Keyed by row: at full speed every line is new each frame, and
            // rewriting 50 texts is cheaper than replacing 50 elements.
            return (
              <li key={row} className={`log-${outcomeClass(event)}`} title={full}>
                {text}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
