/**
 * Fits the clustering model (`src/dedupe/cluster-model.json`) on a labelled set: every story on
 * the beat that is not a copy is compared, in publication order, with the earlier stories the
 * cluster index would put before the model, exactly as the analyser does; each such pair is
 * labelled by whether the two stories carry the same labelled cluster. A logistic model is fitted
 * on those pairs, and its threshold is the one under which joining each story to its most likely
 * earlier story rebuilds the labelled clusters best. Pure: the caller reads the set and writes
 * the model.
 */
import type { KnownFact, Topic } from '../config/schema.js';
import { ClusterIndex, type ClusterMember } from '../dedupe/cluster-index.js';
import {
  type ClusterModel,
  DEFAULT_CLUSTER_MODEL,
  EVIDENCE,
  type EvidenceName,
  type PairEvidence,
  probabilityOf,
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

/** A story and one earlier story the index put before the model, and whether they share a labelled cluster. */
export interface LabelledPair {
  story: string;
  earlier: string;
  evidence: PairEvidence;
  same: boolean;
}

const DAY_MS = 24 * 3600_000;

/** The pairs the analyser would score, in publication order of their later story. */
export function collectPairs(
  topic: Topic,
  stories: readonly LabelledStory[],
  options: { knownFacts?: readonly KnownFact[]; followUpWindowMs?: number } = {},
): LabelledPair[] {
  const { read, entities } = createStoryReader(topic);
  const known = new Set(
    (options.knownFacts ?? topic.brief.facts).flatMap((f) => (f.value === null ? [] : [f.value])),
  );
  const index = new ClusterIndex<ClusterMember>({
    // The evidence does not depend on the model; only the verdicts, which are not read here.
    model: DEFAULT_CLUSTER_MODEL,
    beatTerms: beatTerms(topic, entities),
    followUpWindowMs: options.followUpWindowMs ?? 35 * DAY_MS,
  });
  const pairs: LabelledPair[] = [];
  const clusterOf = new Map<string, string>();
  for (const { item, cluster } of stories) {
    const story = read(item);
    const features = story.features(known);
    for (const c of index.candidates(features, story.publishedMs)) {
      pairs.push({
        story: item.id,
        earlier: c.member.id,
        evidence: c.evidence,
        same: clusterOf.get(c.member.id) === cluster,
      });
    }
    clusterOf.set(item.id, cluster);
    index.add({ id: item.id, publishedMs: story.publishedMs, cluster }, features);
  }
  return pairs;
}

/** Pairwise precision, recall and F1 of predicted clusters against labelled ones. */
export interface PairScore {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * The clusters the model rebuilds when each story, in order, joins the cluster of its most likely
 * earlier story (when that is likely enough), scored pairwise against the labels.
 */
export function rebuildScore(
  stories: readonly LabelledStory[],
  pairs: readonly LabelledPair[],
  model: ClusterModel,
): PairScore {
  const byStory = new Map<string, LabelledPair[]>();
  for (const p of pairs) byStory.set(p.story, [...(byStory.get(p.story) ?? []), p]);
  const predicted = new Map<string, string>();
  for (const { item } of stories) {
    let best: { earlier: string; p: number } | null = null;
    for (const pair of byStory.get(item.id) ?? []) {
      const p = probabilityOf(model, pair.evidence);
      if (p >= model.threshold && (!best || p > best.p)) best = { earlier: pair.earlier, p };
    }
    predicted.set(item.id, best ? predicted.get(best.earlier)! : item.id);
  }
  let both = 0;
  let labelled = 0;
  let guessed = 0;
  for (let i = 0; i < stories.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = stories[i]!;
      const b = stories[j]!;
      const same = a.cluster === b.cluster;
      const joined = predicted.get(a.item.id) === predicted.get(b.item.id);
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
  event: 1,
  situation: 1,
  cognates: 1,
  similarity: 1,
  days: -1,
  crossLanguage: 0,
};

/** Thresholds tried: the one that rebuilds the labels best wins, the one nearest 0.5 among equals. */
const THRESHOLDS = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

/** Fits the model on the pairs of a labelled set. */
export function fitClusterModel(
  stories: readonly LabelledStory[],
  pairs: readonly LabelledPair[],
  l2: number,
): ClusterFit {
  const x = pairs.map((p) => EVIDENCE.map((name) => p.evidence[name]));
  const y = pairs.map((p) => (p.same ? 1 : 0));
  const fit = fitLogistic(x, y, { l2, signs: EVIDENCE.map((name) => SIGNS[name]) });
  const weights = Object.fromEntries(
    EVIDENCE.map((name, i) => [name, round(fit.weights[i]!)]),
  ) as PairEvidence;
  const bias = round(fit.bias);
  let best: { threshold: number; score: PairScore } | null = null;
  for (const threshold of THRESHOLDS) {
    const score = rebuildScore(stories, pairs, { bias, weights, threshold });
    const better =
      !best ||
      score.f1 > best.score.f1 + 1e-12 ||
      (Math.abs(score.f1 - best.score.f1) <= 1e-12 &&
        Math.abs(threshold - 0.5) < Math.abs(best.threshold - 0.5));
    if (better) best = { threshold, score };
  }
  return {
    model: { bias, weights, threshold: best!.threshold },
    pairs: pairs.length,
    positives: y.filter((v) => v === 1).length,
    l2,
    dropped: fit.dropped.map((i) => EVIDENCE[i]!),
    rebuilt: best!.score,
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
 * stories are split at the middle of their publication order, a model is fitted on each half,
 * and each is scored on the other (pairs that cross the halves are left out).
 */
export function checkOnHalves(
  stories: readonly LabelledStory[],
  pairs: readonly LabelledPair[],
  l2: number,
): HalfCheck {
  const middle = Math.floor(stories.length / 2);
  const halves = [stories.slice(0, middle), stories.slice(middle)] as const;
  const pairsOf = (half: readonly LabelledStory[]): LabelledPair[] => {
    const ids = new Set(half.map((st) => st.item.id));
    return pairs.filter((p) => ids.has(p.story) && ids.has(p.earlier));
  };
  const across = (from: readonly LabelledStory[], to: readonly LabelledStory[]): PairScore =>
    rebuildScore(to, pairsOf(to), fitClusterModel(from, pairsOf(from), l2).model);
  return { earlierToLater: across(halves[0], halves[1]), laterToEarlier: across(halves[1], halves[0]) };
}

/** Four significant decimals: enough for the model, short enough to read in the file. */
function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
