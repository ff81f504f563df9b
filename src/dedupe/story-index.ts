/**
 * The memory of earlier stories that dedupe and clustering consult: canonical URLs, shingle
 * sketches and clustering features, each behind an inverted index so a new item is compared only
 * with the few earlier items that share something with it, never with every item.
 *
 * The index is a function of the *set* of entries it holds: adding an entry twice, or adding
 * entries in another order, leaves it in the same state, and every decision breaks ties by
 * publication time and then id. That is what lets several workers, each with its own index, reach
 * the same duplicates and clusters once they have exchanged records.
 */

import { FeatureIndex } from './feature-index.js';
import { decodeHashes, type Resemblance, resemblance, type Sketch } from './fingerprint.js';
import { HashPostings } from './hash-postings.js';
import { IdOrder } from './id-order.js';

/** What the index keeps per story; the dedupe part of a `StoryRecord`. */
export interface IndexEntry {
  id: string;
  /** Epoch milliseconds; 0 when the publication time is unknown. */
  publishedMs: number;
  cluster: string;
  /** Id of the first copy when this story is a duplicate, else null. */
  duplicateOf: string | null;
  canonicalUrl: string | null;
  sketch: Sketch;
  /** Clustering features; null when the story takes no part in clustering (off-beat, duplicate). */
  features: string[] | null;
}

const DAY_MS = 24 * 3600_000;

/** Thresholds of dedupe and clustering (see docs/decisions/005-dedupe-and-clusters.md). */
export interface IndexSettings {
  /** Estimated Jaccard similarity of shingle sets at or above which two texts are one article. */
  duplicateJaccard: number;
  /** Share of the shorter text found in the longer one at or above which it is a copy/excerpt. */
  duplicateContainment: number;
  /** Smallest shingle set the containment rule applies to. */
  containmentMinShingles: number;
  /** Texts with fewer shingles are duplicates only when identical. */
  nearDuplicateMinShingles: number;
  /**
   * Time within which shared topic and figures are enough to join (ms). Past it, a follow-up must
   * also share something that names what happened: a person or place outside the brief (`p:`) or
   * a kind of event (`c:`) — an appeal continues a ruling; a senators' letter on the same
   * deportees, sharing only the deportees and their number, does not.
   */
  joinWindowMs: number;
  /** Longest time between two stories that can still share a cluster (ms). */
  followUpWindowMs: number;
  /**
   * Evidence needed to join a story published at the same time: the sum of the weights of the
   * features two stories share, where a feature no earlier story has weighs
   * its kind's weight (1 for an entity, 1.5 for a number, 2 for a claimed figure…).
   */
  joinEvidence: number;
  /** Extra evidence needed per day between the two stories: follow-ups must agree more. */
  evidencePerDay: number;
  /** Least cosine similarity of the two stories' features, so long texts cannot join on chance overlaps. */
  minSimilarity: number;
  /** Cosine similarity from which two stories count as saying nearly the same things… */
  closeSimilarity: number;
  /** …and the share of the evidence bar they then need. */
  closeDiscount: number;
}

export const DEFAULT_INDEX_SETTINGS: IndexSettings = {
  duplicateJaccard: 0.5,
  duplicateContainment: 0.8,
  containmentMinShingles: 15,
  nearDuplicateMinShingles: 4,
  joinWindowMs: 3 * DAY_MS,
  followUpWindowMs: 35 * DAY_MS,
  joinEvidence: 1.3,
  evidencePerDay: 0.056,
  minSimilarity: 0.2,
  closeSimilarity: 0.6,
  closeDiscount: 0.75,
};

/** How many of a sketch's smallest hashes are indexed for candidate lookup. */
const INDEXED_HASHES = 64;
/** Postings longer than this are skipped when collecting candidates (still scored). */
const MAX_POSTING = 150;
/** Candidates scored in full per lookup. */
const MAX_CANDIDATES = 16;
/** Near-duplicate candidates compared in full per lookup: true copies share the most hashes. */
const MAX_DUPLICATE_CANDIDATES = 8;

