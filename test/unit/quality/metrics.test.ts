import { describe, expect, it } from 'vitest';
import { multisetOverlap, prf } from '../../../src/quality/metrics.js';

describe('prf', () => {
  it.each([
    // tp, fp, fn → precision, recall, f1
    [8, 2, 2, 0.8, 0.8, 0.8],
    [3, 0, 1, 1, 0.75, 6 / 7],
    [1, 3, 0, 0.25, 1, 0.4],
    [0, 0, 5, 0, 0, 0], // nothing predicted on a set with positives
    [0, 4, 0, 0, 1, 0], // only wrong predictions, nothing expected
    [0, 0, 0, 1, 1, 1], // an empty task
  ])('tp %i fp %i fn %i → P %d R %d F1 %d', (tp, fp, fn, p, r, f1) => {
    const got = prf({ tp, fp, fn });
    expect(got.precision).toBeCloseTo(p, 10);
    expect(got.recall).toBeCloseTo(r, 10);
    expect(got.f1).toBeCloseTo(f1, 10);
    expect(got).toMatchObject({ tp, fp, fn });
  });

  it('rejects negative or fractional counts, naming the count', () => {
    expect(() => prf({ tp: -1, fp: 0, fn: 0 })).toThrow(/tp must be a non-negative integer/);
    expect(() => prf({ tp: 0, fp: 0.5, fn: 0 })).toThrow(/fp must be/);
  });
});

describe('multisetOverlap', () => {
  it.each([
    [['a', 'b'], ['b', 'a'], 2],
    [['a', 'a', 'b'], ['a'], 1],
    [['a'], ['a', 'a'], 1],
    [['a', 'a'], ['a', 'a', 'c'], 2],
    [[], ['x'], 0],
    [['x'], [], 0],
  ])('%j ∩ %j = %i', (expected, predicted, n) => {
    expect(multisetOverlap(expected, predicted)).toBe(n);
  });
});
