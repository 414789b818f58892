const INITIAL_CAPACITY = 16;
/** The longest {@link HeldBuffers.stateKey}: beyond it, comparing states costs more than it saves. */
const STATE_KEY_LIMIT = 1024;
/** Where {@link HeldBuffers.hasState} writes the state it compares: one for all, as calls never nest. */
const scratch = new Float64Array(STATE_KEY_LIMIT);
/** A state key's head (next handle, free handles, buffers held) and its numbers per held buffer. */
const KEY_HEAD = 3;
const KEY_STRIDE = 4;
/**
 * Up to this many held buffers, a list that picks at random closes the gap a
 * dropped buffer leaves (moving the older or the newer ones, whichever are
 * fewer, by one), so a rank is a position and needs no tree; above it, gaps
 * stay and the tree counts them.
 */
export const DENSE_LIMIT = 64;

/**
 * The buffers a running script holds, oldest first. Every operation a step
 * needs takes O(log n): add the newest, drop any buffer, find the k-th oldest
 * (for `random`). Dropped buffers leave holes; holes at the end are trimmed at
 * once, so the newest is always the last position, and the rest are squeezed
 * out when the arrays fill. The oldest is found by walking past the holes
 * before it, each passed once (amortised O(1), for `oldest` and `all`).
 * A script that picks at random needs the k-th oldest: while it holds at most
 * {@link DENSE_LIMIT} buffers the list is kept *dense* (a buffer dropped from
 * the middle closes its gap, so the k-th oldest is `k` past the oldest);
 * beyond that, holes may sit anywhere and a Fenwick tree of live counts skips
 * them. A script that never picks at random keeps no tree, so its steps cost O(1).
 * Named buffers are tracked by slot (an index the compiler gives each name);
 * every buffer has an id, a number that names it (see `Program.bufferName`),
 * and a handle, the smallest number free when it was added (see `StepBatch`).
 */
export class HeldBuffers {
  /** How many buffers are held. */
  count = 0;
  private length = 0;
  /** No live buffer sits below this position. */
  private first = 0;
  /**
   * Whether holes may sit between live positions. When not (only in a ranked
   * list), the live positions are exactly those from the oldest to `length`.
   */
  private scattered: boolean;
  private ids = new Float64Array(INITIAL_CAPACITY);
  private handles = new Int32Array(INITIAL_CAPACITY); // 32-bit: handles stay below the most buffers held at once
  /** Handles given back, to hand out again (a stack), and the next never given. */
  private freeHandles = new Int32Array(INITIAL_CAPACITY); // 32-bit: handles stay below the most buffers held at once
  private freeHandleCount = 0;
  private nextHandle = 0;
  private slots = new Int32Array(INITIAL_CAPACITY); // 32-bit: name slots of a script of at most 1 MiB
  private lines = new Int32Array(INITIAL_CAPACITY); // 32-bit: line numbers of a script of at most 1 MiB
  private live = new Uint8Array(INITIAL_CAPACITY);
  /** Fenwick tree over `live`, 1-based. */
  private tree = new Int32Array(INITIAL_CAPACITY + 1); // 32-bit: counts of held buffers
  private readonly positionOfSlot: Int32Array; // 32-bit: positions of held buffers

  constructor(
    slotCount: number,
    /** Whether {@link positionAt} is used with a rank above 0; without it the Fenwick tree is not kept. */
    private readonly ranked = true,
  ) {
    this.positionOfSlot = new Int32Array(slotCount).fill(-1); // 32-bit: positions of held buffers
    this.scattered = !ranked;
  }

  /** The position of the buffer a named slot holds, or -1. */
  positionOf(slot: number): number {
    return this.positionOfSlot[slot]!;
  }

  /** Adds the newest buffer; `slot` is -1 for an unnamed one. Returns its handle. */
  add(id: number, slot: number, line: number): number {
    const handle =
      this.freeHandleCount > 0 ? this.freeHandles[--this.freeHandleCount]! : this.nextHandle++;
    this.addWithHandle(id, slot, line, handle);
    return handle;
  }

  /**
   * Adds the newest buffer with a given handle, as a restored cursor does;
   * call {@link freeUnusedHandles} once all are added.
   */
  addWithHandle(id: number, slot: number, line: number, handle: number): void {
    if (this.length === this.live.length) this.makeRoom();
    const position = this.length++;
    if (this.count === 0) this.first = position;
    this.ids[position] = id;
    this.handles[position] = handle;
    this.slots[position] = slot;
    this.lines[position] = line;
    this.live[position] = 1;
    if (slot >= 0) this.positionOfSlot[slot] = position;
    if (this.scattered) this.addLive(position, 1);
    this.count++;
  }

