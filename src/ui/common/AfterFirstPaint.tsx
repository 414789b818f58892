/**
 * Renders its children once the page has painted its first frame. The first
 * render of the whole page takes a few hundred milliseconds on a two-core
 * machine (recharts, the first layout); the pool's counters and bars come
 * first (SPEC §6: first drawn bars ≤ 1 s), and the panels around them follow
 * in the next task, as an interruptible transition. Nothing is lost: they
 * mount a frame later with the store as it is then.
 */
import { startTransition, useEffect, useState, type ReactNode } from "react";

export function AfterFirstPaint({ children }: { readonly children: ReactNode }): ReactNode {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame callback runs before that frame paints; the task after it, once it has.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setPainted(true)));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted ? children : null;
}
