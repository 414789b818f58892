/**
 * A held list's state as numbers (`HeldBuffers.stateKey`), for rounds written
 * from a record (`rounds.ts`): the next handle, the free handles, then per
 * held buffer, oldest first, its id, handle, name slot and line. An unnamed
 * buffer's id is written less the `unnamedBase` of the moment (the id the next
 * unnamed buffer gets), so a queue whose buffers move on by one a round comes
 * round to the same key.
 */

/**
 * The longest key: 2,047 held buffers and a free handle. A queue of them
 * comes round after 2,048 rounds, a block of 4,096 steps, as long as a batch
 * (a record must end within one); beyond it, no block would fit.
 */
export const STATE_KEY_LIMIT = 8192;
/** A key's head (next handle, free handles, buffers held) and its numbers per held buffer. */
export const KEY_HEAD = 3;
export const KEY_STRIDE = 4;

/**
 * Whether the key `now` is the state `key` describes, both as long. A held
 * unnamed buffer matches when its id less its moment's base is the same
 * (a buffer that moved on, like a queue's), or, where `carried` marks it
 * (1, oldest first), whatever its id: a carried buffer stays held and
 * untouched through the rounds of a block (a stack's older buffers, under
 * rounds that acquire and release above them), so its id is in none of
 * their steps, and the block leaves it as it is.
 *
 * With `found`, the buffers that are the very ones the key was taken with
 * also match, and are marked 1 in it: those the rounds recorded left held
 * and untouched. `offset` is `now`'s base less `key`'s, so that such a
 * buffer's number in `key` is its number in `now` plus `offset`.
 */
export function matchKeys(
  now: Float64Array,
  key: Float64Array,
  offset: number,
  carried: Uint8Array | null,
  found: Uint8Array | null,
): boolean {
  const held = KEY_HEAD + key[1]!;
  for (let i = 0; i < held; i++) if (now[i] !== key[i]) return false;
  for (let i = held, b = 0; i < key.length; i += KEY_STRIDE, b++) {
    for (let f = 1; f < KEY_STRIDE; f++) if (now[i + f] !== key[i + f]) return false;
    if (now[i] === key[i] || (carried !== null && carried[b] === 1)) continue;
    if (found === null || now[i + 2]! >= 0 || now[i]! + offset !== key[i]) return false;
    found[b] = 1;
  }
  return true;
}
