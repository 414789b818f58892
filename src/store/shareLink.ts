/**
 * The share-link format of the automation contract (SPEC §5):
 * `#script=<lz-string compressToEncodedURIComponent>&capacity=N&run=1&step=N&motion=off`,
 * `&sweep=0..64` (or `&sweep=0,1,2,4,8`) to run a capacity sweep on load,
 * `&predict=1` to open in predict mode, and `&compare=N` to compare with
 * capacity B = N.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import { parseCapacities } from "../worker/protocol.ts";
import { readSetting } from "./settings.ts";

/** What a link asks for. */
export interface ShareLink {
  readonly source: string;
  readonly capacity?: number;
  /** Run to the end (or to `step`) at full speed on load. */
  readonly run: boolean;
  /** Stop at this step. */
  readonly step?: number;
  /** False for `motion=off`. */
  readonly motion: boolean;
  /** The capacities to sweep on load, as written (`0..64`, `0,1,2,4,8`). */
  readonly sweep?: string;
  /** True for `predict=1`: open in predict mode. */
  readonly predict?: boolean;
  /** Compare's capacity B. */
  readonly compare?: number;
}

/** A hash that could not be read, with the reason in words. */
export interface BrokenLink {
  readonly broken: string;
}

/** Builds the hash (with its leading `#`) for a link. */
export function encodeShareHash(link: Omit<ShareLink, "motion"> & { motion?: boolean }): string {
  const params = [`script=${compressToEncodedURIComponent(link.source)}`];
  if (link.capacity !== undefined) params.push(`capacity=${link.capacity}`);
  if (link.run) params.push("run=1");
  if (link.step !== undefined) params.push(`step=${link.step}`);
  if (link.motion === false) params.push("motion=off");
  if (link.sweep !== undefined) params.push(`sweep=${link.sweep}`);
  if (link.predict === true) params.push("predict=1");
  if (link.compare !== undefined) params.push(`compare=${link.compare}`);
  return `#${params.join("&")}`;
}

const WHOLE = /^\d+$/;

/**
 * Reads a location hash. `null` when the hash holds no script (nothing to load),
 * a {@link BrokenLink} when it holds one that cannot be read.
 */
export function parseShareHash(hash: string): ShareLink | BrokenLink | null {
  const params = new Map<string, string>();
  for (const part of hash.replace(/^#/, "").split("&")) {
    if (!part) continue;
    const at = part.indexOf("=");
    params.set(at < 0 ? part : part.slice(0, at), at < 0 ? "" : part.slice(at + 1));
  }
  const motion = params.get("motion") !== "off";
  const encoded = params.get("script");
  if (encoded === undefined) return null;
  let source: string | null;
  try {
    source = decompressFromEncodedURIComponent(encoded);
  } catch {
    source = null;
  }
  // lz-string decodes a cut-short or made-up stream to "", a prefix or junk
  // rather than failing: only text that encodes back to exactly this is the script.
  if (source === null || compressToEncodedURIComponent(source) !== encoded) {
    return { broken: "the script in this link is damaged or cut short" };
  }
  const link: { -readonly [K in keyof ShareLink]: ShareLink[K] } = {
    source,
    run: params.get("run") === "1",
    motion,
  };
  if (params.get("predict") === "1") link.predict = true;
  for (const key of ["capacity", "step", "compare"] as const) {
    const value = params.get(key);
    if (value === undefined) continue;
    if (!WHOLE.test(value))
      return { broken: `'${key}=${value}' in this link is not a whole number` };
    if (key !== "step") {
      // One limit whatever sets it, and the same words as the input and a `capacity` line.
      const read = readSetting("capacity", value);
      if ("problem" in read) return { broken: read.problem };
    } else if (!Number.isSafeInteger(Number(value))) {
      return { broken: `'step=${value}' in this link is past the last step a run can reach` };
    }
    link[key] = Number(value);
  }
  const sweep = params.get("sweep");
  if (sweep !== undefined) {
    let spec: string;
    try {
      spec = decodeURIComponent(sweep);
      parseCapacities(spec);
    } catch (error) {
      const why = error instanceof RangeError ? error.message : "it is not readable text";
      return { broken: `'sweep=${sweep}' in this link names no capacities to sweep: ${why}` };
    }
    link.sweep = spec;
  }
  return link;
}
