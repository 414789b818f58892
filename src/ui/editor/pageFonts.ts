/**
 * Waiting for the page's bundled fonts before the script editor is built.
 *
 * The editor scrolls the step line into view with CodeMirror's "nearest"
 * scroll, and where that lands depends on two things a font changes:
 *   - the box of the line's first character, which CodeMirror brings into
 *     view: it is as tall as the drawing font's ascent plus descent, so it
 *     ends 1 px lower in Noto Sans Mono than in JetBrains Mono;
 *   - the editor's own height: the script panel shares its column with the
 *     presets, whose text wraps differently in a fallback sans-serif than in
 *     Inter (34 px shorter in DejaVu Sans).
 * While the bundled fonts are on their way the page draws with whatever the
 * machine has, and a later "nearest" scroll cannot undo an earlier one: it
 * leaves a line that is already in view where it is. So the editor is built
 * only once the fonts are in, and it only ever measures a font we ship.
 *
 * No CodeMirror import here: the script panel uses this before the editor's
 * chunk is loaded.
 */

/**
 * How long the editor waits for the fonts before it is built with fallbacks
 * anyway: the block period browsers give a web font before they draw a fallback.
 */
export const FONT_WAIT_MS = 3_000;

/**
 * Resolves once every face the page's style sheets declare (each family,
 * weight and style) has loaded for Basic Latin, or failed to, or after
 * `timeoutMs`. Never rejects: a missing font must not leave the page without
 * an editor. Faces for other alphabets load when text needs them, as anywhere.
 */
export function pageFontsReady(
  fonts: FontFaceSet,
  timeoutMs: number = FONT_WAIT_MS,
): Promise<void> {
  const declared = new Set<string>();
  fonts.forEach((face) => declared.add(`${face.style} ${face.weight} 16px "${face.family}"`));
  // `load` without text asks for a space: the Basic Latin face of each.
  const loaded = Promise.allSettled([...declared].map((font) => fonts.load(font))).then(
    () => undefined,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  return Promise.race([loaded, late]).finally(() => clearTimeout(timer));
}
