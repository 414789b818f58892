/**
 * The probe `scripts/benchUi/` installs in the site's page before any of the
 * site's scripts run (`addInitScript`). It only watches: it records every
 * change of the run status, long tasks and long animation frames, and when
 * the class bars are first painted; on request it counts frames or times a
 * step change. Times are `performance.now()`, so 0 is navigation start.
 *
 * `installProbe` is serialized into the page: it must not refer to anything
 * outside its own body.
 */

/** One change of `data-testid="run-status"`: its `data-step` and its text. */
export interface RunSample {
  readonly atMs: number;
  readonly step: number;
  readonly status: string;
}

/** A long task or a long animation frame. */
export interface Span {
  readonly startMs: number;
  readonly durationMs: number;
  /** For a long animation frame: where its time went. */
  readonly detail?: string;
}

/** The fields of a 'long-animation-frame' entry the probe reads (not in TypeScript's DOM lib yet). */
interface LongAnimationFrame extends PerformanceEntry {
  readonly renderStart: number;
  readonly styleAndLayoutStart: number;
  readonly scripts: readonly {
    readonly invoker: string;
    readonly sourceFunctionName: string;
    readonly sourceURL: string;
    readonly duration: number;
  }[];
}

/** requestAnimationFrame callbacks counted over a window. */
export interface FrameWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly frames: number;
  readonly longestFrameMs: number;
  readonly startStep: number;
  readonly endStep: number;
  readonly endStatus: string;
}

/** One input timed from its event to the run status's text change. */
export interface InputTiming {
  /** The input event's `timeStamp`: when the browser received it. */
  readonly eventMs: number;
  /** When the page's first listener saw it (a capturing listener on `window`). */
  readonly handledMs: number;
  /** When the run status's text read the status awaited (a MutationObserver). */
  readonly statusMs: number;
}

/** What the probe keeps in the page, as `window.__bench`. */
export interface Probe {
  readonly runSamples: RunSample[];
  readonly longTasks: Span[];
  readonly animationFrames: Span[];
  /** After the frame that first paints the nine class buttons and the bar chart. */
  firstBarsMs: number | null;
  /** Counts animation frames for `durationMs`. */
  measureFrames(durationMs: number): Promise<FrameWindow>;
  /** Sets the scrubber to `target` as a user's drag does; ms until the run status shows it. */
  scrub(input: HTMLInputElement, target: number): Promise<number>;
  /** Clicks `button`; ms until the run status shows `target`. */
  press(button: HTMLElement, target: number): Promise<number>;
  /**
   * Arms a timing of the next trusted `type` event ("click", "keydown"): from
   * its `timeStamp` to the run status's text reading `status`. The input
   * itself comes from outside (Playwright), as a user's would.
   */
  armInput(type: string, status: string): void;
  /** The armed timing, once the status has changed (rejects after 10 s). */
  armedInput: Promise<InputTiming> | null;
}

/** The page's `window` with the probe on it. */
export interface ProbeWindow {
  __bench: Probe;
}

