/**
 * The analysis pipeline shared by `beatwatch analyze` and the ingest worker: match → dedupe →
 * cluster → claims → diff against known facts → summary. Pure: no I/O, no clock, no Redis.
 *
 * The worker keeps one {@link Analyser} per topic and process. Every item it analyses yields a
 * {@link StoryRecord} (JSON-serialisable) that the worker stores; records analysed by other
 * workers are fed back with `remember()` so every process sees the same duplicates and clusters.
 */
import type { KnownFact, Topic } from './config/schema.js';
import { sharesWhoOrWhat } from './dedupe/cluster-model.js';
import { beatTerms } from './dedupe/entities.js';
import { encodeHashes, hash32 } from './dedupe/fingerprint.js';
import { headlineKey, OutletHeadlines, outletHost } from './dedupe/outlet-headlines.js';
import {
  type ClusterMatch,
  createStoryIndex,
  type IndexEntry,
  type IndexSettings,
  sketchFromStored,
} from './dedupe/story-index.js';
import { compareClaims } from './facts/index.js';
import type { Claim, FactChange } from './facts/types.js';
import type { ItemSourceInfo } from './feeds/outlet.js';
import type { FeedItem } from './feeds/types.js';
import { type JoinReason, joinReason } from './join-reason.js';
import { createStoryReader, publishedMsOf } from './story-reading.js';
import { summarise, whatChanged } from './summarise/index.js';

/** A feed item with the feed it came from. */
export interface SourcedItem {
  item: FeedItem;
  /** The feed, under the name of the item's outlet when the item names one (see `itemSource`). */
  source: ItemSourceInfo;
}

/** The analysis of one item; the fields of `analyze --json` plus what delivery needs. */
export interface AnalysedItem {
  id: string;
  title: string;
  link: string | null;
  published: string | null;
  source: SourcedItem['source'];
  language: string | null;
  relevant: boolean;
  score: number;
  matched: string[];
  /** Id of an earlier item that is the same article, or null. */
  duplicateOf: string | null;
  /** Shared by items reporting the same event, across outlets and languages. */
  cluster: string;
  /** True when the item joined a cluster that already had an earlier, non-duplicate item. */
  followUp: boolean;
  /**
   * When the item joined an earlier story's cluster (not as a copy): with which story, and why;
   * null otherwise. Absent from stories stored before it was added.
   */
  joinedBecause?: JoinReason | null;
  claims: Claim[];
  factChanges: FactChange[];
  /** At most two sentences and 280 characters, in the story's language. */
  summary: string;
  /** One line per differing figure, e.g. "Deaths in custody: 473 reported — known 454, …". */
  whatChanged: string[];
}

/** What the index must remember about an analysed item; JSON-serialisable, stored by the worker. */
export interface StoryRecord {
  id: string;
  cluster: string;
  publishedMs: number;
  /** Everything dedupe and clustering need (canonical URL, fingerprints, entities, figures…). */
  [key: string]: unknown;
}

/**
 * The fields this version of the analyser writes into a {@link StoryRecord}. Version 1 records
 * (features of the earlier clustering) are still read for dedupe, without their features.
 */
export interface StoryRecordV2 extends StoryRecord {
  v: 2;
  relevant: boolean;
  duplicateOf: string | null;
  canonicalUrl: string | null;
  /** Shingle sketch: set size and base64 of the smallest hashes (little-endian uint32). */
  sketch: { size: number; hashes: string };
  /** Clustering features, or null when the story is off-beat or a duplicate. */
  features: string[] | null;
  /** Outlet and headline (see `dedupe/outlet-headlines.ts`); absent when the story has none. */
  headline?: { key: string; aggregated: boolean };
}

/** Incremental analysis over a growing index of earlier stories. */
export interface Analyser {
  analyse(input: SourcedItem): { item: AnalysedItem; record: StoryRecord };
  /** Adds a record analysed elsewhere (another worker, or loaded from the store). Idempotent. */
  remember(record: StoryRecord): void;
  /**
   * Drops stories published before `beforeMs` (epoch ms; stories without a date count as 0) so
   * the index does not grow forever. Returns how many were dropped.
   */
  forget(beforeMs: number): number;
  /**
   * Replaces the known facts that items analysed from now on are compared against (and whose
   * values their clustering features leave out), as a new analyser fed the same records would.
   * The stories already held are untouched.
   */
  setKnownFacts(facts: readonly KnownFact[]): void;
  /** Number of stories held. */
  readonly size: number;
}

