/**
 * The analysis pipeline shared by `beatwatch analyze` and the ingest worker: match → dedupe →
 * cluster → claims → diff against known facts → summary. Pure: no I/O, no clock, no Redis.
 *
 * The worker keeps one {@link Analyser} per topic and process. Every item it analyses yields a
 * {@link StoryRecord} (JSON-serialisable) that the worker stores; records analysed by other
 * workers are fed back with `remember()` so every process sees the same duplicates and clusters.
 */
import type { KnownFact, Topic } from './config/schema.js';
import type { FactChange } from './facts/types.js';
import type { Claim } from './facts/types.js';
import type { FeedItem } from './feeds/types.js';

/** A feed item with the feed it came from. */
export interface SourcedItem {
  item: FeedItem;
  source: { feedUrl: string; name: string };
}

/** The analysis of one item; the fields of `analyze --json` plus what delivery needs. */
export interface AnalysedItem {
  id: string;
  title: string;
  link: string | null;
  published: string | null;
  source: { feedUrl: string; name: string };
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

/** Incremental analysis over a growing index of earlier stories. */
export interface Analyser {
  analyse(input: SourcedItem): { item: AnalysedItem; record: StoryRecord };
  /** Adds a record analysed elsewhere (another worker, or loaded from the store). Idempotent. */
  remember(record: StoryRecord): void;
}

export interface AnalyserOptions {
  /** Known facts to compare against; defaults to the topic brief's facts. */
  knownFacts?: KnownFact[];
}

/** Creates an analyser for one topic. */
export function createAnalyser(_topic: Topic, _options: AnalyserOptions = {}): Analyser {
  throw new Error('createAnalyser: not implemented yet');
}

/** Analyses a batch in publication order (what `beatwatch analyze` prints). */
export function analyseBatch(inputs: SourcedItem[], topic: Topic, options: AnalyserOptions = {}): AnalysedItem[] {
  const analyser = createAnalyser(topic, options);
  const ordered = [...inputs].sort(
    (a, b) => Date.parse(a.item.published ?? '') - Date.parse(b.item.published ?? '') || 0,
  );
  return ordered.map((input) => analyser.analyse(input).item);
}
