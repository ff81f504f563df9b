import { describe, expect, it } from 'vitest';
import { fitLogistic, solve } from '../../../src/quality/logistic.js';

/** Rows drawn from a known logistic model, deterministically (a fixed grid, expected labels as weights). */
function sample(bias: number, weights: number[]): { x: number[][]; y: number[]; w: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  const w: number[] = [];
  for (let a = -3; a <= 3; a += 0.5) {
    for (let b = -3; b <= 3; b += 0.5) {
      const p = 1 / (1 + Math.exp(-(bias + weights[0]! * a + weights[1]! * b)));
      // Each grid point twice: once as a 1 with weight p, once as a 0 with weight 1 − p.
      x.push([a, b], [a, b]);
      y.push(1, 0);
      w.push(p, 1 - p);
    }
  }
  return { x, y, w };
}

describe('solve', () => {
  it('solves a small linear system', () => {
    const x = solve(
      [
        [2, 1],
        [1, 3],
      ],
      [3, 5],
    );
    expect(x[0]).toBeCloseTo(0.8);
    expect(x[1]).toBeCloseTo(1.4);
  });
});

describe('fitLogistic', () => {
  it('recovers the weights of the model the rows come from', () => {
    const { x, y, w } = sample(-0.5, [1.5, -2]);
    const fit = fitLogistic(x, y, { l2: 1e-6, rowWeights: w });
    expect(fit.bias).toBeCloseTo(-0.5, 3);
    expect(fit.weights[0]).toBeCloseTo(1.5, 3);
    expect(fit.weights[1]).toBeCloseTo(-2, 3);
    expect(fit.dropped).toEqual([]);
  });

  it('shrinks the weights under a stronger penalty', () => {
    const { x, y, w } = sample(0, [2, 1]);
    const loose = fitLogistic(x, y, { l2: 1e-6, rowWeights: w });
    const tight = fitLogistic(x, y, { l2: 100, rowWeights: w });
    expect(Math.abs(tight.weights[0]!)).toBeLessThan(Math.abs(loose.weights[0]!));
  });

  it('holds at 0 a weight that takes the wrong sign, and refits the rest', () => {
    const { x, y, w } = sample(0, [2, -1]);
    const fit = fitLogistic(x, y, { l2: 1e-6, rowWeights: w, signs: [1, 1] });
    expect(fit.dropped).toEqual([1]);
    expect(fit.weights[1]).toBe(0);
    expect(fit.weights[0]).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    const { x, y, w } = sample(0.3, [1, 1]);
    expect(fitLogistic(x, y, { l2: 1, rowWeights: w })).toEqual(fitLogistic(x, y, { l2: 1, rowWeights: w }));
  });

  it('rejects a table without rows', () => {
    expect(() => fitLogistic([], [], { l2: 1 })).toThrow(/rows/);
  });
});