export interface AnalyserOptions {
  /** Known facts to compare against; defaults to the topic brief's facts. */
  knownFacts?: KnownFact[];
  /** Dedupe and clustering thresholds (defaults in `dedupe/story-index.ts`). */
  settings?: Partial<IndexSettings>;
}

/** Stable cluster id derived from the id of the cluster's first story. */
export function clusterIdFor(firstId: string): string {
  const a = hash32(firstId).toString(16).padStart(8, '0');
  const b = hash32(`${firstId}\u0000cluster`).toString(16).padStart(8, '0');
  return `c-${a}${b}`;
}

/** A record this version can read: version 2, or version 1 for dedupe only. */
function readableRecord(record: StoryRecord): StoryRecordV2 | null {
  const r = record as { v?: unknown; sketch?: { size?: unknown; hashes?: unknown }; features?: unknown };
  const readable =
    typeof record.id === 'string' &&
    typeof record.cluster === 'string' &&
    typeof record.publishedMs === 'number' &&
    (r.v === 1 || r.v === 2) &&
    typeof r.sketch?.size === 'number' &&
    typeof r.sketch.hashes === 'string' &&
    (r.features === null || Array.isArray(r.features));
  if (!readable) return null;
  const v2 = record as StoryRecordV2;
  // Version 1 features were read by other rules; they cannot be compared with these.
  return r.v === 2 ? v2 : { ...v2, v: 2, features: null };
}

function entryOf(record: StoryRecordV2): IndexEntry {
  return {
    id: record.id,
    publishedMs: record.publishedMs,
    cluster: record.cluster,
    relevant: record.relevant === true,
    duplicateOf: record.duplicateOf ?? null,
    canonicalUrl: record.canonicalUrl ?? null,
    sketch: sketchFromStored(record.sketch),
    features: record.features ? record.features.filter((f): f is string => typeof f === 'string') : null,
  };
}

/** The figures of known facts that have one. */
function valuesOf(facts: readonly KnownFact[]): Set<number> {
  return new Set(facts.flatMap((f) => (f.value === null ? [] : [f.value])));
}