/** Installs the probe; runs in the page. */
export function installProbe(): void {
  const runSamples: RunSample[] = [];
  const longTasks: Span[] = [];
  const animationFrames: Span[] = [];
  const statusSelector = '[data-testid="run-status"]';

  function describeFrame(frame: LongAnimationFrame): string {
    const endMs = frame.startTime + frame.duration;
    const scripts = [...frame.scripts].sort((a, b) => b.duration - a.duration);
    const scriptMs = scripts.reduce((sum, script) => sum + script.duration, 0);
    const longest = scripts[0];
    const rendering = frame.renderStart > 0 ? endMs - frame.renderStart : 0;
    const styleAndLayout = frame.styleAndLayoutStart > 0 ? endMs - frame.styleAndLayoutStart : 0;
    return (
      `scripts ${Math.round(scriptMs)} ms` +
      (longest
        ? ` (longest: ${longest.invoker} → ${longest.sourceFunctionName || "?"} in ` +
          `${longest.sourceURL.replace(/.*\//, "")}, ${Math.round(longest.duration)} ms)`
        : "") +
      `, rendering ${Math.round(rendering)} ms (style, layout, paint ${Math.round(styleAndLayout)} ms)`
    );
  }

  function observeSpans(type: string, into: Span[]): void {
    if (!PerformanceObserver.supportedEntryTypes.includes(type)) return;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const span = { startMs: entry.startTime, durationMs: entry.duration };
        into.push(
          entry.entryType === "long-animation-frame"
            ? { ...span, detail: describeFrame(entry as LongAnimationFrame) }
            : span,
        );
      }
    }).observe({ type, buffered: true });
  }

  function afterNextPaint(callback: () => void): void {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback();
      channel.port2.postMessage(null);
    });
  }

  function readStatus(): RunSample {
    const element = document.querySelector(statusSelector);
    return {
      atMs: performance.now(),
      step: Number(element?.getAttribute("data-step") ?? Number.NaN),
      status: element?.textContent ?? "",
    };
  }

  function recordStatus(): void {
    const sample = readStatus();
    const last = runSamples.at(-1);
    if (!last || last.step !== sample.step || last.status !== sample.status)
      runSamples.push(sample);
  }

  function barsInDocument(): boolean {
    for (let k = 0; k < 9; k++) {
      if (!document.querySelector(`[data-testid="class-${k}"]`)) return false;
    }
    return document.querySelector('[data-testid="class-chart"] .recharts-bar') !== null;
  }

  function timeStepChange(change: () => void, target: number): Promise<number> {
    const status = document.querySelector(statusSelector);
    if (!status) return Promise.reject(new Error("no run status on the page"));
    return new Promise((resolve, reject) => {
      const startedMs = performance.now();
      const observer = new MutationObserver(() => {
        if (Number(status.getAttribute("data-step")) !== target) return;
        const elapsedMs = performance.now() - startedMs;
        observer.disconnect();
        clearTimeout(timer);
        resolve(elapsedMs);
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`the run status did not reach step ${target} within 10 s`));
      }, 10_000);
      observer.observe(status, { attributes: true, attributeFilter: ["data-step"] });
      change();
    });
  }

  const probe: Probe = {
    runSamples,
    longTasks,
    animationFrames,
    firstBarsMs: null,
    measureFrames(durationMs) {
      return new Promise((resolve) => {
        const start = readStatus();
        const frames: number[] = [];
        let longestFrameMs = 0;
        const tick = (now: number) => {
          const previous = frames.at(-1);
          if (previous !== undefined) longestFrameMs = Math.max(longestFrameMs, now - previous);
          frames.push(now);
          if (now - frames[0]! < durationMs) {
            requestAnimationFrame(tick);
            return;
          }
          const end = readStatus();
          resolve({
            startMs: frames[0]!,
            endMs: now,
            frames: frames.length,
            longestFrameMs,
            startStep: start.step,
            endStep: end.step,
            endStatus: end.status,
          });
        };
        requestAnimationFrame(tick);
      });
    },
    scrub(input, target) {
      // The prototype's setter, not the element's: React's own value tracker must not see it.
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
      return timeStepChange(() => {
        setValue.call(input, String(target));
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }, target);
    },
    press(button, target) {
      return timeStepChange(() => button.click(), target);
    },
    armInput(type, awaited) {
      const status = document.querySelector(statusSelector);
      if (!status) throw new Error("no run status on the page");
      probe.armedInput = new Promise((resolve, reject) => {
        let input: { eventMs: number; handledMs: number } | null = null;
        const listener = (event: Event) => {
          if (!event.isTrusted || input) return;
          input = { eventMs: event.timeStamp, handledMs: performance.now() };
        };
        const observer = new MutationObserver(() => {
          if (!input || status.textContent !== awaited) return;
          const statusMs = performance.now();
          finish();
          resolve({ ...input, statusMs });
        });
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`the run status did not read "${awaited}" within 10 s of a ${type}`));
        }, 10_000);
        const finish = () => {
          observer.disconnect();
          clearTimeout(timer);
          window.removeEventListener(type, listener, true);
        };
        window.addEventListener(type, listener, true);
        observer.observe(status, { childList: true, characterData: true, subtree: true });
      });
    },
    armedInput: null,
  };
  (window as unknown as ProbeWindow).__bench = probe;

  observeSpans("longtask", longTasks);
  observeSpans("long-animation-frame", animationFrames);

  let statusWatched = false;
  let barsSeen = false;
  const watch = new MutationObserver(() => {
    const status = document.querySelector(statusSelector);
    if (status && !statusWatched) {
      statusWatched = true;
      recordStatus();
      new MutationObserver(recordStatus).observe(status, {
        attributes: true,
        attributeFilter: ["data-step"],
        childList: true,
        characterData: true,
        subtree: true,
      });
    }
    if (!barsSeen && barsInDocument()) {
      barsSeen = true;
      afterNextPaint(() => (probe.firstBarsMs = performance.now()));
    }
    if (statusWatched && barsSeen) watch.disconnect();
  });
  watch.observe(document, { childList: true, subtree: true });
}
