/** The quality bars of PRODUCT.md, and the check of a run against them. */
import type { QualityScores } from './score.js';

/** One scored quantity of a run, with how it is read off the scores. */
export interface QualityMetric {
  key: 'relevanceF1' | 'duplicateF1' | 'clusterF1' | 'claimF1' | 'factChangeAccuracy';
  label: string;
  bar: number;
  read: (s: QualityScores) => number;
}

/** The bars, in the order reports list them. */
export const QUALITY_METRICS: readonly QualityMetric[] = [
  { key: 'relevanceF1', label: 'relevance F1', bar: 0.95, read: (s) => s.relevance.f1 },
  { key: 'duplicateF1', label: 'duplicate F1', bar: 0.95, read: (s) => s.duplicates.f1 },
  { key: 'clusterF1', label: 'cluster pairwise F1', bar: 0.85, read: (s) => s.clusters.f1 },
  { key: 'claimF1', label: 'claim F1', bar: 0.9, read: (s) => s.claims.f1 },
  { key: 'factChangeAccuracy', label: 'fact-change accuracy', bar: 0.9, read: (s) => s.factChanges.accuracy },
];

/** The metrics of `scores` that are below their bar (empty when every bar is met). */
export function failedBars(scores: QualityScores): { label: string; value: number; bar: number }[] {
  // A hair of tolerance so that a ratio such as 19/20 is not failed by floating-point rounding.
  return QUALITY_METRICS.map((m) => ({ label: m.label, value: m.read(scores), bar: m.bar })).filter(
    (m) => m.value < m.bar - 1e-9,
  );
}
