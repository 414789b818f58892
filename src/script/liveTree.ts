/**
 * A Fenwick tree of live positions (1-based, `tree[0]` unused), for a held
 * list whose holes may sit anywhere (`HeldBuffers`): the k-th live position,
 * and a position going live or dead, each in O(log n). The tree covers
 * `tree.length - 1` positions, a power of two.
 */

/** Position `position` goes live (`delta` 1) or dead (-1). */
// 32-bit: counts of held buffers
export function addLive(tree: Int32Array, position: number, delta: number): void {
  const size = tree.length - 1;
  for (let i = position + 1; i <= size; i += i & -i) tree[i]! += delta;
}

/**
 * The position of the live one of rank `rank` (0: the first); `rank` must be
 * below the live count. A descent: the tree's size is a power of two whose
 * whole count exceeds any rank, so it starts at half of it and never passes
 * the end. Branch-free: the comparisons go either way at random.
 */
// 32-bit: counts of held buffers
export function liveAt(tree: Int32Array, rank: number): number {
  let position = 0;
  let left = rank;
  for (let step = (tree.length - 1) >> 1; step > 0; step >>= 1) {
    const below = tree[position + step]!;
    // 32-bit: counts of held buffers; all ones when `below` ≤ `left`, else zero
    const take = (below - left - 1) >> 31;
    position += step & take; // 32-bit: as above
    left -= below & take; // 32-bit: as above
  }
  return position;
}

/** Counts the live positions of `order` (a handle, or -1 at a hole) afresh. */
// 32-bit: counts of held buffers, and handles
export function countLive(tree: Int32Array, order: Int32Array): void {
  const size = tree.length - 1;
  tree.fill(0);
  for (let i = 1; i <= size; i++) {
    if (order[i - 1]! >= 0) tree[i]!++;
    const parent = i + (i & -i); // 32-bit: Fenwick index arithmetic on positions
    if (parent <= size) tree[parent]! += tree[i]!;
  }
}

/** Counts the first `length` positions live and the rest dead. */
// 32-bit: counts of held buffers
export function countPrefixLive(tree: Int32Array, length: number): void {
  for (let i = 1; i < tree.length; i++) {
    const lowest = i & -i; // 32-bit: Fenwick index arithmetic on positions
    tree[i] = Math.max(0, Math.min(i, length) - (i - lowest));
  }
}
