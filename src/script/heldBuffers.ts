import * as liveTree from "./liveTree.ts";
import { KEY_HEAD, KEY_STRIDE, STATE_KEY_LIMIT, matchKeys } from "./stateKeys.ts";

const INITIAL_CAPACITY = 16;
/** Where {@link HeldBuffers.hasState} writes the state it compares: one for all, as calls never nest. */
const scratch = new Float64Array(STATE_KEY_LIMIT);
/**
 * Up to this many held buffers, a list that picks at random closes the gap a
 * dropped buffer leaves (moving the older or the newer ones, whichever are
 * fewer, by one), so a rank is a position and needs no tree; above it, gaps
 * stay and the tree counts them. Even a thousand moves (one `copyWithin`)
 * cost less than the tree's three walks of a dozen levels (session 29).
 */
export const DENSE_LIMIT = 4096;
/** A gap closed over more positions than this is closed by one `copyWithin`, not a loop. */
const COPY_FROM = 32;
/**
 * Up to this many held buffers, closing a gap always moves the newer ones
 * down: more moves, but no branch that goes either way at random (session 27).
 */
const SHIFT_NEWER_LIMIT = 24;
/**
 * Positions after the newest that are always there (holes): closing a gap
 * moves four at a time, and may read three past the newest.
 */
