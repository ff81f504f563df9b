/**
 * Near-duplicate fingerprints: a bottom-k MinHash sketch of word shingles.
 *
 * Each word 3-shingle of a text is hashed to 32 bits and the sketch keeps the `k` smallest
 * distinct hashes. Two sketches estimate the Jaccard similarity of the shingle sets (exactly when
 * both texts have at most `k` shingles, which is the common case for feed items) and, from the
 * set sizes, how much of the shorter text the longer one contains. Shingles of three words make
 * copies of one article overlap heavily while two different articles about the same event, which
 * share names and vocabulary but not word order, overlap very little.
 */

/** A text's fingerprint: how many distinct shingles it had and the `k` smallest of their hashes. */
export interface Sketch {
  /** Number of distinct shingles in the text. */
  size: number;
  /** The smallest distinct shingle hashes, ascending (unsigned 32-bit). */
  hashes: number[];
}

/** Default sketch length: feed items rarely have more shingles, so most comparisons are exact. */
export const SKETCH_SIZE = 160;
/** Words per shingle. */
export const SHINGLE_WORDS = 3;

/** murmur3's 32-bit finaliser: spreads every input bit over the low bits buckets are cut from. */
function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so low bits are well mixed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Scratch space for {@link sketchTokens}: word hashes and shingle hashes of the text at hand. */
let wordHashes = new Uint32Array(256);
let shingleHashes = new Uint32Array(256);

/**
 * Sketch of one or more token streams (e.g. the title and the body). Shingles never cross from
 * one stream into the next, so a new headline only changes the headline's shingles.
 */
export function sketchTokens(streams: string[][], k = SKETCH_SIZE, width = SHINGLE_WORDS): Sketch {
  let total = 0;
  for (const tokens of streams) total += tokens.length;
  if (shingleHashes.length < total) {
    wordHashes = new Uint32Array(total);
    shingleHashes = new Uint32Array(total);
  }
  let count = 0;
  for (const tokens of streams) {
    if (tokens.length === 0) continue;
    // Each word is hashed once; a shingle's hash mixes its words' hashes in order.
    for (let i = 0; i < tokens.length; i++) wordHashes[i] = hash32(tokens[i]!);
    if (tokens.length < width) {
      shingleHashes[count++] = combine(wordHashes, 0, tokens.length);
      continue;
    }
    for (let i = 0; i + width <= tokens.length; i++) shingleHashes[count++] = combine(wordHashes, i, width);
  }
  // Sorted, the shingle hashes give the set's size and its smallest members in one pass.
  const sorted = shingleHashes.subarray(0, count).sort();
  let size = 0;
  const hashes: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    size++;
    if (hashes.length < k) hashes.push(sorted[i]!);
  }
  return { size, hashes };
}

/** Order-sensitive mix of `count` word hashes starting at `from` (murmur3-style rounds). */
function combine(words: Uint32Array, from: number, count: number): number {
  let h = 0x9747b28c ^ count;
  for (let i = from; i < from + count; i++) {
    let k = Math.imul(words[i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h);
}

/** How alike two sketches are. */
export interface Resemblance {
  /** Estimated Jaccard similarity of the shingle sets, 0…1. */
  jaccard: number;
  /** Estimated share of the smaller set found in the larger one, 0…1. */
  containment: number;
  /** Size of the smaller set (containment of a tiny text says little). */
  smaller: number;
}

/**
 * Compares two sketches. The union's `k` smallest hashes are a uniform sample of the union, and
 * each sketch holds every one of its own hashes below the sample's largest value, so the share of
 * the sample found in both estimates the Jaccard similarity without bias.
 */
export function resemblance(a: Sketch, b: Sketch, k = SKETCH_SIZE): Resemblance {
  const smaller = Math.min(a.size, b.size);
  const ha = a.hashes;
  const hb = b.hashes;
  if (ha.length === 0 || hb.length === 0) return { jaccard: 0, containment: 0, smaller };
  // Walk the union of the two sketches in ascending order while both have hashes left.
  let i = 0;
  let j = 0;
  let taken = 0;
  let both = 0;
  while (taken < k && i < ha.length && j < hb.length) {
    const x = ha[i]!;
    const y = hb[j]!;
    if (x === y) {
      both++;
      i++;
      j++;
    } else if (x < y) {
      i++;
    } else {
      j++;
    }
    taken++;
  }
  // Past the end of a full sketch (one that left hashes out) the other side's hashes are no longer
  // comparable; past the end of a complete one, the other side's are in the union and not shared.
  const cut = (i === ha.length && ha.length < a.size) || (j === hb.length && hb.length < b.size);
  if (!cut) taken = Math.min(k, taken + (ha.length - i) + (hb.length - j));
  const jaccard = taken === 0 ? 0 : both / taken;
  const intersection = (jaccard * (a.size + b.size)) / (1 + jaccard);
  const containment = smaller === 0 ? 0 : Math.min(1, intersection / smaller);
  return { jaccard, containment, smaller };
}

/** Packs a sketch's hashes into a short base64 string for a JSON record. */
export function encodeHashes(hashes: readonly number[]): string {
  const bytes = Buffer.alloc(hashes.length * 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < hashes.length; i++) view.setUint32(i * 4, hashes[i]!, true);
  return bytes.toString('base64');
}

/** Reverses {@link encodeHashes}; ignores a trailing partial value. */
export function decodeHashes(text: string): number[] {
  const buf = Buffer.from(text, 'base64');
  const out: number[] = [];
  for (let i = 0; i + 4 <= buf.length; i += 4) out.push(buf.readUInt32LE(i));
  return out;
}
