/**
 * Fits the clustering model (`src/dedupe/cluster-model.json`) on a labelled set: every story on
 * the beat that is not a copy is compared, in publication order, with the earlier stories the
 * cluster index would put before the model, exactly as the analyser does; each such pair is
 * labelled by whether the two stories carry the same labelled cluster. A logistic model is fitted
 * on those pairs; its threshold is the one under which a model fitted on each half of the set,
 * joining the other half's stories as the analyser does (through the cluster index itself),
 * rebuilds that half's labelled clusters best. Pure: the caller reads the set and writes the model.
 */
import type { KnownFact, Topic } from '../config/schema.js';
import { ClusterIndex } from '../dedupe/cluster-index.js';
import {
  type ClusterModel,
  EVIDENCE,
  type EvidenceName,
  noEvidence,
  type PairEvidence,
} from '../dedupe/cluster-model.js';
import { beatTerms } from '../dedupe/entities.js';
import type { FeedItem } from '../feeds/types.js';
import { createStoryReader } from '../story-reading.js';
import { fitLogistic } from './logistic.js';

/** A story on the beat, not a copy, with its labelled cluster. */
export interface LabelledStory {
  item: FeedItem;
  cluster: string;
}

/** A labelled story as the analyser reads it. */
export interface ReadStory {
  id: string;
  cluster: string;
  publishedMs: number;
  features: string[];
}

/** Labelled stories read by the analyser's own code, in publication order, and what the index needs beside them. */
export interface FitSet {
  stories: ReadStory[];
  /** The beat's own entities (see `beatTerms`). */
  beatTerms: ReadonlySet<string>;
  followUpWindowMs: number;
}

/** A story and one earlier story the index put before the model, and whether they share a labelled cluster. */
export interface LabelledPair {
  story: string;
  earlier: string;
  evidence: PairEvidence;
  same: boolean;
}

const DAY_MS = 24 * 3600_000;

/** Reads labelled stories (in publication order) as the analyser does. */
export function readStories(
  topic: Topic,
  stories: readonly LabelledStory[],
  options: { knownFacts?: readonly KnownFact[]; followUpWindowMs?: number } = {},
): FitSet {
  const { read, entities } = createStoryReader(topic);
  const known = new Set(
    (options.knownFacts ?? topic.brief.facts).flatMap((f) => (f.value === null ? [] : [f.value])),
  );
  return {
    stories: stories.map(({ item, cluster }) => {
      const story = read(item);
      return { id: item.id, cluster, publishedMs: story.publishedMs, features: story.features(known) };
    }),
    beatTerms: beatTerms(topic, entities),
    followUpWindowMs: options.followUpWindowMs ?? 35 * DAY_MS,
  };
}

/** The stories of a set from `from` up to (not including) `to`, in order. */
function slice(set: FitSet, from: number, to: number): FitSet {
  return { ...set, stories: set.stories.slice(from, to) };
}

/** A model for when only the evidence is wanted: the evidence of a pair does not depend on the model. */
const EVIDENCE_ONLY: ClusterModel = { bias: 0, weights: noEvidence(), threshold: 0.5 };

/**
 * Runs the stories through a cluster index in order, as the analyser does: `each` sees every
 * story with the index of the stories before it, and answers the cluster the story is added with.
 */
function replay(
  set: FitSet,
  model: ClusterModel,
  each: (story: ReadStory, index: ClusterIndex<ReadStory>) => string,
): void {
  const index = new ClusterIndex<ReadStory>({
    model,
    beatTerms: set.beatTerms,
    followUpWindowMs: set.followUpWindowMs,
  });
  for (const story of set.stories) index.add({ ...story, cluster: each(story, index) }, story.features);
}

/** The pairs the analyser would score, in publication order of their later story. */
export function collectPairs(set: FitSet): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  // The labelled clusters are what the stories are added with, so `same` can be read off them.
  replay(set, EVIDENCE_ONLY, (story, index) => {
    for (const c of index.candidates(story.features, story.publishedMs)) {
      pairs.push({
        story: story.id,
        earlier: c.member.id,
        evidence: c.evidence,
        same: c.member.cluster === story.cluster,
      });
    }
    return story.cluster;
  });
  return pairs;
}

