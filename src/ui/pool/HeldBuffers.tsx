/** The buffers still held, each a button that releases it. */
import { useStore, type PlaygroundState } from "../../store/index.ts";
import type { HeldBuffer } from "../../worker/protocol.ts";
import { CLASS_SIZES, classLabel, formatSize, shownName } from "../common/format.ts";
import { LIST_REFRESH_MS, useThrottledStore } from "../common/useThrottledStore.ts";

const selectHeldBuffers = (s: PlaygroundState) => s.snapshot.heldBuffers;
const selectHeldCount = (s: PlaygroundState) => s.snapshot.heldCount;

function describe(buffer: HeldBuffer): string {
  if (buffer.sizeClass < 0) return `${formatSize(buffer.capacity)}, oversized`;
  const label = classLabel(buffer.sizeClass);
  const classSize = CLASS_SIZES[buffer.sizeClass] ?? buffer.capacity;
  return buffer.capacity > classSize ? `${label}, grown to ${formatSize(buffer.capacity)}` : label;
}

/** Held buffers, oldest first, with "+N more" beyond the listed ones. Refreshes at most 10/s while running. */
export function HeldBuffers() {
  const heldBuffers = useThrottledStore(selectHeldBuffers, LIST_REFRESH_MS);
  const heldCount = useThrottledStore(selectHeldCount, LIST_REFRESH_MS);
  const send = useStore((s) => s.send);
  const more = heldCount - heldBuffers.length;
  return (
    <section className="panel held" aria-labelledby="held-heading">
      <h2 id="held-heading" className="panel-title">
        Held buffers <span className="muted">{heldCount}</span>
      </h2>
      {heldCount === 0 ? (
        <p className="muted empty">None held. Click a size class to acquire one.</p>
      ) : (
        <ul className="held-list" aria-label="Held buffers: click one to release it">
          {heldBuffers.map((buffer) => {
            const size = describe(buffer);
            const shown = shownName(buffer.name);
            // A long name is shortened on screen; the whole of it is the tooltip and the accessible name.
            const whole =
              shown === buffer.name
                ? {}
                : { title: buffer.name, "aria-label": `Release ${buffer.name} (${size})` };
            return (
              <li key={buffer.name}>
                <button
                  type="button"
                  className="held-buffer"
                  data-testid="held-buffer"
                  data-name={buffer.name}
                  {...whole}
                  onClick={() => send({ type: "releaseBuffer", name: buffer.name })}
                >
                  <span className="visually-hidden">Release </span>
                  <span className="held-name">{shown}</span>{" "}
                  <span className="held-size">({size})</span>
                </button>
              </li>
            );
          })}
          {more > 0 ? <li className="muted more">+{more} more</li> : null}
        </ul>
      )}
    </section>
  );
}
