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

import { bestOf } from './best.js';
import {
  type ClusterCandidate,
  ClusterIndex,
  type ClusterSupport,
  type Contribution,
} from './cluster-index.js';
import { type ClusterModel, DEFAULT_CLUSTER_MODEL, type PairEvidence } from './cluster-model.js';
import { decodeHashes, type Resemblance, resemblance, type Sketch } from './fingerprint.js';

/** What the index keeps per story; the dedupe part of a `StoryRecord`. */
export interface IndexEntry {
  id: string;
  /** Epoch milliseconds; 0 when the publication time is unknown. */
  publishedMs: number;
  cluster: string;
  /** Whether the story is on the beat (a copy of it is, too). */
  relevant: boolean;
  /** Id of the first copy when this story is a duplicate, else null. */
  duplicateOf: string | null;
  canonicalUrl: string | null;
  sketch: Sketch;
  /** Clustering features; null when the story takes no part in clustering (off-beat, duplicate). */
  features: string[] | null;
}

const DAY_MS = 24 * 3600_000;

/** Thresholds of dedupe and clustering (see docs/decisions/005-dedupe-and-clusters.md and 012). */
export interface IndexSettings {
  /** Estimated Jaccard similarity of shingle sets at or above which two texts are one article. */
  duplicateJaccard: number;
  /** Share of the shorter text found in the longer one at or above which it is a copy/excerpt. */
  duplicateContainment: number;
  /** Smallest shingle set the containment rule applies to. */
  containmentMinShingles: number;
  /** Texts with fewer shingles are duplicates only when identical. */
  nearDuplicateMinShingles: number;
  /** Longest time between two stories that can still share a cluster (ms). */
  followUpWindowMs: number;
  /** Whether two stories report one event (fitted on labelled pairs; `cluster-model.json`). */
  clusterModel: ClusterModel;
}

export const DEFAULT_INDEX_SETTINGS: IndexSettings = {
  duplicateJaccard: 0.5,
  duplicateContainment: 0.8,
  containmentMinShingles: 15,
  nearDuplicateMinShingles: 4,
  followUpWindowMs: 35 * DAY_MS,
  clusterModel: DEFAULT_CLUSTER_MODEL,
};

/** How many of a sketch's smallest hashes are indexed for candidate lookup. */
const INDEXED_HASHES = 64;
/** Hash postings longer than this are boilerplate, skipped when collecting candidates. */
const MAX_POSTING = 150;
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

/** A cluster match: the earlier story a new one joins, and why. */
export interface ClusterMatch {
  cluster: string;
  matchedId: string;
  /** The model's probability that the two report one event. */
  probability: number;
  /** The evidence the model weighed. */
  evidence: PairEvidence;
  /** What the model's score is made of, largest first (see {@link ClusterCandidate}). */
  because: Contribution[];
  /** How likely the story reports the cluster's event, on average over its reports. */
  support: ClusterSupport;
}

/** Whether entry `a` was published before entry `b` (unknown times last), or at the same time with a smaller id. */
function earlier(a: IndexEntry, b: IndexEntry): boolean {
  const ta = a.publishedMs || Number.POSITIVE_INFINITY;
  const tb = b.publishedMs || Number.POSITIVE_INFINITY;
  return ta < tb || (ta === tb && a.id < b.id);
}

/** The best duplicate match found so far in one lookup. */
interface Found {
  root: IndexEntry;
  matched: IndexEntry;
  reason: DuplicateMatch['reason'];
  r?: Resemblance;
}

/** Creates an empty index; `beatTerms` are the entities that define the beat (see `beatTerms`). */
export function createStoryIndex(
  settings: Partial<IndexSettings> = {},
  beatTerms: ReadonlySet<string> = new Set(),
): StoryIndex {
  return new StoryIndex({ ...DEFAULT_INDEX_SETTINGS, ...settings }, beatTerms);
}

/** The index itself; see the module comment. */
export class StoryIndex {
  private byId = new Map<string, IndexEntry>();
  private byUrl = new Map<string, IndexEntry[]>();
  /** The entries in the order they came: an entry's place here is its serial. */
  private entries: IndexEntry[] = [];
  /** Sketch hash → the serials of the entries whose smallest hashes include it. */
  private byHash = new Map<number, number[]>();
  /** By serial: how many hashes an entry shares with the sketch being looked up (0 between lookups). */
  private shared: number[] = [];
  private clusters: ClusterIndex<IndexEntry>;

  constructor(
    readonly settings: IndexSettings,
    private readonly beatTerms: ReadonlySet<string>,
  ) {
    if (settings.duplicateJaccard <= 0 || settings.duplicateJaccard > 1)
      throw new RangeError('duplicateJaccard must be in (0, 1]');
    if (settings.followUpWindowMs < 0) throw new RangeError('followUpWindowMs must not be negative');
    this.clusters = this.emptyClusters();
  }

  private emptyClusters(): ClusterIndex<IndexEntry> {
    return new ClusterIndex({
      model: this.settings.clusterModel,
      beatTerms: this.beatTerms,
      followUpWindowMs: this.settings.followUpWindowMs,
    });
  }

  /** Number of stories held. */
  get size(): number {
    return this.byId.size;
  }

