/**
 * Each class's free list as the stack it is: its buffers, top (the next one a
 * recycle hands out) first, each with the name of its last holder; a grown
 * buffer (capacity above its class size) stands out with its capacity against
 * the class size. A recycle pops the top visibly, unless motion is off.
 * Hidden until asked for ("Show stacks"), yet always in the page with the
 * bars, as the automation contract wants (`freelist-K`, `free-buffer`).
 */
import { useState } from "react";
import { selectSnapshot, useStore } from "../../store/index.ts";
import type { FreeBuffer, Snapshot } from "../../worker/protocol.ts";
import { CLASS_SIZES, classLabel, formatCount, formatSize } from "../common/format.ts";
import { LIST_REFRESH_MS, useThrottledStore } from "../common/useThrottledStore.ts";

/** The buffer a recycle just took off a list: drawn leaving the top for a moment. */
interface Popped {
  readonly sizeClass: number;
  readonly buffer: FreeBuffer;
  readonly step: number;
}

/** What the last step popped, when it was one recycle seen step by step. */
function poppedBy(before: Snapshot, after: Snapshot): Popped | null {
  const event = after.lastEvent;
  if (event?.op !== "acquire" || event.outcome !== "recycle" || event.sizeClass < 0) return null;
  if (after.status === "running" || after.step !== before.step + 1) return null;
  const buffer = before.stacks[event.sizeClass]?.[0];
  return buffer === undefined ? null : { sizeClass: event.sizeClass, buffer, step: after.step };
}

function BufferChip(props: { buffer: FreeBuffer; classSize: number }) {
  const { buffer, classSize } = props;
  const grown = buffer.capacity > classSize;
  return (
    <li
      className={grown ? "free-buffer free-buffer-grown" : "free-buffer"}
      data-testid="free-buffer"
      data-name={buffer.name}
      data-capacity={buffer.capacity}
      title={grown ? `${buffer.name}: grown to ${formatSize(buffer.capacity)}` : buffer.name}
    >
      <span className="free-buffer-name">{buffer.name}</span>
      {grown ? (
        <span className="free-buffer-size">
          {formatSize(buffer.capacity)} in {formatSize(classSize)}
        </span>
      ) : null}
    </li>
  );
}

function Stack(props: { sizeClass: number; snapshot: Snapshot; popped: Popped | null }) {
  const { sizeClass, snapshot, popped } = props;
  const stack = snapshot.stacks[sizeClass] ?? [];
  const length = snapshot.free[sizeClass] ?? stack.length;
  const classSize = CLASS_SIZES[sizeClass]!;
  const label = classLabel(sizeClass);
  const more = length - stack.length;
  return (
    <div className="stack-row">
      <span className="stack-label" aria-hidden="true">
        {label}
      </span>
      <ol
        className="stack"
        data-testid={`freelist-${sizeClass}`}
        aria-label={`${label} free list, top first: ${formatCount(length)} of ${formatCount(snapshot.capacityPerClass)}`}
      >
        {popped?.sizeClass === sizeClass ? (
          <li
            key={`popped-${popped.step}`}
            className="free-buffer free-buffer-popped"
            aria-hidden="true"
          >
            <span className="free-buffer-name">{popped.buffer.name}</span>
          </li>
        ) : null}
        {stack.map((buffer, i) => (
          // A stack changes only at its top: counting from the bottom keeps each buffer's element.
          <BufferChip key={length - i} buffer={buffer} classSize={classSize} />
        ))}
        {more > 0 ? <li className="muted more">+{formatCount(more)} more</li> : null}
        {length === 0 ? <li className="muted stack-empty">empty</li> : null}
      </ol>
    </div>
  );
}

/** The stacks of all nine free lists; `shown` false keeps them in the page, hidden. */
export function FreeListStacks(props: { shown: boolean }) {
  const snapshot = useThrottledStore(selectSnapshot, LIST_REFRESH_MS);
  const motion = useStore((s) => s.motion);
  // What the previous snapshot shown had on top, to draw a recycle's pop.
  const [seen, setSeen] = useState<{ snapshot: Snapshot; popped: Popped | null }>({
    snapshot,
    popped: null,
  });
  if (seen.snapshot !== snapshot) {
    setSeen({ snapshot, popped: motion ? poppedBy(seen.snapshot, snapshot) : null });
  }
  return (
    <div className="stacks" hidden={!props.shown} data-testid="freelist-stacks">
      <p className="stacks-note muted">
        Top of each stack first: the next buffer a recycle hands out. Names are the last holders.
      </p>
      {CLASS_SIZES.map((_, k) => (
        <Stack key={k} sizeClass={k} snapshot={snapshot} popped={seen.popped} />
      ))}
    </div>
  );
}
