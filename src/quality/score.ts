/**
 * Scores predictions against the labels of a development set. Pure and deterministic: the same
 * labels, items and predictions always give the same numbers and the same list of mistakes.
 *
 * What each number means (docs/QUALITY.md says it for readers):
 * - relevance: F1 over all items, positive = relevant.
 * - duplicates: F1 over pairs item → duplicateOf. A predicted pair is right when it points at
 *   any copy of the same article published earlier than the item (not only the first copy).
 * - clusters: pairwise F1 over all pairs of items labelled relevant: "same cluster" predicted
 *   vs "same cluster" labelled.
 * - claims: F1 over (metric, value) pairs, matched one-to-one per item, on the items a reader
 *   would see or should see (labelled relevant, or predicted relevant); the qualifier is scored
 *   separately, as agreement on the matched pairs.
 * - fact changes: accuracy over labelled fact changes: one counts when the item's predicted
 *   fact changes contain the same (metric, status), matched one-to-one.
 */
import { type Counts, multisetOverlap, type Prf, prf } from './metrics.js';
import type { DevsetItem, DevsetLabels, ItemLabel, Prediction, ScoredClaim } from './types.js';

/** One thing the predictions got wrong, for the report. */
export interface Mistake {
  kind: 'relevance' | 'duplicate' | 'cluster' | 'claims' | 'factChanges' | 'missing';
  id: string;
  title: string;
  expected: string;
  got: string;
  note: string | null;
}

/** Every score of one run, with its counts and the mistakes behind them. */
export interface QualityScores {
  items: number;
  relevance: Prf;
  duplicates: Prf;
  clusters: Prf;
  /** The same pairwise F1 over first copies only (labelled duplicates left out); not a bar. */
  clustersOfFirstCopies: Prf;
  claims: Prf & {
    /** Matched claims whose qualifier is also right, and how many were matched. */
    qualifierAgreement: number;
    qualifierMatched: number;
  };
  factChanges: { correct: number; total: number; accuracy: number; extra: number };
  mistakes: Mistake[];
  /** Predicted ids that are not in the set (usually an id mismatch with the parser). */
  unknownIds: string[];
}

const claimKey = (c: { metric: string; value: number }): string => `${c.metric}=${c.value}`;
const describeClaims = (claims: readonly ScoredClaim[]): string =>
  claims.length === 0 ? '(none)' : claims.map((c) => `${c.metric} ${c.qualifier} ${c.value}`).join('; ');

/** An item that the predictions left out scores as: not relevant, no copy, alone, no figures. */
function absent(id: string): Prediction {
  return {
    id,
    relevant: false,
    duplicateOf: null,
    cluster: `\u0000absent:${id}`,
    claims: [],
    factChanges: [],
  };
}

/** Root (first copy) of each item's article group, following the labelled duplicateOf links. */
function articleGroups(labels: DevsetLabels): Map<string, string> {
  const root = new Map<string, string>();
  for (const id of labels.items.keys()) {
    let cur = id;
    const seen = new Set<string>();
    for (;;) {
      const next = labels.items.get(cur)?.duplicateOf;
      if (!next || seen.has(next)) break;
      seen.add(cur);
      cur = next;
    }
    root.set(id, cur);
  }
  return root;
}

/**
 * Scores `predictions` against `labels`. `items` gives the publication order (earliest first)
 * and the titles used in the list of mistakes; every labelled id should appear in it.
 */
