/**
 * What the ledger keeps of each buffer the source holds, by handle (see
 * `StepBatch`): its id, its acquire order, its capacity and its class slot,
 * in columns the step loop reads without calling into the buffer.
 */
const INITIAL = 64;

export class HandleColumns {
  ids = new Float64Array(INITIAL);
  orders = new Float64Array(INITIAL);
  capacities = new Float64Array(INITIAL);
  /** A slot is 0…{@link OVERSIZED_SLOT} (`slots.ts`). */
  slots = new Uint8Array(INITIAL);

  /** Room for every handle below `size`: the columns are replaced by longer ones when short. */
  ensure(size: number): void {
    if (size <= this.ids.length) return;
    const length = Math.max(2 * this.ids.length, size);
    this.ids = longer(this.ids, new Float64Array(length));
    this.orders = longer(this.orders, new Float64Array(length));
    this.capacities = longer(this.capacities, new Float64Array(length));
    this.slots = longer(this.slots, new Uint8Array(length));
  }

  /** Notes the buffer at `handle`. */
  set(handle: number, id: number, order: number, capacity: number, slot: number): void {
    this.ids[handle] = id;
    this.orders[handle] = order;
    this.capacities[handle] = capacity;
    this.slots[handle] = slot;
  }
}

function longer<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
