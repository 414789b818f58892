/**
 * Running a workload to its end in one go, for callers with no frames to
 * keep (the CLI, the tests): the same {@link Session} the worker drives.
 */
import { Session, type SessionOptions } from "./session.ts";
import type { StepSource } from "./stepSource.ts";

/** Steps run between two calls of a progress callback. */
export const PROGRESS_EVERY_STEPS = 65_536;

/** The memory budget when none is given: the page's default, 512 MiB. */
export const DEFAULT_MEMORY_BUDGET_BYTES = 512 * 1024 * 1024;

/**
 * Runs `source` to its end, or to the step where it stops with an error
 * (`session.error` then says why). `onProgress` hears the step reached every
 * {@link PROGRESS_EVERY_STEPS} steps.
 */
export function runToEnd(
  source: StepSource,
  options: SessionOptions,
  onProgress?: (step: number) => void,
): Session {
  const session = new Session(source, options);
  while (session.advance(PROGRESS_EVERY_STEPS) > 0 && !session.error) {
    onProgress?.(session.step);
  }
  return session;
}