/** A near-duplicate match. */
export interface DuplicateMatch {
  /** The first copy (root of the duplicate chain). */
  rootId: string;
  /** The entry that matched directly, and how. */
  matchedId: string;
  reason: 'url' | 'id' | 'text';
  resemblance?: Resemblance;
}

/** One earlier story scored against a new one. */
export interface ClusterCandidate {
  entry: IndexEntry;
  /** Summed weight of the features both stories have. */
  evidence: number;
  /** Evidence the rules ask for at this distance in time. */
  needed: number;
  /** Cosine similarity of the two stories' weighted features. */
  similarity: number;
  apartMs: number;
  /** Whether the rules let the new story join this one's cluster. */
  joins: boolean;
}

/** A cluster match. */
export interface ClusterMatch {
  cluster: string;
  matchedId: string;
  evidence: number;
  needed: number;
}

function earlier(a: IndexEntry, b: IndexEntry): boolean {
  const ta = a.publishedMs || Number.POSITIVE_INFINITY;
  const tb = b.publishedMs || Number.POSITIVE_INFINITY;
  return ta < tb || (ta === tb && a.id < b.id);
}

/** The best duplicate match found so far in one lookup (entries by serial). */
interface Found {
  root: number;
  matched: number;
  reason: DuplicateMatch['reason'];
  r?: Resemblance;
}

function timeApart(a: number, b: number): number {
  // Unknown times (0) never keep stories apart: without a date there is nothing to compare.
  return a === 0 || b === 0 ? 0 : Math.abs(a - b);
}

/** Ranks cluster candidates by strength, then publication time and id. */
function byStrength(a: ClusterCandidate, b: ClusterCandidate): number {
  return b.evidence / b.needed - a.evidence / a.needed || (earlier(a.entry, b.entry) ? -1 : 1);
}

/** Creates an empty index. */
export function createStoryIndex(settings: Partial<IndexSettings> = {}): StoryIndex {
  return new StoryIndex({ ...DEFAULT_INDEX_SETTINGS, ...settings });
}

/** The index itself; see the module comment. */
export class StoryIndex {
  /**
   * Each entry has a small number, its serial (its place in `bySerial`), so the postings below
   * hold numbers, a lookup tallies its candidates in arrays rather than in a map keyed by id, and
   * what lookups read of a candidate sits in arrays by serial rather than in its entry object.
   */
  private serials = new Map<string, number>();
  private bySerial: IndexEntry[] = [];
  private byUrl = new Map<string, number[]>();
  private idOrder = new IdOrder();
  /**
   * By serial: publication time, the serial of the first copy once it is held (-1: not yet), and
   * the sketch's hashes and shingle count.
   */
  private published: Float64Array = new Float64Array(1024);
  private roots: Int32Array = new Int32Array(1024);
  private hashesOf: number[][] = [];
  private sizes: Int32Array = new Int32Array(1024);
  private byHash = new HashPostings(MAX_POSTING);
  private byFeature = new FeatureIndex();
  /** By serial: the entry's clustering features as the feature index numbers them, or null. */
  private featuresBySerial: Array<Int32Array | null> = [];
  /**
   * The tally of the current lookup: sums by serial, valid where `stamp` holds the lookup's
   * number (so the arrays need no reset), and the serials touched (see {@link rankBest}).
   */
  private tally = new Float64Array(1024);
  private stamp = new Uint32Array(1024);
  private touched = new Int32Array(1024);
  private touchedCount = 0;
  private topSums = new Float64Array(MAX_CANDIDATES);
  private lookup = 0;

  constructor(readonly settings: IndexSettings) {
    if (settings.duplicateJaccard <= 0 || settings.duplicateJaccard > 1)
      throw new RangeError('duplicateJaccard must be in (0, 1]');
    if (settings.joinEvidence <= 0) throw new RangeError('joinEvidence must be greater than 0');
    if (settings.followUpWindowMs < 0) throw new RangeError('followUpWindowMs must not be negative');
    if (settings.joinWindowMs > settings.followUpWindowMs)
      throw new RangeError('joinWindowMs must not exceed followUpWindowMs');
  }

  /** Number of stories held. */
  get size(): number {
    return this.bySerial.length;
  }

