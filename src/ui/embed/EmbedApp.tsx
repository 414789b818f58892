/**
 * The embed (`&embed=1`, SPEC §5b): only the counters, the sentence, the bars
 * and the playback controls, with a link to the same state in the full page;
 * sized to fit a 600×400 frame without scroll bars.
 */
import "./embed.css";
import { useMemo } from "react";
import { selectSnapshot, useStore } from "../../store/index.ts";
import { useMotion } from "../app/App.tsx";
import { formatRunError } from "../common/format.ts";
import { LIST_REFRESH_MS, useThrottledStore } from "../common/useThrottledStore.ts";
import { PlaybackButtons, RunStatusLine } from "../playback/Controls.tsx";
import { ClassBars } from "../pool/ClassBars.tsx";
import { Counters } from "../pool/Counters.tsx";
import { Explanation } from "../pool/Explanation.tsx";

/** "Open in Pool Playground": this state in the full page, in a new tab. */
function OpenInFull() {
  const { step, status } = useThrottledStore(selectSnapshot, LIST_REFRESH_MS);
  const source = useStore((s) => s.source);
  const capacity = useStore((s) => s.capacity);
  const shareUrl = useStore((s) => s.shareUrl);
  // The link follows the state shown, refreshed at most every LIST_REFRESH_MS while running.
  const href = useMemo(
    () => shareUrl({ source, capacity, step, status }),
    [shareUrl, source, capacity, step, status],
  );
  return (
    <a className="embed-open" href={href} target="_blank" rel="noopener">
      Open in Pool Playground
    </a>
  );
}

/** A run error, which the full page shows under the editor or in its banner. */
function EmbedError() {
  const error = useStore((s) => s.error);
  if (error === null) return null;
  return (
    <p className="embed-error" role="alert">
      {formatRunError(error)}
    </p>
  );
}

/** The whole embed. */
export function EmbedApp() {
  useMotion();
  return (
    <main className="embed" aria-label="Pool Playground">
      <Counters />
      <EmbedError />
      <Explanation />
      <ClassBars />
      <section className="panel embed-controls" aria-label="Playback controls">
        <PlaybackButtons bare />
        <RunStatusLine />
        <OpenInFull />
      </section>
    </main>
  );
}
