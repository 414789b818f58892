/**
 * The presets now live in `presets/presets.ts`. This path stays only because
 * the screenshot specs in e2e/visual import it; delete it once they import
 * the new path.
 */
export * from "./presets/presets.ts";