/** Pairwise precision, recall and F1 of predicted clusters against labelled ones. */
export interface PairScore {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * The clusters the cluster index rebuilds with a model, each story joining as the analyser joins
 * it, scored pairwise against the labels.
 */
export function rebuildScore(set: FitSet, model: ClusterModel): PairScore {
  const predicted = new Map<string, string>();
  replay(set, model, (story, index) => {
    const cluster = index.join(story.features, story.publishedMs)?.candidate.member.cluster ?? story.id;
    predicted.set(story.id, cluster);
    return cluster;
  });
  let both = 0;
  let labelled = 0;
  let guessed = 0;
  const { stories } = set;
  for (let i = 0; i < stories.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = stories[i]!;
      const b = stories[j]!;
      const same = a.cluster === b.cluster;
      const joined = predicted.get(a.id) === predicted.get(b.id);
      if (same) labelled++;
      if (joined) guessed++;
      if (same && joined) both++;
    }
  }
  const precision = guessed ? both / guessed : 1;
  const recall = labelled ? both / labelled : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** What the fit gives, and how it was reached. */
export interface ClusterFit {
  model: ClusterModel;
  pairs: number;
  positives: number;
  l2: number;
  /** Evidence whose weight was held at 0: the fit wanted the wrong sign for it. */
  dropped: EvidenceName[];
  /** Where the threshold was chosen: on the halves of the set, or (too small to halve) on the set. */
  thresholdFrom: 'halves' | 'set';
  /** The labelled clusters rebuilt with the fitted model. */
  rebuilt: PairScore;
}

/** The sign each weight must keep: sharing more is never evidence against, time apart never for. */
const SIGNS: Readonly<Record<EvidenceName, -1 | 0 | 1>> = {
  entity: 1,
  beatEntity: 1,
  acronym: 1,
  figure: 1,
  measure: 1,
  number: 1,
  name: 1,
  date: 1,
  happened: 1,
  event: 1,
  situation: 1,
  cognates: 1,
  similarity: 1,
  days: -1,
  crossLanguage: 0,
};

/** Thresholds tried: the one that rebuilds the labels best wins, the one nearest 0.5 among equals. */
const THRESHOLDS = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

/** The threshold under which `f1` is highest, the one nearest 0.5 among equals. */
function bestThreshold(f1: (threshold: number) => number): number {
  let best = { threshold: 0.5, f1: Number.NEGATIVE_INFINITY };
  for (const threshold of THRESHOLDS) {
    const score = f1(threshold);
    const better =
      score > best.f1 + 1e-12 ||
      (Math.abs(score - best.f1) <= 1e-12 && Math.abs(threshold - 0.5) < Math.abs(best.threshold - 0.5));
    if (better) best = { threshold, f1: score };
  }
  return best.threshold;
}

/** The fitted weights, before a threshold is chosen; null when the pairs are all of one kind. */
function fitWeights(set: FitSet, l2: number): Omit<ClusterFit, 'l2' | 'rebuilt' | 'thresholdFrom'> | null {
  const pairs = collectPairs(set);
  const x = pairs.map((p) => EVIDENCE.map((name) => p.evidence[name]));
  const y = pairs.map((p) => (p.same ? 1 : 0));
  const positives = y.filter((v) => v === 1).length;
  if (positives === 0 || positives === pairs.length) return null;
  const fit = fitLogistic(x, y, { l2, signs: EVIDENCE.map((name) => SIGNS[name]) });
  const weights = Object.fromEntries(
    EVIDENCE.map((name, i) => [name, round(fit.weights[i]!)]),
  ) as PairEvidence;
  return {
    model: { bias: round(fit.bias), weights, threshold: 0.5 },
    pairs: pairs.length,
    positives,
    dropped: fit.dropped.map((i) => EVIDENCE[i]!),
  };
}

/** The earlier and the later half of a set, split at the middle of its publication order. */
function halves(set: FitSet): [FitSet, FitSet] {
  const middle = Math.floor(set.stories.length / 2);
  return [slice(set, 0, middle), slice(set, middle, set.stories.length)];
}

/**
 * The threshold under which a model fitted on each half of a set rebuilds the other half best
 * (the mean of the two F1s), or null when a half is too small to fit on.
 */
function thresholdByHalves(set: FitSet, l2: number): number | null {
  const [earlier, later] = halves(set);
  const onEarlier = fitWeights(earlier, l2)?.model;
  const onLater = fitWeights(later, l2)?.model;
  if (!onEarlier || !onLater) return null;
  return bestThreshold(
    (threshold) =>
      (rebuildScore(later, { ...onEarlier, threshold }).f1 +
        rebuildScore(earlier, { ...onLater, threshold }).f1) /
      2,
  );
}

/**
 * Fits the model on a labelled set: the weights on every pair, the threshold on the halves. A
 * model rebuilds the stories it was fitted on best at a lower threshold than it rebuilds others,
 * so the threshold is the one under which a model fitted on each half of the set rebuilds the
 * other half best; on a set too small to halve, the one that rebuilds the set itself best.
 */
export function fitClusterModel(set: FitSet, l2: number): ClusterFit {
  const fit = fitWeights(set, l2);
  if (!fit) {
    throw new Error(
      'cluster fit: the labelled stories give no pair of one event, or none of two events; label more stories',
    );
  }
  const byHalves = thresholdByHalves(set, l2);
  const threshold = byHalves ?? bestThreshold((t) => rebuildScore(set, { ...fit.model, threshold: t }).f1);
  const model = { ...fit.model, threshold };
  return {
    ...fit,
    model,
    l2,
    thresholdFrom: byHalves === null ? 'set' : 'halves',
    rebuilt: rebuildScore(set, model),
  };
}

/** How a model fitted on one half of a set rebuilds the clusters of the other half. */
export interface HalfCheck {
  /** Fitted on the earlier half, scored on the later; then the other way round. */
  earlierToLater: PairScore;
  laterToEarlier: PairScore;
}

/**
 * An estimate of how the fit does on stories it was not fitted on, from the set itself: the
 * stories are split at the middle of their publication order, a model is fitted on each half as
 * if the other did not exist, and each is scored on the other.
 */
export function checkOnHalves(set: FitSet, l2: number): HalfCheck {
  const [earlier, later] = halves(set);
  const across = (from: FitSet, to: FitSet): PairScore => rebuildScore(to, fitClusterModel(from, l2).model);
  return { earlierToLater: across(earlier, later), laterToEarlier: across(later, earlier) };
}

/** Four significant decimals: enough for the model, short enough to read in the file. */
function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
