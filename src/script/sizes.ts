const KiB = 1024;
const MiB = 1024 * 1024;

/** Size units by lower-cased spelling; all are powers of 1024, as the seed's "4 KB" means 4096. */
export const UNIT_BYTES: ReadonlyMap<string, number> = new Map([
  ["", 1],
  ["b", 1],
  ["k", KiB],
  ["kb", KiB],
  ["kib", KiB],
  ["m", MiB],
  ["mb", MiB],
  ["mib", MiB],
]);

/** A size in its canonical spelling: `4KB`, `2MB` when exact, else plain bytes (`1000`, `0`). */
export function formatSize(bytes: number): string {
  if (bytes > 0 && bytes % MiB === 0) return `${bytes / MiB}MB`;
  if (bytes > 0 && bytes % KiB === 0) return `${bytes / KiB}KB`;
  return String(bytes);
}