/** Creates an analyser for one topic. */
export function createAnalyser(topic: Topic, options: AnalyserOptions = {}): Analyser {
  const brief = topic.brief;
  let known: readonly KnownFact[] = options.knownFacts ?? brief.facts;
  const { read, entities } = createStoryReader(topic);
  const index = createStoryIndex(options.settings, beatTerms(topic, entities));
  const headlines = new OutletHeadlines();
  let knownValues = valuesOf(known);

  function rememberHeadline(record: StoryRecordV2): void {
    const h = record.headline;
    if (typeof h?.key !== 'string') return;
    const { id, publishedMs, duplicateOf } = record;
    headlines.add({
      id,
      publishedMs,
      key: h.key,
      aggregated: h.aggregated === true,
      rootId: duplicateOf ?? id,
    });
  }

  function analyse(input: SourcedItem): { item: AnalysedItem; record: StoryRecord } {
    const it = input.item;
    const story = read(it);
    const { title, body, match, publishedMs, sketch, canonicalUrl: url, language: lang } = story;
    const aggregated = input.source.outletUrl !== undefined;
    const headline = headlineKey(
      outletHost(aggregated ? input.source.outletUrl : it.link),
      story.titleTokens,
    );
    // The first copy of the article this item is: by id, URL or text, else (an aggregator's entry
    // or an outlet's copy of one) by outlet and headline.
    const duplicateOf =
      index.findDuplicate({ id: it.id, canonicalUrl: url, sketch })?.rootId ??
      (headline === null
        ? null
        : headlines.findOriginal({ id: it.id, publishedMs, key: headline, aggregated }));
    // A story that names none of the beat's exclusions is on the beat when it is a copy of, or
    // joins the event of, a story on the beat: a follow-up need not repeat the beat's names. A
    // neighbour (another country's prisons, citing CECOT) names an exclusion.
    const mayFollow = match.excluded.length === 0;

    let relevant = match.relevant;
    let cluster: string;
    let joined: ClusterMatch | null = null;
    let features: string[] | null = null;
    if (duplicateOf !== null) {
      const root = index.get(duplicateOf);
      cluster = root?.cluster ?? clusterIdFor(duplicateOf);
      relevant ||= mayFollow && root?.relevant === true;
    } else if (relevant || mayFollow) {
      const found = story.features(knownValues);
      // Joining the beat takes sharing the event itself (who, what numbers), not only its day
      // and its kind of story.
      joined = index.findCluster(
        found,
        publishedMs,
        relevant ? undefined : (candidate) => sharesWhoOrWhat(candidate.evidence),
      );
      relevant ||= joined !== null;
      // Off-beat stories stay out of clusters so they cannot glue beat stories together.
      if (relevant) features = found;
      cluster = joined?.cluster ?? clusterIdFor(it.id);
    } else {
      cluster = clusterIdFor(it.id);
    }

    // Figures are read only from on-beat stories: an off-beat story's numbers are not the beat's.
    const claims = relevant ? story.claims() : [];
    const date = publishedMs ? new Date(publishedMs).toISOString().slice(0, 10) : '';
    const factChanges =
      claims.length > 0 ? compareClaims(claims, known, { source: input.source.name, date }) : [];

    const record: StoryRecordV2 = {
      v: 2,
      id: it.id,
      cluster,
      publishedMs,
      relevant,
      duplicateOf,
      canonicalUrl: url,
      sketch: { size: sketch.size, hashes: encodeHashes(sketch.hashes) },
      features,
      ...(headline === null ? {} : { headline: { key: headline, aggregated } }),
    };
    rememberHeadline(record);
    // The entry `entryOf(record)` would rebuild, made from what is at hand (the sketch need not
    // go through its stored form and back).
    index.add({
      id: it.id,
      publishedMs,
      cluster,
      relevant,
      duplicateOf: record.duplicateOf,
      canonicalUrl: url,
      sketch,
      // A copy: the record is handed to the caller, who may change it.
      features: features ? [...features] : null,
    });

    const item: AnalysedItem = {
      id: it.id,
      title,
      link: it.link,
      published: it.published,
      source: input.source,
      language: lang,
      relevant,
      score: match.score,
      matched:
        relevant && !match.relevant ? [...match.matched, followsLabel(duplicateOf, joined)] : match.matched,
      duplicateOf,
      cluster,
      followUp: joined !== null,
      joinedBecause: joined ? joinReason(joined) : null,
      claims,
      factChanges,
      summary: summarise({ title, body, factChanges }),
      whatChanged: whatChanged(factChanges, brief, lang ?? 'en'),
    };
    return { item, record };
  }

  return {
    analyse,
    remember(record) {
      const readable = readableRecord(record);
      if (!readable) return;
      index.add(entryOf(readable));
      rememberHeadline(readable);
    },
    forget(beforeMs) {
      headlines.forget(beforeMs);
      return index.forget(beforeMs);
    },
    setKnownFacts(facts) {
      // A copy: the caller may change its array afterwards.
      known = [...facts];
      knownValues = valuesOf(known);
    },
    get size() {
      return index.size;
    },
  };
}

/** The `matched` entry of a story on the beat through another: `follows(<id>)` or `copy of(<id>)`. */
function followsLabel(duplicateOf: string | null, joined: ClusterMatch | null): string {
  return duplicateOf !== null ? `copy of(${duplicateOf})` : `follows(${joined!.matchedId})`;
}

/**
 * Orders items by publication time, then id, so the same items give the same analysis whatever
 * order they arrive in; undated items come after the dated ones.
 */
export function inPublicationOrder(inputs: readonly SourcedItem[]): SourcedItem[] {
  return inputs
    .map((input, i) => ({ input, i, ms: publishedMsOf(input.item.published) }))
    .sort(
      (a, b) =>
        (a.ms || Number.POSITIVE_INFINITY) - (b.ms || Number.POSITIVE_INFINITY) ||
        (a.input.item.id < b.input.item.id ? -1 : a.input.item.id > b.input.item.id ? 1 : a.i - b.i),
    )
    .map((x) => x.input);
}

/** Analyses a batch in publication order (what `beatwatch analyze` prints). */
export function analyseBatch(
  inputs: SourcedItem[],
  topic: Topic,
  options: AnalyserOptions = {},
): AnalysedItem[] {
  const analyser = createAnalyser(topic, options);
  return inPublicationOrder(inputs).map((input) => analyser.analyse(input).item);
}
