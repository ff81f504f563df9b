/**
 * Postings of 32-bit hashes: for each hash, the serials (small entry numbers) of the stories whose
 * sketch has it, in the order they were added.
 *
 * A story indexes 64 hashes and most of them belong to that story alone, so a `Map` from hash to
 * array would make hundreds of thousands of one-element arrays for the garbage collector to
 * trace. Here the hashes sit in an open-addressing table in one typed array (linear probing, at
 * most half full); a posting of one serial is kept in its slot, and only longer ones get an array.
 *
 * Postings only grow: the index rebuilds them from scratch when it forgets stories (rarely).
 */

/**
 * A slot is three consecutive int32s, so looking a hash up reads one place in memory: the hash,
 * the length of its posting (0: the slot is empty), and the posting itself — the serial when
 * there is one, else the index of its array in `lists`.
 */
const HASH = 0;
const LENGTH = 1;
const POSTING = 2;
const SLOT_INTS = 3;

const INITIAL_SLOTS = 1 << 12;

export class HashPostings {
  private table = new Int32Array(INITIAL_SLOTS * SLOT_INTS);
  private readonly lists: number[][] = [];
  /** Slot count minus one (slot counts are powers of two). */
  private mask = INITIAL_SLOTS - 1;
  private used = 0;

  /**
   * The slot holding `hash`, or -1 when no story has it. Sketch hashes went through a murmur
   * finaliser, so their low bits are already uniform and pick the slot as they are.
   */
  find(hash: number): number {
    const slot = this.slotFor(hash | 0);
    return this.table[slot + LENGTH] === 0 ? -1 : slot;
  }

  /** How many serials the posting in `slot` holds. */
  length(slot: number): number {
    return this.table[slot + LENGTH]!;
  }

  /** The `i`-th serial of the posting in `slot`. */
  serialAt(slot: number, i: number): number {
    const posting = this.table[slot + POSTING]!;
    return this.table[slot + LENGTH] === 1 ? posting : this.lists[posting]![i]!;
  }

  /**
   * Adds `serial` to the posting of `hash`. A story's hashes are added together, so a repeat of
   * the same serial is always the posting's last one and is skipped.
   */
  add(hash: number, serial: number): void {
    if ((this.used + 1) * 2 > this.mask + 1) this.grow();
    const table = this.table;
    const slot = this.slotFor(hash | 0);
    const length = table[slot + LENGTH]!;
    if (length === 0) {
      table[slot + HASH] = hash;
      table[slot + POSTING] = serial;
      this.used++;
    } else if (this.serialAt(slot, length - 1) === serial) {
      return;
    } else if (length === 1) {
      this.lists.push([table[slot + POSTING]!, serial]);
      table[slot + POSTING] = this.lists.length - 1;
    } else {
      this.lists[table[slot + POSTING]!]!.push(serial);
    }
    table[slot + LENGTH] = length + 1;
  }

  /** The slot holding hash `h` (as an int32), or the empty slot where it belongs. */
  private slotFor(h: number): number {
    const table = this.table;
    let i = h & this.mask;
    while (table[i * SLOT_INTS + LENGTH] !== 0 && table[i * SLOT_INTS + HASH] !== h) i = (i + 1) & this.mask;
    return i * SLOT_INTS;
  }

  /** Doubles the table, moving every slot to its place in the larger one. */
  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let from = 0; from < old.length; from += SLOT_INTS) {
      if (old[from + LENGTH] === 0) continue;
      const to = this.slotFor(old[from + HASH]!);
      this.table[to + HASH] = old[from + HASH]!;
      this.table[to + LENGTH] = old[from + LENGTH]!;
      this.table[to + POSTING] = old[from + POSTING]!;
    }
  }
}
