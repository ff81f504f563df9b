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
  /** Every merged posting, by hash and then serial. */
  private hashes = new Uint32Array(0);
  private serials = new Int32Array(0);
  /** Postings added since the last merge. */
  private recent = new Map<number, number[]>();
  private recentCount = 0;

  /** Number of postings held. */
  get size(): number {
    return this.hashes.length + this.recentCount;
  }

  /** Adds a posting; serials must be added in ascending order. */
  add(hash: number, serial: number): void {
    const list = this.recent.get(hash);
    if (list) list.push(serial);
    else this.recent.set(hash, [serial]);
    this.recentCount++;
    if (this.recentCount >= Math.max(MIN_MERGE, this.hashes.length * MERGE_SHARE)) this.merge();
  }

  /** How many serials hold `hash`. */
  count(hash: number): number {
    const [from, to] = this.range(hash);
    return to - from + (this.recent.get(hash)?.length ?? 0);
  }

  /**
   * Calls `visit` with each serial that holds `hash`, in the order they were added, unless more
   * than `limit` do: then it visits none and returns false.
   */
  forEach(hash: number, visit: (serial: number) => void, limit = Number.POSITIVE_INFINITY): boolean {
    const [from, to] = this.range(hash);
    const recent = this.recent.get(hash);
    if (to - from + (recent?.length ?? 0) > limit) return false;
    for (let i = from; i < to; i++) visit(this.serials[i]!);
    if (recent) for (const serial of recent) visit(serial);
    return true;
  }

  /** Where `hash`'s merged postings are: `[from, to)` in the sorted arrays. */
  private range(hash: number): [number, number] {
    const from = this.lowerBound(hash);
    if (from === this.hashes.length || this.hashes[from] !== hash) return [from, from];
    return [from, this.lowerBound(hash + 1)];
  }

  /** The first place in the sorted arrays whose hash is not below `hash`. */
  private lowerBound(hash: number): number {
    let lo = 0;
    let hi = this.hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.hashes[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Merges the latest postings into the sorted arrays (theirs are the newer serials). */
  private merge(): void {
    const total = this.hashes.length + this.recentCount;
    const hashes = new Uint32Array(total);
    const serials = new Int32Array(total);
    const added = [...this.recent.keys()].sort((a, b) => a - b);
    let i = 0;
    let out = 0;
    for (const hash of added) {
      while (i < this.hashes.length && this.hashes[i]! <= hash) {
        hashes[out] = this.hashes[i]!;
        serials[out++] = this.serials[i++]!;
      }
      for (const serial of this.recent.get(hash)!) {
        hashes[out] = hash;
        serials[out++] = serial;
      }
    }
    hashes.set(this.hashes.subarray(i), out);
    serials.set(this.serials.subarray(i), out);
    this.hashes = hashes;
    this.serials = serials;
    this.recent = new Map();
    this.recentCount = 0;
  }
}
