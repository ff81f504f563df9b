/**
 * Postings of 32-bit hashes: for each hash, the serials (small entry numbers) of the stories whose
 * sketch has it, in the order they were added.
 *
 * A story indexes 64 hashes and most of them belong to that story alone, so a `Map` from hash to
 * array would make hundreds of thousands of one-element arrays for the garbage collector to
 * trace. Here the hashes sit in an open-addressing table of typed arrays (linear probing, at most
 * half full); a posting of one serial is kept in its slot, and only longer ones get an array.
 *
 * Postings only grow: the index rebuilds them from scratch when it forgets stories (rarely).
 */

const INITIAL_SLOTS = 1 << 12;

export class HashPostings {
  /** Per slot: the hash and the length of its posting (0: the slot is empty)… */
  private hashes = new Uint32Array(INITIAL_SLOTS);
  private lengths = new Int32Array(INITIAL_SLOTS);
  /** …and the posting itself: the serial when there is one, else the index of its array in `lists`. */
  private refs = new Int32Array(INITIAL_SLOTS);
  private readonly lists: number[][] = [];
  private mask = INITIAL_SLOTS - 1;
  private used = 0;

  /**
   * The slot holding `hash`, or -1 when no story has it. Sketch hashes went through a murmur
   * finaliser, so their low bits are already uniform and pick the slot as they are.
   */
  find(hash: number): number {
    const h = hash >>> 0;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      if (this.lengths[i] === 0) return -1;
      if (this.hashes[i] === h) return i;
    }
  }

  /** How many serials the posting in `slot` holds. */
  length(slot: number): number {
    return this.lengths[slot]!;
  }

  /** The `i`-th serial of the posting in `slot`. */
  serialAt(slot: number, i: number): number {
    return this.lengths[slot] === 1 ? this.refs[slot]! : this.lists[this.refs[slot]!]![i]!;
  }

  /**
   * Adds `serial` to the posting of `hash`. A story's hashes are added together, so a repeat of
   * the same serial is always the posting's last one and is skipped.
   */
  add(hash: number, serial: number): void {
    if ((this.used + 1) * 2 > this.lengths.length) this.grow();
    const h = hash >>> 0;
    let i = h & this.mask;
    while (this.lengths[i] !== 0 && this.hashes[i] !== h) i = (i + 1) & this.mask;
    const length = this.lengths[i]!;
    if (length === 0) {
      this.hashes[i] = h;
      this.refs[i] = serial;
      this.used++;
    } else if (this.serialAt(i, length - 1) === serial) {
      return;
    } else if (length === 1) {
      this.lists.push([this.refs[i]!, serial]);
      this.refs[i] = this.lists.length - 1;
    } else {
      this.lists[this.refs[i]!]!.push(serial);
    }
    this.lengths[i] = length + 1;
  }

  private grow(): void {
    const { hashes, lengths, refs } = this;
    const size = lengths.length * 2;
    this.hashes = new Uint32Array(size);
    this.lengths = new Int32Array(size);
    this.refs = new Int32Array(size);
    this.mask = size - 1;
    for (let j = 0; j < lengths.length; j++) {
      if (lengths[j] === 0) continue;
      let i = hashes[j]! & this.mask;
      while (this.lengths[i] !== 0) i = (i + 1) & this.mask;
      this.hashes[i] = hashes[j]!;
      this.lengths[i] = lengths[j]!;
      this.refs[i] = refs[j]!;
    }
  }
}
