/**
 * Postings of 32-bit hashes: for each hash, the serials (small entry numbers) of the stories whose
 * sketch has it, in the order they were added.
 *
 * A story indexes 64 hashes and most of them belong to that story alone, so a `Map` from hash to
 * array would make hundreds of thousands of small arrays for the garbage collector to trace, and
 * reading one posting would mean following three pointers. Here everything lives in two typed
 * arrays: an open-addressing table of hashes (linear probing, at most half full) whose slots hold
 * a posting of one serial themselves, and a pool where each longer posting is one run of serials.
 * A run has room for the next power of two of serials; when it is full it moves to a run twice as
 * long at the end of the pool (the space it leaves is not reused).
 *
 * Postings only grow: the index rebuilds them from scratch when it forgets stories (rarely). So a
 * posting longer than any lookup reads is only counted from then on, and its run is given up.
 */

/**
 * A slot is three consecutive int32s, so looking a hash up reads one place in memory: the hash,
 * the length of its posting (0: the slot is empty), and the posting — its serial when it has one,
 * the start of its run in the pool when it has more, its last serial once it is only counted.
 */
const HASH = 0;
const LENGTH = 1;
const POSTING = 2;
const SLOT_INTS = 3;

const INITIAL_SLOTS = 1 << 12;

export class HashPostings {
  private table = new Int32Array(INITIAL_SLOTS * SLOT_INTS);
  /** Slot count minus one (slot counts are powers of two). */
  private mask = INITIAL_SLOTS - 1;
  private used = 0;
  private pool = new Int32Array(INITIAL_SLOTS);
  private poolUsed = 0;

  /** @param longest the longest posting whose serials are kept; longer ones are only counted. */
  constructor(private readonly longest: number) {}

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

  /** The `i`-th serial of the posting in `slot`, which must be no longer than the longest kept. */
  serialAt(slot: number, i: number): number {
    const posting = this.table[slot + POSTING]!;
    return this.table[slot + LENGTH] === 1 ? posting : this.pool[posting + i]!;
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
    const posting = table[slot + POSTING]!;
    if (length === 0) {
      table[slot + HASH] = hash;
      table[slot + POSTING] = serial;
      this.used++;
    } else if (length > this.longest) {
      if (posting === serial) return;
      table[slot + POSTING] = serial;
    } else if (this.serialAt(slot, length - 1) === serial) {
      return;
    } else if (length === this.longest) {
      table[slot + POSTING] = serial;
    } else if (length === 1) {
      const run = this.allot(2);
      this.pool[run] = posting;
      this.pool[run + 1] = serial;
      table[slot + POSTING] = run;
    } else if ((length & (length - 1)) === 0) {
      // The run is full (its length is a power of two): it moves to one twice as long.
      const run = this.allot(length * 2);
      this.pool.copyWithin(run, posting, posting + length);
      this.pool[run + length] = serial;
      table[slot + POSTING] = run;
    } else {
      this.pool[posting + length] = serial;
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

  /** Room for `count` serials at the end of the pool; returns where it starts. */
  private allot(count: number): number {
    if (this.poolUsed + count > this.pool.length) {
      const pool = new Int32Array(Math.max(this.pool.length * 2, this.poolUsed + count));
      pool.set(this.pool);
      this.pool = pool;
    }
    const run = this.poolUsed;
    this.poolUsed += count;
    return run;
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
