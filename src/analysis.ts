/**
 * The analysis pipeline shared by `beatwatch analyze` and the ingest worker: match → dedupe →
 * cluster → claims → diff against known facts → summary. Pure: no I/O, no clock, no Redis.
 *
 * The worker keeps one {@link Analyser} per topic and process. Every item it analyses yields a
 * {@link StoryRecord} (JSON-serialisable) that the worker stores; records analysed by other
 * workers are fed back with `remember()` so every process sees the same duplicates and clusters.
 */
import type { KnownFact, Topic } from './config/schema.js';
import { canonicalUrl } from './dedupe/canonical-url.js';
import {
  beatTerms,
  createEntityFinder,
  extractFeatures,
  FEATURE_BODY_WORDS,
  leadText,
} from './dedupe/features.js';
import { encodeHashes, hash32, sketchTokens } from './dedupe/fingerprint.js';
import {
  createStoryIndex,
  type IndexEntry,
  type IndexSettings,
  sketchFromStored,
} from './dedupe/story-index.js';
import { compareClaims, createClaimReader } from './facts/index.js';
import type { Claim, FactChange } from './facts/types.js';
import type { FeedItem } from './feeds/types.js';
import { summarise, whatChanged } from './summarise/index.js';
import { detectLanguage, detectLanguageOfTokens, tokenize } from './text/index.js';
import { claimsTextOf, createMatcher } from './topics/index.js';

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

