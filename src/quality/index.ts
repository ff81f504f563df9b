/**
 * Scoring the analysis pipeline against a labelled development set (see docs/QUALITY.md):
 * relevance, duplicate and cluster F1, claim F1 and fact-change accuracy, next to a keyword
 * baseline. Pure: reading feeds and labels, and running the pipeline, happen in the caller.
 */
export { failedBars, QUALITY_METRICS, type QualityMetric } from './bars.js';
export { BASELINE_PATTERN, type BaselineInput, keywordBaseline } from './baseline.js';
export { formatCounts, formatMistakes, formatScoreTable, renderTable } from './format.js';
export { checkLabels, expectedStatus, LabelsError, parseLabels } from './labels.js';
export { type Counts, multisetOverlap, type Prf, prf } from './metrics.js';
export { type Mistake, type QualityScores, scorePredictions } from './score.js';
export type {
  DevsetItem,
  DevsetLabels,
  ItemLabel,
  Prediction,
  ScoredClaim,
  ScoredFactChange,
} from './types.js';