  get(id: string): IndexEntry | undefined {
    const serial = this.serials.get(id);
    return serial === undefined ? undefined : this.bySerial[serial];
  }

  /**
   * Adds an entry; a second entry with a known id is ignored (idempotent). The index reads what it
   * needs of the entry now, so the entry must not change once added.
   */
  add(entry: IndexEntry): boolean {
    if (this.serials.has(entry.id)) return false;
    const serial = this.bySerial.length;
    this.serials.set(entry.id, serial);
    this.bySerial.push(entry);
    if (serial >= this.published.length) {
      this.published = grownFloats(this.published, serial * 2);
      this.roots = grownInts(this.roots, serial * 2);
      this.sizes = grownInts(this.sizes, serial * 2);
    }
    this.published[serial] = entry.publishedMs;
    this.roots[serial] = entry.duplicateOf ? (this.serials.get(entry.duplicateOf) ?? -1) : serial;
    this.hashesOf.push(entry.sketch.hashes);
    this.sizes[serial] = entry.sketch.size;
    this.idOrder.add(serial, entry.id);
    if (entry.canonicalUrl) {
      const same = this.byUrl.get(entry.canonicalUrl);
      if (same) same.push(serial);
      else this.byUrl.set(entry.canonicalUrl, [serial]);
    }
    const hashes = entry.sketch.hashes;
    const indexed = Math.min(hashes.length, INDEXED_HASHES);
    for (let i = 0; i < indexed; i++) this.byHash.add(hashes[i]!, serial);
    this.featuresBySerial.push(entry.features ? this.byFeature.add(entry.features, serial) : null);
    return true;
  }

  /** Drops every entry published before `beforeMs` (unknown times count as 0). Returns how many. */
  forget(beforeMs: number): number {
    const kept = this.bySerial.filter((entry) => entry.publishedMs >= beforeMs);
    const dropped = this.bySerial.length - kept.length;
    if (dropped === 0) return 0;
    // Forgetting is rare (hourly), so the postings are rebuilt rather than edited in place.
    this.serials = new Map();
    this.bySerial = [];
    this.byUrl = new Map();
    this.idOrder = new IdOrder();
    this.hashesOf = [];
    this.byHash = new HashPostings(MAX_POSTING);
    this.byFeature = new FeatureIndex();
    this.featuresBySerial = [];
    for (const entry of kept) this.add(entry);
    return dropped;
  }

  /** Starts a tally: a fresh lookup number, and arrays large enough for every serial. */
  private startTally(): void {
    const size = this.bySerial.length;
    if (this.tally.length < size) {
      const grown = Math.max(size, this.tally.length * 2);
      this.tally = new Float64Array(grown);
      this.stamp = new Uint32Array(grown);
      this.touched = new Int32Array(grown);
      this.lookup = 0;
    }
    this.lookup = this.lookup >= 0xfffffffe ? 1 : this.lookup + 1;
    if (this.lookup === 1) this.stamp.fill(0);
    this.touchedCount = 0;
  }

  /** Adds `weight` to a serial's sum in the current tally. */
  private count(serial: number, weight: number): void {
    if (this.stamp[serial] === this.lookup) {
      this.tally[serial]! += weight;
    } else {
      this.stamp[serial] = this.lookup;
      this.tally[serial] = weight;
      this.touched[this.touchedCount++] = serial;
    }
  }

  /** Whether serial `a` ranks before serial `b`: a larger sum, or as large and a smaller id. */
  private ranksBefore(a: number, b: number): boolean {
    const ta = this.tally[a]!;
    const tb = this.tally[b]!;
    return ta > tb || (ta === tb && this.idOrder.before(a, b));
  }

  private readonly bySerialRank = (a: number, b: number): number => (this.ranksBefore(a, b) ? -1 : 1);