  /** After {@link addWithHandle}: every handle below the largest one used that no buffer has is free. */
  freeUnusedHandles(): void {
    const used = new Set<number>();
    for (let position = 0; position < this.length; position++) {
      if (this.live[position] === 1) used.add(this.handles[position]!);
    }
    this.nextHandle = used.size === 0 ? 0 : Math.max(...used) + 1;
    this.freeHandleCount = 0;
    for (let handle = this.nextHandle - 1; handle >= 0; handle--) {
      if (!used.has(handle)) this.freeHandle(handle);
    }
  }

  /** Drops the buffer at `position`; its handle may be handed out again. */
  removeAt(position: number): void {
    this.freeHandle(this.handles[position]!);
    const slot = this.slots[position]!;
    if (slot >= 0) this.positionOfSlot[slot] = -1;
    if (!this.scattered && position !== this.length - 1 && position !== this.oldestPosition()) {
      if (this.count <= DENSE_LIMIT) {
        this.closeGap(position);
        this.count--;
        return;
      }
      this.scatter();
    }
    this.live[position] = 0;
    if (this.scattered) this.addLive(position, -1);
    this.count--;
    while (this.length > 0 && this.live[this.length - 1] === 0) this.length--;
  }

  /** Position of the oldest held buffer; only when `count` > 0. */
  oldestPosition(): number {
    const live = this.live;
    let position = this.first;
    while (live[position] === 0) position++;
    this.first = position;
    return position;
  }

  /** Position of the held buffer of the given age rank (0 = oldest); rank must be below `count`. */
  positionAt(rank: number): number {
    if (!this.scattered) return this.oldestPosition() + rank;
    if (rank === 0) return this.oldestPosition();
    // A Fenwick descent. The tree's size is a power of two whose whole count
    // exceeds any rank, so the search starts at half of it and never passes
    // the end. Branch-free: the comparisons go either way at random.
    const tree = this.tree;
    let position = 0;
    let left = rank;
    for (let step = this.live.length >> 1; step > 0; step >>= 1) {
      const below = tree[position + step]!;
      // 32-bit: counts of held buffers; all ones when `below` ≤ `left`, else zero
      const take = (below - left - 1) >> 31;
      position += step & take; // 32-bit: as above
      left -= below & take; // 32-bit: as above
    }
    return position;
  }

  /** Position of the newest held buffer; only when `count` > 0. */
  newestPosition(): number {
    return this.length - 1;
  }

  /** Id of the buffer at `position`. */
  idAt(position: number): number {
    return this.ids[position]!;
  }

  /** Handle of the buffer at `position`. */
  handleAt(position: number): number {
    return this.handles[position]!;
  }

  /** Slot of the buffer at `position` (-1 if unnamed). */
  slotAt(position: number): number {
    return this.slots[position]!;
  }

  /** Line of the acquire that produced the buffer at `position`. */
  lineAt(position: number): number {
    return this.lines[position]!;
  }

  /** The held buffers' ids, acquire lines and handles, oldest first. */
  entries(): { id: number; line: number; handle: number }[] {
    const entries: { id: number; line: number; handle: number }[] = [];
    for (let position = 0; position < this.length; position++) {
      if (this.live[position] === 1) {
        entries.push({
          id: this.ids[position]!,
          line: this.lines[position]!,
          handle: this.handles[position]!,
        });
      }
    }
    return entries;
  }

  /**
   * Everything that decides the steps ahead of a cursor that draws no random
   * numbers: the live buffers oldest first (id, handle, slot, line) and the
   * free handles. Where they sit in the arrays is left out, and an unnamed
   * buffer's id is taken relative to `unnamedBase` (the id the next unnamed
   * buffer gets), so a queue that moves on by the same buffers each block
   * comes round to the same key. Null when there is too much of it to be
   * worth comparing.
   */
  stateKey(unnamedBase: number): Float64Array | null {
    const size = this.keySize();
    if (size > STATE_KEY_LIMIT) return null;
    const key = new Float64Array(size);
    this.writeKey(key, unnamedBase);
    return key;
  }

  /** Whether the state is the one `key` (from {@link stateKey}) describes, with the same `unnamedBase` meaning. */
  hasState(key: Float64Array, unnamedBase: number): boolean {
    if (key.length !== this.keySize() || key[0] !== this.nextHandle) return false;
    this.writeKey(scratch, unnamedBase);
    for (let i = 0; i < key.length; i++) if (scratch[i] !== key[i]) return false;
    return true;
  }

  private keySize(): number {
    return KEY_HEAD + this.freeHandleCount + KEY_STRIDE * this.count;
  }

