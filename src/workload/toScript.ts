/** "Convert to script": a small trace written in the script language (SPEC §2), with the very same steps. */
import { LIMITS, RESERVED_WORDS } from "../script/index.ts";
import { TRACE_LIMITS, convertsToScript } from "./limits.ts";
import type { Trace } from "./trace.ts";

/** What a script name may be (the parser's rule). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names this conversion gives IDs that can't be names; an ID of this shape is renamed too, so none collide. */
const GIVEN = /^id_[0-9]+$/;

/**
 * The trace as a script: its capacity line, if any, then one statement per
 * event. An ID that is a valid script name keeps it; any other becomes
 * `id_1`, `id_2`, … in the order the IDs first appear. Throws a RangeError
 * naming the limit for a trace of more than `TRACE_LIMITS.maxConvertEvents`
 * events, or whose script would be longer than a script may be.
 */
export function toScript(trace: Trace): string {
  if (!convertsToScript(trace.events)) {
    throw new RangeError(
      `${trace.name} has ${trace.events} events; only a trace of at most ${TRACE_LIMITS.maxConvertEvents} events converts to a script`,
    );
  }
  const names = new Map<string, string>();
  const nameOf = (id: string): string => {
    let name = names.get(id);
    if (name === undefined) {
      name =
        NAME.test(id) && !RESERVED_WORDS.has(id) && !GIVEN.test(id) ? id : `id_${names.size + 1}`;
      names.set(id, name);
    }
    return name;
  };
  const lines = [`# converted from a ${trace.format} trace of ${trace.events} events`];
  if (trace.capacity !== undefined) lines.push(`capacity ${trace.capacity}`);
  for (let k = 0; k < trace.events; k++) {
    const event = trace.event(k);
    const name = nameOf(event.name);
    if (event.kind === "acquire") lines.push(`${name} = acquire ${event.size}`);
    else if (event.kind === "release") lines.push(`release ${name}`);
    else lines.push(`resize ${name} ${event.length}`);
  }
  const script = lines.join("\n") + "\n";
  if (script.length > LIMITS.maxScriptChars) {
    throw new RangeError(
      `${trace.name} would be a script of ${script.length} characters; a script is at most ${LIMITS.maxScriptChars}`,
    );
  }
  return script;
}