  /**
   * Moves the best `k` serials touched from position `from` on to the front of that range, in
   * {@link ranksBefore} order, and returns where they end; the others stay behind, unsorted.
   * Lookups want their best few and a common word can touch thousands of stories, so serials
   * below the k-th largest sum are turned away at once, and the rest are inserted into the best
   * so far.
   */
  private rankBest(from: number, k: number): number {
    const { touched, tally } = this;
    const end = this.touchedCount;
    if (end - from <= k) {
      touched.subarray(from, end).sort(this.bySerialRank);
      return end;
    }
    const least = this.kthLargestSum(from, k);
    let ranked = from;
    for (let i = from; i < end; i++) {
      const serial = touched[i]!;
      if (tally[serial]! < least) continue;
      let j: number;
      if (ranked - from < k) {
        touched[i] = touched[ranked]!;
        j = ranked++;
      } else {
        if (!this.ranksBefore(serial, touched[ranked - 1]!)) continue;
        // The k-th so far drops out, into the place of the serial that takes its rank.
        touched[i] = touched[ranked - 1]!;
        j = ranked - 1;
      }
      for (; j > from && this.ranksBefore(serial, touched[j - 1]!); j--) touched[j] = touched[j - 1]!;
      touched[j] = serial;
    }
    return ranked;
  }

  /** The k-th largest sum among the serials touched from position `from` on (more than k of them). */
  private kthLargestSum(from: number, k: number): number {
    if (this.topSums.length < k) this.topSums = new Float64Array(k);
    // The k largest so far, largest first.
    const top = this.topSums;
    let n = 0;
    for (let i = from; i < this.touchedCount; i++) {
      const sum = this.tally[this.touched[i]!]!;
      if (n === k && sum <= top[k - 1]!) continue;
      let j = n < k ? n++ : k - 1;
      for (; j > 0 && top[j - 1]! < sum; j--) top[j] = top[j - 1]!;
      top[j] = sum;
    }
    return top[k - 1]!;
  }

  /** The serial of an entry's first copy: the entry it names as its original when that is held, else itself. */
  private rootOf(serial: number): number {
    const root = this.roots[serial]!;
    if (root >= 0) return root;
    // The original was not held when this entry came; it may be now.
    const original = this.serials.get(this.bySerial[serial]!.duplicateOf!);
    if (original === undefined) return serial;
    this.roots[serial] = original;
    return original;
  }

  /** Whether entry `a` was published before entry `b` (unknown times last), or at the same time with a smaller id. */
  private earlier(a: number, b: number): boolean {
    const ta = this.published[a] || Number.POSITIVE_INFINITY;
    const tb = this.published[b] || Number.POSITIVE_INFINITY;
    return ta < tb || (ta === tb && this.idOrder.before(a, b));
  }

  /** Whether a match beats `found`: an earlier first copy, or the same one matched through an earlier entry. */
  private improves(found: Found | null, root: number, matched: number): boolean {
    return (
      !found ||
      this.earlier(root, found.root) ||
      (root === found.root && this.earlier(matched, found.matched))
    );
  }

  /** The earliest first copy among matching entries, or null. */
  findDuplicate(probe: { id: string; canonicalUrl: string | null; sketch: Sketch }): DuplicateMatch | null {
    const s = this.settings;
    let found: Found | null = null;
    const same = this.serials.get(probe.id);
    if (same !== undefined) found = { root: this.rootOf(same), matched: same, reason: 'id' };
    const sameUrl = probe.canonicalUrl ? this.byUrl.get(probe.canonicalUrl) : undefined;
    for (const serial of sameUrl ?? []) {
      const root = this.rootOf(serial);
      if (this.improves(found, root, serial)) found = { root, matched: serial, reason: 'url' };
    }
    // The smallest hashes suffice: two texts that are one article share most of them.
    this.startTally();
    const hashes = probe.sketch.hashes;
    const indexed = Math.min(hashes.length, INDEXED_HASHES);
    for (let i = 0; i < indexed; i++) {
      const slot = this.byHash.find(hashes[i]!);
      if (slot === -1) continue;
      const length = this.byHash.length(slot);
      if (length > MAX_POSTING) continue;
      for (let j = 0; j < length; j++) this.count(this.byHash.serialAt(slot, j), 1);
    }
    const ranked = Math.min(this.rankBest(0, MAX_DUPLICATE_CANDIDATES), MAX_DUPLICATE_CANDIDATES);
    for (let i = 0; i < ranked; i++) {
      const serial = this.touched[i]!;
      const root = this.rootOf(serial);
      // A match that could not beat the one in hand is not worth comparing.
      if (!this.improves(found, root, serial)) continue;
      const size = this.sizes[serial]!;
      const r = resemblance(probe.sketch, { size, hashes: this.hashesOf[serial]! });
      const tiny = r.smaller < s.nearDuplicateMinShingles;
      const dup = tiny
        ? r.jaccard === 1 && probe.sketch.size === size
        : r.jaccard >= s.duplicateJaccard ||
          (r.smaller >= s.containmentMinShingles && r.containment >= s.duplicateContainment);
      if (dup) found = { root, matched: serial, reason: 'text', r };
    }
    if (!found) return null;
    return {
      rootId: this.bySerial[found.root]!.id,
      matchedId: this.bySerial[found.matched]!.id,
      reason: found.reason,
      ...(found.r ? { resemblance: found.r } : {}),
    };
  }