const HOLES_AFTER = 4;

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
 * A position holds only the handle (-1: a hole); what a buffer is (id, slot,
 * line) is kept by handle and never moves, so closing a gap or squeezing out
 * holes moves one number a buffer.
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
  /** The handle held at each position, oldest first; -1 at a hole and from `length` on. */
  private order = new Int32Array(INITIAL_CAPACITY).fill(-1); // 32-bit: handles stay below the most buffers held at once
  /** By handle: the buffer's id, its name's slot (-1: unnamed) and its acquire's line. */
  private ids = new Float64Array(INITIAL_CAPACITY);
  private slots = new Int32Array(INITIAL_CAPACITY); // 32-bit: name slots of a script of at most 1 MiB
  private lines = new Int32Array(INITIAL_CAPACITY); // 32-bit: line numbers of a script of at most 1 MiB
  /** Handles given back, to hand out again (a stack), and the next never given. */
  private freeHandles = new Int32Array(INITIAL_CAPACITY); // 32-bit: handles stay below the most buffers held at once
  private freeHandleCount = 0;
  private nextHandle = 0;
  /** Fenwick tree over the live positions, 1-based. */
  private tree = new Int32Array(INITIAL_CAPACITY + 1); // 32-bit: counts of held buffers
  private readonly positionOfSlot: Int32Array; // 32-bit: positions of held buffers
  /** How many held buffers are named: while none is, moving positions needs no `positionOfSlot` update. */
  private namedCount = 0;

  constructor(
    slotCount: number,
    /** Whether {@link positionAt} is used with a rank above 0; without it the Fenwick tree is not kept. */
    private readonly ranked = true,
    /** {@link DENSE_LIMIT}, smaller in tests. */
    private readonly denseLimit = DENSE_LIMIT,
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
   * call {@link freeUnusedHandles} once all are added. The common case is
   * kept short so that a compiled loop takes it in whole (see `compiledFill.ts`);
   * growing and naming are out of line.
   */
  addWithHandle(id: number, slot: number, line: number, handle: number): void {
    if (handle >= this.ids.length || this.length + HOLES_AFTER >= this.order.length)
      this.makeRoomFor(handle);
    const position = this.length++;
    if (this.count++ === 0) this.first = position;
    this.order[position] = handle;
    this.ids[handle] = id;
    this.slots[handle] = slot;
    this.lines[handle] = line;
    if (slot >= 0) this.holdName(slot, position);
    if (this.scattered) this.addLive(position, 1);
  }

  /** Room for one more position and for `handle`. */
  private makeRoomFor(handle: number): void {
    if (handle >= this.ids.length) this.growHandles(handle + 1);
    if (this.length + HOLES_AFTER >= this.order.length) this.makeRoom();
  }

  /** A named buffer arrives at `position`. */
  private holdName(slot: number, position: number): void {
    this.positionOfSlot[slot] = position;
    this.namedCount++;
  }

  /** After {@link addWithHandle}: every handle below the largest one used that no buffer has is free. */
  freeUnusedHandles(): void {
    const used = new Set<number>();
    for (let position = 0; position < this.length; position++) {
      const handle = this.order[position]!;
      if (handle >= 0) used.add(handle);
    }
    this.nextHandle = used.size === 0 ? 0 : Math.max(...used) + 1;
    this.freeHandleCount = 0;
    for (let handle = this.nextHandle - 1; handle >= 0; handle--) {
      if (!used.has(handle)) this.freeHandle(handle);
    }
  }

  /** Drops the buffer at `position`; its handle may be handed out again. */
  removeAt(position: number): void {
    const handle = this.order[position]!;
    this.freeHandle(handle);
    if (this.slots[handle]! >= 0) this.forgetName(handle);
    const last = this.length - 1;
    if (!this.scattered && position !== last && position !== this.oldestPosition()) {
      if (this.count <= this.denseLimit) {
        this.closeGap(position);
        this.count--;
        return;
      }
      this.scatter();
    }
    this.order[position] = -1;
    if (this.scattered) this.addLive(position, -1);
    this.count--;
    if (position === last) this.trimEnd();
  }

  /** A named buffer leaves: its name holds nothing now. */
  private forgetName(handle: number): void {
    this.positionOfSlot[this.slots[handle]!] = -1;
    this.namedCount--;
  }

  /** Drops the holes at the end, so that the newest is the last position. */
  private trimEnd(): void {
    while (this.length > 0 && this.order[this.length - 1]! < 0) this.length--;
  }

  /**
   * Drops every held buffer, oldest first, leaving the list as dropping the
   * oldest one by one would (the same handles free, in the same order), and
   * writes each one's id and handle from index `at` of `ids` and `handles`.
   * Returns how many it dropped.
   */
  // 32-bit: handles stay below the most buffers held at once
  removeAll(ids: Float64Array, handles: Int32Array, at: number): number {
    const dropped = this.count;
    if (dropped === 0) return 0;
    const { order, slots, positionOfSlot } = this;
    let k = at;
    for (let position = this.oldestPosition(); position < this.length; position++) {
      const handle = order[position]!;
      if (handle < 0) continue;
      order[position] = -1;
      if (this.scattered) this.addLive(position, -1);
      this.freeHandle(handle);
      const slot = slots[handle]!;
      if (slot >= 0) positionOfSlot[slot] = -1;
      ids[k] = this.ids[handle]!;
      handles[k++] = handle;
    }
    this.namedCount = 0;
    this.count = 0;
    this.length = 0;
    return dropped;
  }

  /** Position of the oldest held buffer; only when `count` > 0. */
  oldestPosition(): number {
    const order = this.order;
    let position = this.first;
    while (order[position]! < 0) position++;
    this.first = position;
    return position;
  }

  /** Position of the held buffer of the given age rank (0 = oldest); rank must be below `count`. */
  positionAt(rank: number): number {
    if (!this.scattered) return this.oldestPosition() + rank;
    if (rank === 0) return this.oldestPosition();
    return liveTree.liveAt(this.tree, rank);
  }

  /** Position of the newest held buffer; only when `count` > 0. */
  newestPosition(): number {
    return this.length - 1;
  }

  /** Id of the buffer at `position`. */
  idAt(position: number): number {
    return this.ids[this.order[position]!]!;
  }

  /** Handle of the buffer at `position`. */
  handleAt(position: number): number {
    return this.order[position]!;
  }

  /** Slot of the buffer at `position` (-1 if unnamed). */
  slotAt(position: number): number {
    return this.slots[this.order[position]!]!;
  }

  /** Line of the acquire that produced the buffer at `position`. */
  lineAt(position: number): number {
    return this.lines[this.order[position]!]!;
  }

  /** The held buffers' ids, acquire lines and handles, oldest first. */
  entries(): { id: number; line: number; handle: number }[] {
    const handles = Array.from(this.order.subarray(0, this.length)).filter((handle) => handle >= 0);
    return handles.map((handle) => ({ id: this.ids[handle]!, line: this.lines[handle]!, handle }));
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

  /**
   * Whether the state is the one `key` (from {@link stateKey}) describes, with
   * the same `unnamedBase` meaning, but for the ids of the held buffers
   * `carried` marks (from {@link carriedSince}; see `matchKeys`).
   */
  hasState(key: Float64Array, unnamedBase: number, carried: Uint8Array): boolean {
    return this.writeIfLike(key, unnamedBase) && matchKeys(scratch, key, 0, carried, null);
  }

  /** Null unless the state is the one `key` describes; else, oldest first, 1 for each carried buffer (`matchKeys`). */
  carriedSince(key: Float64Array, base: number, keyBase: number): Uint8Array | null {
    if (!this.writeIfLike(key, base)) return null;
    const found = new Uint8Array(this.count);
    return matchKeys(scratch, key, base - keyBase, null, found) ? found : null;
  }

  /**
   * Whether `key` has this state's length, next handle and free handles; if
   * so, writes this state into `scratch`. The free handles are compared
   * before the rest is written: a queue's come round only once its handles
   * have (as many rounds as it holds buffers), and differ until then.
   */
  private writeIfLike(key: Float64Array, unnamedBase: number): boolean {
    const free = this.freeHandleCount;
    if (key.length !== this.keySize() || key[0] !== this.nextHandle || key[1] !== free)
      return false;
    const { freeHandles } = this;
    for (let f = 0; f < free; f++) if (key[KEY_HEAD + f] !== freeHandles[f]) return false;
    this.writeKey(scratch, unnamedBase);
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
    const { ids, order, slots, lines } = this;
    for (let position = this.oldestPosition(); position < this.length; position++) {
      const handle = order[position]!;
      if (handle < 0) continue;
      const slot = slots[handle]!;
      key[i++] = slot >= 0 ? ids[handle]! : ids[handle]! - unnamedBase;
      key[i++] = handle;
      key[i++] = slot;
      key[i++] = lines[handle]!;
    }
  }

  /** Moves every held unnamed buffer's id on by `delta`, as writing recorded rounds does; not the `carried`. */
  shiftUnnamed(delta: number, carried: Uint8Array): void {
    const { ids, order, slots } = this;
    let b = 0;
    for (let position = this.first; position < this.length; position++) {
      const handle = order[position]!;
      if (handle < 0) continue;
      if (slots[handle]! < 0 && carried[b] === 0) ids[handle]! += delta;
      b++;
    }
  }

  private freeHandle(handle: number): void {
    if (this.freeHandleCount === this.freeHandles.length) this.growFreeHandles();
    this.freeHandles[this.freeHandleCount++] = handle;
  }

  private growFreeHandles(): void {
    const grown = new Int32Array(2 * this.freeHandles.length); // 32-bit: handles stay below the most buffers held at once
    grown.set(this.freeHandles);
    this.freeHandles = grown;
  }

  private addLive(position: number, delta: number): void {
    if (this.ranked) liveTree.addLive(this.tree, position, delta);
  }

  /**
   * Squeezes out the holes, in place, after doubling the positions if more
   * than a quarter of them is live: so a squeeze moves at most a quarter of
   * the positions, and comes only after three times as many adds.
   */
  private makeRoom(): void {
    if (this.count > this.order.length / 4) this.growPositions(2 * this.order.length);
    const order = this.order;
    let length = 0;
    for (let position = 0; position < this.length; position++) {
      const handle = order[position]!;
      if (handle >= 0) order[length++] = handle;
    }
    order.fill(-1, length, this.length);
    if (this.namedCount > 0) this.placeNamed(0, length);
    this.length = length;
    this.first = 0;
    if (!this.ranked || !this.scattered) return;
    if (this.count <= this.denseLimit / 2) {
      this.scattered = false;
      return;
    }
    // Every live position now comes before every hole: the tree counts a prefix.
    liveTree.countPrefixLive(this.tree, length);
  }

  /**
   * Removes the buffer at `position` of a dense list by moving one side by
   * one: the older ones up (the oldest position becomes a hole) or the newer
   * ones down; the shorter side, or the newer when few are held
   * ({@link SHIFT_NEWER_LIMIT}).
   */
  private closeGap(at: number): void {
    const order = this.order;
    // 32-bit: positions; as int32 the loops below compare and index without conversions
    const position = at | 0;
    const first = this.first | 0; // 32-bit: as above
    const last = (this.length - 1) | 0; // 32-bit: as above
    if (this.count > SHIFT_NEWER_LIMIT && position - first < last - position) {
      if (position - first > COPY_FROM) order.copyWithin(first + 1, first, position);
      else for (let to = position; to > first; to--) order[to] = order[to - 1]!;
      order[first] = -1;
      this.first = first + 1;
      if (this.namedCount > 0) this.placeNamed(first + 1, position + 1);
      return;
    }
    if (last - position > COPY_FROM) {
      order.copyWithin(position, position + 1, last + 1);
    } else {
      // Four at a time, so a quarter of the loop's tests and exits (the exit goes
      // either way at random): the last round may move up to three of the holes
      // after `last` (all -1) down, which leaves them holes.
      for (let to = position; to < last; to += 4) {
        order[to] = order[to + 1]!;
        order[to + 1] = order[to + 2]!;
        order[to + 2] = order[to + 3]!;
        order[to + 3] = order[to + 4]!;
      }
    }
    order[last] = -1;
    this.length = last;
    if (this.namedCount > 0) this.placeNamed(position, last);
  }

  /** Points `positionOfSlot` of the named buffers at positions `from…to-1` to where they now are. */
  private placeNamed(from: number, to: number): void {
    const { order, slots, positionOfSlot } = this;
    for (let position = from; position < to; position++) {
      const slot = slots[order[position]!]!;
      if (slot >= 0) positionOfSlot[slot] = position;
    }
  }

  /** Lets holes sit anywhere from now on: builds the tree of live counts. */
  private scatter(): void {
    this.scattered = true;
    liveTree.countLive(this.tree, this.order);
  }

  /** Copies the positions into an array of `size` (the new ones holes), with a tree as long. */
  private growPositions(size: number): void {
    const order = new Int32Array(size).fill(-1); // 32-bit: handles
    order.set(this.order);
    this.order = order;
    this.tree = new Int32Array(size + 1); // 32-bit: counts of held buffers
  }

  /** Makes room for handles below `least` at least. */
  private growHandles(least: number): void {
    const size = Math.max(2 * this.ids.length, least);
    // 32-bit: a type, no arithmetic
    const resized = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.ids = resized(this.ids, new Float64Array(size));
    this.slots = resized(this.slots, new Int32Array(size)); // 32-bit: name slots
    this.lines = resized(this.lines, new Int32Array(size)); // 32-bit: line numbers
  }
}
