/**
 * Which stories hold each sketch hash: a multimap from 32-bit hashes to story serials, made for
 * an index that holds tens of thousands of stories with dozens of hashes each. Nearly every hash
 * belongs to one story only, and a `Map` of arrays spends about 65 bytes on each; here a posting
 * is 8 bytes in two typed arrays sorted by hash, looked up by binary search, with the latest
 * postings in a small `Map` that is merged into the arrays once it has grown.
 *
 * What a lookup sees does not depend on when merges happen: the serials of a hash are visited in
 * the order they were added.
 */

/** The latest postings are merged into the sorted arrays when they are more than this share of them… */
const MERGE_SHARE = 1 / 16;
/** …and at least this many (so a small index does not merge on every story). */
const MIN_MERGE = 4096;

/** Hash → serials, append-only (see the module comment). */
export class HashPostings {
  /** Every merged posting, by hash and then serial, in the first `length` places. */
  private hashes = new Uint32Array(0);
  private serials = new Int32Array(0);
  private length = 0;
  /** Postings added since the last merge. */
  private recent = new Map<number, number[]>();
  private recentCount = 0;

  /** Number of postings held. */
  get size(): number {
    return this.length + this.recentCount;
  }

  /** Adds a posting; serials must be added in ascending order. */
  add(hash: number, serial: number): void {
    const list = this.recent.get(hash);
    if (list) list.push(serial);
    else this.recent.set(hash, [serial]);
    this.recentCount++;
    if (this.recentCount >= Math.max(MIN_MERGE, this.length * MERGE_SHARE)) this.merge();
  }

  /** How many serials hold `hash`. */
  count(hash: number): number {
    const from = this.lowerBound(hash);
    return this.endOf(hash, from) - from + (this.recent.get(hash)?.length ?? 0);
  }

  /**
   * Calls `visit` with each serial that holds `hash`, in the order they were added, unless more
   * than `limit` do: then it visits none and returns false.
   */
  forEach(hash: number, visit: (serial: number) => void, limit = Number.POSITIVE_INFINITY): boolean {
    const from = this.lowerBound(hash);
    const to = this.endOf(hash, from);
    const recent = this.recent.get(hash);
    if (to - from + (recent?.length ?? 0) > limit) return false;
    for (let i = from; i < to; i++) visit(this.serials[i]!);
    if (recent) for (const serial of recent) visit(serial);
    return true;
  }

  /** The end of `hash`'s merged postings that start at `from` (a common hash has thousands: a search, not a scan). */
  private endOf(hash: number, from: number): number {
    return from < this.length && this.hashes[from] === hash ? this.lowerBound(hash + 1) : from;
  }

  /** The first place in the sorted arrays whose hash is not below `hash`. */
  private lowerBound(hash: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.hashes[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Merges the latest postings into the sorted arrays, in place from the end (theirs are the
   * newer serials, so they go after the merged postings of the same hash). The arrays grow by
   * half when full: copying them at every merge would leave the collector a copy each time.
   */
  private merge(): void {
    const merged = this.length;
    const total = merged + this.recentCount;
    if (total > this.hashes.length) {
      const capacity = Math.ceil(total * 1.5);
      const hashes = new Uint32Array(capacity);
      const serials = new Int32Array(capacity);
      hashes.set(this.hashes.subarray(0, merged));
      serials.set(this.serials.subarray(0, merged));
      this.hashes = hashes;
      this.serials = serials;
    }
    const { hashes, serials } = this;
    const added = [...this.recent.keys()].sort((a, b) => b - a);
    let i = merged - 1;
    let out = total - 1;
    for (const hash of added) {
      while (i >= 0 && hashes[i]! > hash) {
        hashes[out] = hashes[i]!;
        serials[out--] = serials[i--]!;
      }
      const list = this.recent.get(hash)!;
      for (let j = list.length - 1; j >= 0; j--) {
        hashes[out] = hash;
        serials[out--] = list[j]!;
      }
    }
    this.length = total;
    this.recent = new Map();
    this.recentCount = 0;
  }
}