  get(id: string): IndexEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * Adds an entry; a second entry with a known id is ignored (idempotent). The index reads what it
   * needs of the entry now, so the entry must not change once added.
   */
  add(entry: IndexEntry): boolean {
    if (this.byId.has(entry.id)) return false;
    this.byId.set(entry.id, entry);
    if (entry.canonicalUrl) push(this.byUrl, entry.canonicalUrl, entry);
    const serial = this.entries.push(entry) - 1;
    this.shared.push(0);
    for (const hash of entry.sketch.hashes.slice(0, INDEXED_HASHES)) push(this.byHash, hash, serial);
    if (entry.features) this.clusters.add(entry, entry.features);
    return true;
  }

  /** Drops every entry published before `beforeMs` (unknown times count as 0). Returns how many. */
  forget(beforeMs: number): number {
    const kept = [...this.byId.values()].filter((entry) => entry.publishedMs >= beforeMs);
    const dropped = this.byId.size - kept.length;
    if (dropped === 0) return 0;
    // Forgetting is rare (hourly), so the postings are rebuilt rather than edited in place.
    this.byId = new Map();
    this.byUrl = new Map();
    this.entries = [];
    this.byHash = new Map();
    this.shared = [];
    this.clusters = this.emptyClusters();
    for (const entry of kept) this.add(entry);
    return dropped;
  }

  /** The first copy of an entry: the entry it names as its original when that is held, else itself. */
  private rootOf(entry: IndexEntry): IndexEntry {
    return (entry.duplicateOf && this.byId.get(entry.duplicateOf)) || entry;
  }

  /** Whether a match beats `found`: an earlier first copy, or the same one matched through an earlier entry. */
  private improves(found: Found | null, root: IndexEntry, matched: IndexEntry): boolean {
    return !found || earlier(root, found.root) || (root === found.root && earlier(matched, found.matched));
  }

  /** The earliest first copy among matching entries, or null. */
  findDuplicate(probe: { id: string; canonicalUrl: string | null; sketch: Sketch }): DuplicateMatch | null {
    const s = this.settings;
    let found: Found | null = null;
    const same = this.byId.get(probe.id);
    if (same) found = { root: this.rootOf(same), matched: same, reason: 'id' };
    for (const entry of (probe.canonicalUrl && this.byUrl.get(probe.canonicalUrl)) || []) {
      const root = this.rootOf(entry);
      if (this.improves(found, root, entry)) found = { root, matched: entry, reason: 'url' };
    }
    for (const entry of this.sharingHashes(probe.sketch)) {
      const root = this.rootOf(entry);
      // A match that could not beat the one in hand is not worth comparing.
      if (!this.improves(found, root, entry)) continue;
      const r = resemblance(probe.sketch, entry.sketch);
      const tiny = r.smaller < s.nearDuplicateMinShingles;
      const dup = tiny
        ? r.jaccard === 1 && probe.sketch.size === entry.sketch.size
        : r.jaccard >= s.duplicateJaccard ||
          (r.smaller >= s.containmentMinShingles && r.containment >= s.duplicateContainment);
      if (dup) found = { root, matched: entry, reason: 'text', r };
    }
    if (!found) return null;
    return {
      rootId: found.root.id,
      matchedId: found.matched.id,
      reason: found.reason,
      ...(found.r ? { resemblance: found.r } : {}),
    };
  }

  /**
   * The entries sharing the most of a sketch's smallest hashes (true copies share most of them),
   * at most {@link MAX_DUPLICATE_CANDIDATES}, most first, then by id.
   */
  private sharingHashes(sketch: Sketch): IndexEntry[] {
    const { shared } = this;
    const touched: number[] = [];
    const indexed = Math.min(sketch.hashes.length, INDEXED_HASHES);
    for (let i = 0; i < indexed; i++) {
      const posting = this.byHash.get(sketch.hashes[i]!);
      if (!posting || posting.length > MAX_POSTING) continue;
      for (const serial of posting) if (shared[serial]!++ === 0) touched.push(serial);
    }
    const counts = new Map<IndexEntry, number>();
    for (const serial of touched) {
      counts.set(this.entries[serial]!, shared[serial]!);
      shared[serial] = 0;
    }
    return bestOf(counts, MAX_DUPLICATE_CANDIDATES, (a, b) => a.id < b.id);
  }

  /** Scored cluster candidates for a story, best first (for decisions and for explaining them). */
  clusterCandidates(features: readonly string[], publishedMs: number): ClusterCandidate<IndexEntry>[] {
    if (features.length === 0) return [];
    return this.clusters.candidates(features, publishedMs);
  }

  /**
   * The cluster a story with these features published at `publishedMs` joins, or null: that of
   * the most likely earlier story the model joins it with (and `accept` accepts, when given),
   * when the model also finds it likely on average over that cluster's reports.
   */
  findCluster(
    features: readonly string[],
    publishedMs: number,
    accept?: (candidate: ClusterCandidate<IndexEntry>) => boolean,
  ): ClusterMatch | null {
    if (features.length === 0) return null;
    const found = this.clusters.join(features, publishedMs, accept);
    if (!found) return null;
    const { candidate: best, support } = found;
    return {
      cluster: best.member.cluster,
      matchedId: best.member.id,
      probability: best.probability,
      evidence: best.evidence,
      because: best.because,
      support,
    };
  }

  /** Every entry, for tests and snapshots. */
  *all(): IterableIterator<IndexEntry> {
    yield* this.byId.values();
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Rebuilds a sketch from its stored form. */
export function sketchFromStored(stored: { size: number; hashes: string }): Sketch {
  return { size: stored.size, hashes: decodeHashes(stored.hashes) };
}