  private writeKey(key: Float64Array, unnamedBase: number): void {
    key[0] = this.nextHandle;
    key[1] = this.freeHandleCount;
    key[2] = this.count;
    let i = KEY_HEAD;
    for (let f = 0; f < this.freeHandleCount; f++) key[i++] = this.freeHandles[f]!;
    if (this.count === 0) return;
    const { ids, handles, slots, lines, live } = this;
    for (let position = this.oldestPosition(); position < this.length; position++) {
      if (live[position] === 0) continue;
      const slot = slots[position]!;
      key[i++] = slot >= 0 ? ids[position]! : ids[position]! - unnamedBase;
      key[i++] = handles[position]!;
      key[i++] = slot;
      key[i++] = lines[position]!;
    }
  }

  /** Moves every held unnamed buffer's id on by `delta`, as writing recorded rounds moves their ids. */
  shiftUnnamed(delta: number): void {
    const { ids, slots, live } = this;
    for (let position = this.first; position < this.length; position++) {
      if (live[position] === 1 && slots[position]! < 0) ids[position]! += delta;
    }
  }

  private freeHandle(handle: number): void {
    if (this.freeHandleCount === this.freeHandles.length) {
      const grown = new Int32Array(2 * this.freeHandles.length); // 32-bit: handles stay below the most buffers held at once
      grown.set(this.freeHandles);
      this.freeHandles = grown;
    }
    this.freeHandles[this.freeHandleCount++] = handle;
  }

  private addLive(position: number, delta: number): void {
    if (!this.ranked) return;
    const tree = this.tree;
    const size = this.live.length;
    for (let i = position + 1; i <= size; i += i & -i) tree[i]! += delta;
  }

  /**
   * Squeezes out the holes, in place, after doubling the arrays if more than
   * a quarter of them is live: so a squeeze moves at most a quarter of the
   * positions, and comes only after three times as many adds.
   */
  private makeRoom(): void {
    if (this.count > this.live.length / 4) this.grow(2 * this.live.length);
    const { ids, handles, slots, lines, live } = this;
    let length = 0;
    for (let position = 0; position < this.length; position++) {
      if (live[position] === 0) continue;
      if (position !== length) {
        const slot = slots[position]!;
        ids[length] = ids[position]!;
        handles[length] = handles[position]!;
        slots[length] = slot;
        lines[length] = lines[position]!;
        live[length] = 1;
        if (slot >= 0) this.positionOfSlot[slot] = length;
      }
      length++;
    }
    live.fill(0, length, this.length);
    this.length = length;
    this.first = 0;
    if (!this.ranked || !this.scattered) return;
    if (this.count <= DENSE_LIMIT / 2) {
      this.scattered = false;
      return;
    }
    // Every live position now comes before every hole: the tree counts a prefix.
    const tree = this.tree;
    for (let i = 1; i < tree.length; i++) {
      const lowest = i & -i;
      tree[i] = Math.max(0, Math.min(i, length) - (i - lowest));
    }
  }

  /**
   * Removes the buffer at `position` of a dense list by moving the shorter
   * side by one: the older ones up (the oldest position becomes a hole) or
   * the newer ones down.
   */
  private closeGap(position: number): void {
    const { ids, handles, slots, lines, positionOfSlot } = this;
    const first = this.first;
    const last = this.length - 1;
    if (position - first < last - position) {
      for (let to = position; to > first; to--) {
        const slot = slots[to - 1]!;
        ids[to] = ids[to - 1]!;
        handles[to] = handles[to - 1]!;
        slots[to] = slot;
        lines[to] = lines[to - 1]!;
        if (slot >= 0) positionOfSlot[slot] = to;
      }
      this.live[first] = 0;
      this.first = first + 1;
      return;
    }
    for (let to = position; to < last; to++) {
      const slot = slots[to + 1]!;
      ids[to] = ids[to + 1]!;
      handles[to] = handles[to + 1]!;
      slots[to] = slot;
      lines[to] = lines[to + 1]!;
      if (slot >= 0) positionOfSlot[slot] = to;
    }
    this.live[last] = 0;
    this.length = last;
  }

  /** Lets holes sit anywhere from now on: builds the tree of live counts. */
  private scatter(): void {
    this.scattered = true;
    const { tree, live } = this;
    const size = live.length;
    tree.fill(0);
    for (let i = 1; i <= size; i++) {
      tree[i]! += live[i - 1]!;
      const parent = i + (i & -i); // 32-bit: Fenwick index arithmetic on positions
      if (parent <= size) tree[parent]! += tree[i]!;
    }
  }

  /** Copies the arrays into ones of `size` entries. */
  private grow(size: number): void {
    // 32-bit: a type, no arithmetic
    const resized = <T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.ids = resized(this.ids, new Float64Array(size));
    this.handles = resized(this.handles, new Int32Array(size)); // 32-bit: handles
    this.slots = resized(this.slots, new Int32Array(size)); // 32-bit: name slots
    this.lines = resized(this.lines, new Int32Array(size)); // 32-bit: line numbers
    this.live = resized(this.live, new Uint8Array(size));
    this.tree = new Int32Array(size + 1); // 32-bit: counts of held buffers
  }
}