/** The fields this version of the analyser writes into a {@link StoryRecord}. */
export interface StoryRecordV1 extends StoryRecord {
  v: 1;
  relevant: boolean;
  duplicateOf: string | null;
  canonicalUrl: string | null;
  /** Shingle sketch: set size and base64 of the smallest hashes (little-endian uint32). */
  sketch: { size: number; hashes: string };
  /** Clustering features, or null when the story is off-beat or a duplicate. */
  features: string[] | null;
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

/** Body tokens read for the near-duplicate sketch: the lead identifies an article. */
const SKETCH_BODY_TOKENS = 200;

/** Stable cluster id derived from the id of the cluster's first story. */
export function clusterIdFor(firstId: string): string {
  const a = hash32(firstId).toString(16).padStart(8, '0');
  const b = hash32(`${firstId}\u0000cluster`).toString(16).padStart(8, '0');
  return `c-${a}${b}`;
}

/** Characters read to guess a story's language: the opening says it as well as the whole. */
const LANGUAGE_SAMPLE_CHARS = 2000;

/**
 * The language of a story whose text is `title + "\n" + body`; `tokens` are the tokens of that
 * text when it is no longer than the sample (the same tokens the sample would give).
 */
function languageOf(text: string, tokens: readonly string[] | null, tag: string | null): 'en' | 'es' | null {
  const detected = tokens
    ? detectLanguageOfTokens(tokens)
    : detectLanguage(text.slice(0, LANGUAGE_SAMPLE_CHARS));
  if (detected) return detected;
  const primary = tag?.toLowerCase().split(/[-_]/)[0];
  return primary === 'en' || primary === 'es' ? primary : null;
}

function publishedMsOf(published: string | null): number {
  const ms = published ? Date.parse(published) : Number.NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

function isRecordV1(record: StoryRecord): record is StoryRecordV1 {
  const r = record as Partial<StoryRecordV1>;
  return (
    typeof r.id === 'string' &&
    typeof r.cluster === 'string' &&
    typeof r.publishedMs === 'number' &&
    r.v === 1 &&
    typeof r.sketch?.size === 'number' &&
    typeof r.sketch.hashes === 'string' &&
    (r.features === null || Array.isArray(r.features))
  );
}

function entryOf(record: StoryRecordV1): IndexEntry {
  return {
    id: record.id,
    publishedMs: record.publishedMs,
    cluster: record.cluster,
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
  const matcher = createMatcher(topic);
  const readClaims = createClaimReader(brief);
  const entities = createEntityFinder(brief);
  const beat = beatTerms(topic, entities);
  const index = createStoryIndex(options.settings);
  let knownValues = valuesOf(known);

  function analyse(input: SourcedItem): { item: AnalysedItem; record: StoryRecord } {
    const it = input.item;
    const title = it.title ?? '';
    const summaryText = it.summary ?? '';
    const content = it.content ?? '';
    const body = content.length > summaryText.length ? content : summaryText;
    // Each text is folded and tokenized once, for the matcher, the language, the sketch and the
    // features. The matcher reads summary and content together, summary first: the body's tokens
    // and the other text's (a line break between two texts separates their tokens as the end of
    // a text does).
    const titleTokens = tokenize(title);
    const bodyTokens = tokenize(body);
    const other = body === content ? summaryText : content;
    const matchBody =
      summaryText === '' || content === ''
        ? bodyTokens
        : body === content
          ? [...tokenize(other), ...bodyTokens]
          : [...bodyTokens, ...tokenize(other)];
    const text = `${title}\n${body}`;
    const lang = languageOf(
      text,
      text.length <= LANGUAGE_SAMPLE_CHARS ? [...titleTokens, ...bodyTokens] : null,
      it.language,
    );
    // The matcher's figures come from title, summary and content; the story's from title and
    // body. Usually one text (an item has a summary or content, not both): read once, then.
    const matchInput = { title, summary: summaryText, content };
    const matchText = claimsTextOf(matchInput);
    const matchClaims = readClaims(matchText);
    const match = matcher({
      ...matchInput,
      tokens: { title: titleTokens, body: matchBody },
      claims: matchClaims,
    });
    const publishedMs = publishedMsOf(it.published);

    // Figures are read only from on-beat stories: an off-beat story's numbers are not the beat's.
    const claims = !match.relevant ? [] : matchText === text ? matchClaims : readClaims(text);
    const date = publishedMs ? new Date(publishedMs).toISOString().slice(0, 10) : '';
    const factChanges =
      claims.length > 0 ? compareClaims(claims, known, { source: input.source.name, date }) : [];

    // Tokenised once, shared by the sketch and the clustering features; most bodies are their
    // own lead, whose tokens are at hand.
    const bodyLead = leadText(body, FEATURE_BODY_WORDS);
    const tokens = { title: titleTokens, body: bodyLead === body ? bodyTokens : tokenize(bodyLead) };
    const sketch = sketchTokens([tokens.title, tokens.body.slice(0, SKETCH_BODY_TOKENS)]);
    const url = canonicalUrl(it.link);
    const duplicate = index.findDuplicate({ id: it.id, canonicalUrl: url, sketch });

    let cluster: string;
    let followUp = false;
    let features: string[] | null = null;
    if (duplicate) {
      cluster = index.get(duplicate.rootId)?.cluster ?? clusterIdFor(duplicate.rootId);
    } else if (match.relevant) {
      features = extractFeatures(
        { title, body, bodyLead, lang, claims, tokens, known: knownValues },
        entities,
      );
      const joined = index.findCluster(features, publishedMs, beat);
      cluster = joined?.cluster ?? clusterIdFor(it.id);
      followUp = joined !== null;
    } else {
      // Off-beat stories stay out of clusters so they cannot glue beat stories together.
      cluster = clusterIdFor(it.id);
    }

    const record: StoryRecordV1 = {
      v: 1,
      id: it.id,
      cluster,
      publishedMs,
      relevant: match.relevant,
      duplicateOf: duplicate?.rootId ?? null,
      canonicalUrl: url,
      sketch: { size: sketch.size, hashes: encodeHashes(sketch.hashes) },
      features,
    };
    // The entry `entryOf(record)` would rebuild, made from what is at hand (the sketch need not
    // go through its stored form and back).
    index.add({
      id: it.id,
      publishedMs,
      cluster,
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
      relevant: match.relevant,
      score: match.score,
      matched: match.matched,
      duplicateOf: duplicate?.rootId ?? null,
      cluster,
      followUp,
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
      if (isRecordV1(record)) index.add(entryOf(record));
    },
    forget: (beforeMs) => index.forget(beforeMs),
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