  /** Scored cluster candidates for a story, best first (for decisions and for explaining them). */
  clusterCandidates(
    features: readonly string[],
    publishedMs: number,
    beatTerms?: ReadonlySet<string>,
  ): ClusterCandidate[] {
    const s = this.settings;
    if (features.length === 0) return [];
    const numbers = this.byFeature.startLookup(features, beatTerms);
    this.startTally();
    for (const n of numbers) {
      if (n < 0) continue;
      const posting = this.byFeature.postingOf(n);
      if (posting.length > MAX_POSTING) continue;
      const w = this.byFeature.weightOf(n);
      for (const serial of posting) this.count(serial, w);
    }
    // Usually the best few suffice; the rest are ranked only when too many of those are too old.
    let ranked = this.rankBest(0, MAX_CANDIDATES);
    const out: ClusterCandidate[] = [];
    let examined = 0;
    for (let i = 0; examined < MAX_CANDIDATES && i < this.touchedCount; i++) {
      if (i === ranked) ranked = this.rankBest(ranked, this.touchedCount - ranked);
      const serial = this.touched[i]!;
      const apart = timeApart(publishedMs, this.published[serial]!);
      if (apart > s.followUpWindowMs) continue;
      examined++;
      const { similarity, evidence, namesEvent } = this.byFeature.compare(this.featuresBySerial[serial]!);
      // Two stories whose features are nearly the same set need less evidence: what they share
      // is most of what either says, even when none of it is rare.
      const bar = s.joinEvidence + (s.evidencePerDay * apart) / DAY_MS;
      const needed = similarity >= s.closeSimilarity ? bar * s.closeDiscount : bar;
      const joins =
        evidence >= needed && similarity >= s.minSimilarity && (apart <= s.joinWindowMs || namesEvent);
      out.push({ entry: this.bySerial[serial]!, evidence, needed, similarity, apartMs: apart, joins });
    }
    return out.sort(byStrength);
  }

  /** The best cluster for a story with these features published at `publishedMs`, or null. */
  findCluster(
    features: readonly string[],
    publishedMs: number,
    beatTerms?: ReadonlySet<string>,
  ): ClusterMatch | null {
    const best = this.clusterCandidates(features, publishedMs, beatTerms).find((c) => c.joins);
    if (!best) return null;
    return {
      cluster: best.entry.cluster,
      matchedId: best.entry.id,
      evidence: best.evidence,
      needed: best.needed,
    };
  }

  /** Every entry, for tests and snapshots. */
  *all(): IterableIterator<IndexEntry> {
    yield* this.bySerial;
  }
}

function grownFloats(array: Float64Array, length: number): Float64Array {
  const copy = new Float64Array(length);
  copy.set(array);
  return copy;
}

function grownInts(array: Int32Array, length: number): Int32Array {
  const copy = new Int32Array(length);
  copy.set(array);
  return copy;
}

/** Rebuilds a sketch from its stored form. */
export function sketchFromStored(stored: { size: number; hashes: string }): Sketch {
  return { size: stored.size, hashes: decodeHashes(stored.hashes) };
}
