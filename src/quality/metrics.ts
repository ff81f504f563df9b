/** Precision, recall and F1 from counts, with the conventions for empty cases written down once. */

/** True positives, false positives and false negatives of one measurement. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Counts with the rates derived from them. */
export interface Prf extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Derives precision, recall and F1.
 *
 * Conventions: with nothing predicted, precision is 1 when nothing was expected either and 0
 * otherwise; with nothing expected, recall is 1. So a scorer that predicts nothing on a set
 * with positives gets F1 0 (not NaN), and an empty task scores 1.
 */
export function prf(counts: Counts): Prf {
  const { tp, fp, fn } = counts;
  for (const [name, n] of Object.entries(counts)) {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  }
  const predicted = tp + fp;
  const expected = tp + fn;
  const precision = predicted === 0 ? (expected === 0 ? 1 : 0) : tp / predicted;
  const recall = expected === 0 ? 1 : tp / expected;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/**
 * Size of the multiset intersection of two lists of keys: how many of `predicted` can be
 * paired one-to-one with an equal key in `expected`.
 */
export function multisetOverlap(expected: readonly string[], predicted: readonly string[]): number {
  const left = new Map<string, number>();
  for (const k of expected) left.set(k, (left.get(k) ?? 0) + 1);
  let overlap = 0;
  for (const k of predicted) {
    const n = left.get(k) ?? 0;
    if (n > 0) {
      overlap++;
      left.set(k, n - 1);
    }
  }
  return overlap;
}
