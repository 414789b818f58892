/** The one sentence under the bars that says why the last step did what it did. */
import { useShallow } from "zustand/react/shallow";
import { useStore } from "../store/index.ts";
import { explain } from "./explain.ts";

/** Reads the last event aloud (politely) and on screen. */
export function Explanation() {
  const event = useStore((s) => s.snapshot.lastEvent);
  const capacity = useStore((s) => s.snapshot.capacityPerClass);
  const free = useStore(useShallow((s) => s.snapshot.free));
  return (
    <p className="panel explanation" aria-live="polite" data-testid="explanation">
      {explain(event, capacity, free)}
    </p>
  );
}