export function scorePredictions(
  labels: DevsetLabels,
  items: readonly DevsetItem[],
  predictions: readonly Prediction[],
): QualityScores {
  const byId = new Map(predictions.map((p) => [p.id, p]));
  const unknownIds = predictions.map((p) => p.id).filter((id) => !labels.items.has(id));
  const ordered = items.filter((it) => labels.items.has(it.id));
  const position = new Map(ordered.map((it, i) => [it.id, i]));
  const mistakes: Mistake[] = [];
  const entries: { item: DevsetItem; label: ItemLabel; pred: Prediction }[] = ordered.map((item) => {
    const found = byId.get(item.id);
    const label = labels.items.get(item.id)!;
    if (!found)
      mistakes.push({
        kind: 'missing',
        id: item.id,
        title: item.title,
        expected: 'an analysed item',
        got: 'nothing',
        note: null,
      });
    return { item, label, pred: found ?? absent(item.id) };
  });
  const push = (kind: Mistake['kind'], e: (typeof entries)[number], expected: string, got: string): void => {
    mistakes.push({ kind, id: e.item.id, title: e.item.title, expected, got, note: e.label.note });
  };

  // Relevance.
  const rel: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const e of entries) {
    if (e.label.relevant && e.pred.relevant) rel.tp++;
    else if (!e.label.relevant && e.pred.relevant) {
      rel.fp++;
      push('relevance', e, 'not relevant', 'relevant');
    } else if (e.label.relevant && !e.pred.relevant) {
      rel.fn++;
      push('relevance', e, 'relevant', 'not relevant');
    }
  }

  // Duplicates.
  const group = articleGroups(labels);
  const dup: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const e of entries) {
    const want = e.label.duplicateOf;
    const got = e.pred.duplicateOf;
    const right =
      want !== null &&
      got !== null &&
      group.get(got) === group.get(e.item.id) &&
      (position.get(got) ?? Infinity) < (position.get(e.item.id) ?? -1);
    if (right) dup.tp++;
    else {
      if (got !== null) dup.fp++;
      if (want !== null) dup.fn++;
      if (got !== null || want !== null)
        push(
          'duplicate',
          e,
          want === null ? 'original' : `copy of ${want}`,
          got === null ? 'original' : `copy of ${got}`,
        );
    }
  }

  // Clusters: pairwise over items labelled relevant; and, for information, over first copies
  // only, since a copy that follows its original into a cluster makes easy pairs.
  const relevant = entries.filter((e) => e.label.relevant);
  const pairs = clusterPairs(relevant);
  const distinctPairs = clusterPairs(relevant.filter((e) => e.label.duplicateOf === null));
  mistakes.push(...clusterMistakes(relevant));

  // Claims: on items labelled relevant or predicted relevant.
  const cl: Counts = { tp: 0, fp: 0, fn: 0 };
  let qualifierAgreement = 0;
  let qualifierMatched = 0;
  for (const e of entries) {
    if (!e.label.relevant && !e.pred.relevant) continue;
    const want = e.label.claims;
    const got = e.pred.claims;
    const overlap = multisetOverlap(want.map(claimKey), got.map(claimKey));
    cl.tp += overlap;
    cl.fp += got.length - overlap;
    cl.fn += want.length - overlap;
    // Qualifiers of the matched pairs, paired in order within each (metric, value).
    const remaining = [...got];
    let qualifierWrong = false;
    for (const w of want) {
      const k = remaining.findIndex((g) => claimKey(g) === claimKey(w));
      if (k < 0) continue;
      qualifierMatched++;
      if (remaining[k]!.qualifier === w.qualifier) qualifierAgreement++;
      else qualifierWrong = true;
      remaining.splice(k, 1);
    }
    if (overlap !== want.length || overlap !== got.length || qualifierWrong)
      push('claims', e, describeClaims(want), describeClaims(got));
  }

  // Fact changes: accuracy over the labelled ones.
  let fcCorrect = 0;
  let fcTotal = 0;
  let fcExtra = 0;
  for (const e of entries) {
    const want = e.label.factChanges.map((f) => `${f.metric}:${f.status}`);
    const got = e.pred.factChanges.map((f) => `${f.metric}:${f.status}`);
    const overlap = multisetOverlap(want, got);
    fcTotal += want.length;
    fcCorrect += overlap;
    if (e.label.relevant || e.pred.relevant) fcExtra += got.length - overlap;
    if (overlap !== want.length)
      push('factChanges', e, want.join('; ') || '(none)', got.join('; ') || '(none)');
  }

  return {
    items: entries.length,
    relevance: prf(rel),
    duplicates: prf(dup),
    clusters: prf(pairs),
    clustersOfFirstCopies: prf(distinctPairs),
    claims: { ...prf(cl), qualifierAgreement, qualifierMatched },
    factChanges: {
      correct: fcCorrect,
      total: fcTotal,
      accuracy: fcTotal === 0 ? 1 : fcCorrect / fcTotal,
      extra: fcExtra,
    },
    mistakes,
    unknownIds,
  };
}

/** Pair counts: same labelled cluster against same predicted cluster, over every pair. */
function clusterPairs(relevant: readonly { label: ItemLabel; pred: Prediction }[]): Counts {
  const pairs: Counts = { tp: 0, fp: 0, fn: 0 };
  for (let i = 0; i < relevant.length; i++) {
    for (let j = i + 1; j < relevant.length; j++) {
      const a = relevant[i]!;
      const b = relevant[j]!;
      const same = a.label.cluster === b.label.cluster;
      const predictedSame = a.pred.cluster === b.pred.cluster;
      if (same && predictedSame) pairs.tp++;
      else if (predictedSame) pairs.fp++;
      else if (same) pairs.fn++;
    }
  }
  return pairs;
}

/**
 * Cluster mistakes as a reader would describe them: a labelled cluster split over several
 * predicted clusters (reported on the items outside its largest part), and a predicted
 * cluster that merges items of several labelled clusters.
 */
function clusterMistakes(relevant: { item: DevsetItem; label: ItemLabel; pred: Prediction }[]): Mistake[] {
  const out: Mistake[] = [];
  const byGold = new Map<string, typeof relevant>();
  const byPred = new Map<string, typeof relevant>();
  for (const e of relevant) {
    const g = e.label.cluster ?? '';
    byGold.set(g, [...(byGold.get(g) ?? []), e]);
    byPred.set(e.pred.cluster, [...(byPred.get(e.pred.cluster) ?? []), e]);
  }
  for (const [gold, members] of byGold) {
    const parts = new Map<string, typeof relevant>();
    for (const e of members) parts.set(e.pred.cluster, [...(parts.get(e.pred.cluster) ?? []), e]);
    if (parts.size < 2) continue;
    const main = [...parts.values()].sort((a, b) => b.length - a.length)[0]!;
    for (const e of members) {
      if (main.includes(e)) continue;
      out.push({
        kind: 'cluster',
        id: e.item.id,
        title: e.item.title,
        expected: `with ${main.map((m) => m.item.id).join(', ')} (${gold})`,
        got: `split off (predicted cluster ${e.pred.cluster})`,
        note: e.label.note,
      });
    }
  }
  for (const [pred, members] of byPred) {
    const golds = new Set(members.map((e) => e.label.cluster));
    if (golds.size < 2) continue;
    const first = members[0]!;
    out.push({
      kind: 'cluster',
      id: members.map((e) => e.item.id).join(', '),
      title: first.item.title,
      expected: `separate clusters: ${[...golds].join(', ')}`,
      got: `merged into ${pred}`,
      note: null,
    });
  }
  return out;
}
