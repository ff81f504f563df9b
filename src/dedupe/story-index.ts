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
import { decodeHashes, type Resemblance, resemblance, type Sketch } from './fingerprint.js';

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

/** Relative weight of each feature kind before inverse document frequency. */
const KIND_WEIGHT: Record<string, number> = { e: 1, m: 2, n: 1.5, p: 1.2, c: 0.8, s: 0.8 };
/** Kinds that name what happened (a person, an event), as opposed to the topic or a figure. */
const EVENT_KINDS = new Set(['p', 'c']);
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

function addTo<K, V>(map: Map<K, Set<V>>, key: K, id: V): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(id);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, id: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}

/**
 * Adds a serial to a posting kept as an array (most postings hold one entry, and an array costs
 * far less than a set). An entry's serials arrive together, so a repeat is the last element.
 */
function addSerial<K>(map: Map<K, number[]>, key: K, serial: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [serial]);
  else if (list[list.length - 1] !== serial) list.push(serial);
}

function removeSerial<K>(map: Map<K, number[]>, key: K, serial: number): void {
  const list = map.get(key);
  if (!list) return;
  const i = list.indexOf(serial);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}

/** Ranks by hits (most first), then by id: a total order, since ids are unique. */
function byHits(a: readonly [string, number], b: readonly [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
}

/**
 * The first `k` entries of `hits` in {@link byHits} order, as sorting them all and keeping the
 * first `k` would give, without sorting them all (a common shingle can bring thousands).
 */
function mostHits({ touched, tally, bySerial }: Tally, k: number): Array<[string, number]> {
  // Serial a comes before serial b: more hits, or as many and a smaller id.
  const before = (a: number, b: number): boolean =>
    tally[a]! > tally[b]! || (tally[a] === tally[b] && bySerial[a]!.id < bySerial[b]!.id);
  const top: number[] = [];
  for (const serial of touched) {
    if (top.length === k && !before(serial, top[k - 1]!)) continue;
    let i = top.length;
    while (i > 0 && before(serial, top[i - 1]!)) i--;
    top.splice(i, 0, serial);
    if (top.length > k) top.pop();
  }
  return top.map((serial) => [bySerial[serial]!.id, tally[serial]!]);
}

/** Entries tallied by one lookup: their serials, in first-seen order, and the sums by serial. */
interface Tally {
  touched: number[];
  tally: Float64Array;
  bySerial: ReadonlyArray<IndexEntry | undefined>;
}

/** How many of the best-scored cluster candidates are ranked first. */
const RANKED_FIRST = 4 * MAX_CANDIDATES;

/** Whether `ranked` holds MAX_CANDIDATES entries within the follow-up window of `publishedMs`. */
function enoughInWindow(
  ranked: ReadonlyArray<[string, number]>,
  entries: ReadonlyMap<string, IndexEntry>,
  publishedMs: number,
  windowMs: number,
): boolean {
  let inWindow = 0;
  for (const [id] of ranked) {
    if (timeApart(publishedMs, entries.get(id)!.publishedMs) <= windowMs) inWindow++;
    if (inWindow >= MAX_CANDIDATES) return true;
  }
  return false;
}

function timeApart(a: number, b: number): number {
  // Unknown times (0) never keep stories apart: without a date there is nothing to compare.
  return a === 0 || b === 0 ? 0 : Math.abs(a - b);
}

/** Creates an empty index. */
export function createStoryIndex(settings: Partial<IndexSettings> = {}): StoryIndex {
  return new StoryIndex({ ...DEFAULT_INDEX_SETTINGS, ...settings });
}

/** The index itself; see the module comment. */
export class StoryIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly byUrl = new Map<string, Set<string>>();
  /**
   * A small number per entry (its serial), so the postings below hold numbers and a lookup
   * tallies its candidates in an array rather than in a map keyed by id.
   */
  private readonly serialOf = new Map<string, number>();
  private readonly bySerial: Array<IndexEntry | undefined> = [];
  private readonly byHash = new Map<number, number[]>();
  private readonly byFeature = new Map<string, number[]>();
  private tally = new Float64Array(1024);
  private stamp = new Uint32Array(1024);
  private lookup = 0;
  private clustered = 0;

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
    return this.entries.size;
  }

  get(id: string): IndexEntry | undefined {
    return this.entries.get(id);
  }

  /** Adds an entry; a second entry with a known id is ignored (idempotent). */
  add(entry: IndexEntry): boolean {
    if (this.entries.has(entry.id)) return false;
    this.entries.set(entry.id, entry);
    const serial = this.bySerial.length;
    this.bySerial.push(entry);
    this.serialOf.set(entry.id, serial);
    if (entry.canonicalUrl) addTo(this.byUrl, entry.canonicalUrl, entry.id);
    for (const h of entry.sketch.hashes.slice(0, INDEXED_HASHES)) addSerial(this.byHash, h, serial);
    if (entry.features) {
      this.clustered++;
      for (const f of entry.features) addSerial(this.byFeature, f, serial);
    }
    return true;
  }

  /** Drops every entry published before `beforeMs` (unknown times count as 0). Returns how many. */
  forget(beforeMs: number): number {
    let dropped = 0;
    for (const entry of [...this.entries.values()]) {
      if (entry.publishedMs >= beforeMs) continue;
      this.entries.delete(entry.id);
      const serial = this.serialOf.get(entry.id)!;
      this.serialOf.delete(entry.id);
      this.bySerial[serial] = undefined;
      if (entry.canonicalUrl) removeFrom(this.byUrl, entry.canonicalUrl, entry.id);
      for (const h of entry.sketch.hashes.slice(0, INDEXED_HASHES)) removeSerial(this.byHash, h, serial);
      if (entry.features) {
        this.clustered--;
        for (const f of entry.features) removeSerial(this.byFeature, f, serial);
      }
      dropped++;
    }
    return dropped;
  }

  /**
   * Sums `weight` per entry over postings, in the order given: what a map from id to running sum
   * would hold, as [id, sum] pairs. Each lookup gets a fresh stamp, so the arrays need no reset.
   */
  private tallyPostings(postings: Iterable<[readonly number[], number]>): Tally {
    const size = this.bySerial.length;
    if (this.tally.length < size) {
      const grown = Math.max(size, this.tally.length * 2);
      this.tally = new Float64Array(grown);
      this.stamp = new Uint32Array(grown);
      this.lookup = 0;
    }
    this.lookup = this.lookup >= 0xfffffffe ? 1 : this.lookup + 1;
    if (this.lookup === 1) this.stamp.fill(0);
    const lookup = this.lookup;
    const { tally, stamp } = this;
    const touched: number[] = [];
    for (const [posting, weight] of postings) {
      for (const serial of posting) {
        if (stamp[serial] !== lookup) {
          stamp[serial] = lookup;
          tally[serial] = 0;
          touched.push(serial);
        }
        tally[serial]! += weight;
      }
    }
    return { touched, tally, bySerial: this.bySerial };
  }

  private rootOf(entry: IndexEntry): IndexEntry {
    const root = entry.duplicateOf ? this.entries.get(entry.duplicateOf) : undefined;
    return root ?? entry;
  }

  /** The earliest first copy among matching entries, or null. */
  findDuplicate(probe: { id: string; canonicalUrl: string | null; sketch: Sketch }): DuplicateMatch | null {
    const s = this.settings;
    let best: {
      root: IndexEntry;
      matched: IndexEntry;
      reason: DuplicateMatch['reason'];
      r?: Resemblance;
    } | null = null;
    const consider = (matched: IndexEntry, reason: DuplicateMatch['reason'], r?: Resemblance): void => {
      const root = this.rootOf(matched);
      if (!best || earlier(root, best.root) || (root === best.root && earlier(matched, best.matched))) {
        best = { root, matched, reason, ...(r ? { r } : {}) };
      }
    };
    const same = this.entries.get(probe.id);
    if (same) consider(same, 'id');
    if (probe.canonicalUrl) {
      for (const id of this.byUrl.get(probe.canonicalUrl) ?? []) consider(this.entries.get(id)!, 'url');
    }
    // The smallest hashes suffice: two texts that are one article share most of them.
    const postings: Array<[readonly number[], number]> = [];
    for (const h of probe.sketch.hashes.slice(0, INDEXED_HASHES)) {
      const posting = this.byHash.get(h);
      if (!posting || posting.length > MAX_POSTING) continue;
      postings.push([posting, 1]);
    }
    const ranked = mostHits(this.tallyPostings(postings), MAX_DUPLICATE_CANDIDATES);
    for (const [id] of ranked) {
      const entry = this.entries.get(id)!;
      const r = resemblance(probe.sketch, entry.sketch);
      const tiny = r.smaller < s.nearDuplicateMinShingles;
      const dup = tiny
        ? r.jaccard === 1 && probe.sketch.size === entry.sketch.size
        : r.jaccard >= s.duplicateJaccard ||
          (r.smaller >= s.containmentMinShingles && r.containment >= s.duplicateContainment);
      if (dup) consider(entry, 'text', r);
    }
    const found = best as {
      root: IndexEntry;
      matched: IndexEntry;
      reason: DuplicateMatch['reason'];
      r?: Resemblance;
    } | null;
    if (!found) return null;
    return {
      rootId: found.root.id,
      matchedId: found.matched.id,
      reason: found.reason,
      ...(found.r ? { resemblance: found.r } : {}),
    };
  }

  /**
   * Weight of a feature: its kind's weight times its inverse document frequency in the index,
   * scaled so a feature no story has yet counts 1 whatever the size of the index (which keeps the
   * evidence thresholds meaningful from the first story to the ten-thousandth).
   */
  weight(feature: string, beatTerms?: ReadonlySet<string>): number {
    const kind = feature.charAt(0);
    const df = this.byFeature.get(feature)?.length ?? 0;
    const idf = Math.log(1 + (this.clustered + 1) / (df + 1)) / Math.log(2 + this.clustered);
    const beat = kind === 'e' && beatTerms?.has(feature.slice(2)) ? 0.25 : 1;
    return (KIND_WEIGHT[kind] ?? 1) * beat * idf;
  }

  /** Scored cluster candidates for a story, best first (for decisions and for explaining them). */
  clusterCandidates(
    features: readonly string[],
    publishedMs: number,
    beatTerms?: ReadonlySet<string>,
  ): ClusterCandidate[] {
    const s = this.settings;
    if (features.length === 0) return [];
    const weights = new Map<string, number>();
    for (const f of features) weights.set(f, this.weight(f, beatTerms));
    const postings: Array<[readonly number[], number]> = [];
    for (const f of features) {
      const posting = this.byFeature.get(f);
      if (!posting || posting.length > MAX_POSTING) continue;
      postings.push([posting, weights.get(f)!]);
    }
    const partial = this.tallyPostings(postings);
    // Usually the best few suffice (the loop below stops after MAX_CANDIDATES in the time window);
    // the full ranking is made only when they do not.
    let ranked = mostHits(partial, RANKED_FIRST);
    if (
      ranked.length < partial.touched.length &&
      !enoughInWindow(ranked, this.entries, publishedMs, s.followUpWindowMs)
    ) {
      ranked = partial.touched
        .map((serial): [string, number] => [partial.bySerial[serial]!.id, partial.tally[serial]!])
        .sort(byHits);
    }
    // Candidates share most of their words; weigh each feature once per lookup.
    const cache = new Map<string, number>(weights);
    const out: ClusterCandidate[] = [];
    let examined = 0;
    for (const [id] of ranked) {
      if (examined >= MAX_CANDIDATES) break;
      const entry = this.entries.get(id)!;
      const apart = timeApart(publishedMs, entry.publishedMs);
      if (apart > s.followUpWindowMs) continue;
      examined++;
      const { similarity, evidence, namesEvent } = this.compare(weights, entry.features!, cache, beatTerms);
      // Two stories whose features are nearly the same set need less evidence: what they share
      // is most of what either says, even when none of it is rare.
      const bar = s.joinEvidence + (s.evidencePerDay * apart) / DAY_MS;
      const needed = similarity >= s.closeSimilarity ? bar * s.closeDiscount : bar;
      const joins =
        evidence >= needed && similarity >= s.minSimilarity && (apart <= s.joinWindowMs || namesEvent);
      out.push({ entry, evidence, needed, similarity, apartMs: apart, joins });
    }
    const strength = (c: ClusterCandidate): number => c.evidence / c.needed;
    return out.sort((a, b) => strength(b) - strength(a) || (earlier(a.entry, b.entry) ? -1 : 1));
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

  /** Cosine similarity of the weighted features, and the summed weight of the shared ones. */
  private compare(
    x: ReadonlyMap<string, number>,
    yFeatures: readonly string[],
    cache: Map<string, number>,
    beatTerms?: ReadonlySet<string>,
  ): { similarity: number; evidence: number; namesEvent: boolean } {
    let xx = 0;
    for (const w of x.values()) xx += w * w;
    let yy = 0;
    let dot = 0;
    let evidence = 0;
    let namesEvent = false;
    for (const f of yFeatures) {
      let w = cache.get(f);
      if (w === undefined) {
        w = this.weight(f, beatTerms);
        cache.set(f, w);
      }
      yy += w * w;
      if (!x.has(f)) continue;
      dot += w * w;
      evidence += w;
      if (EVENT_KINDS.has(f.charAt(0))) namesEvent = true;
    }
    return { similarity: xx && yy ? dot / Math.sqrt(xx * yy) : 0, evidence, namesEvent };
  }

  /** Every entry, for tests and snapshots. */
  *all(): IterableIterator<IndexEntry> {
    yield* this.entries.values();
  }
}

/** Rebuilds a sketch from its stored form. */
export function sketchFromStored(stored: { size: number; hashes: string }): Sketch {
  return { size: stored.size, hashes: decodeHashes(stored.hashes) };
}
