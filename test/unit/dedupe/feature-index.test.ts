import { describe, expect, it } from 'vitest';
import { FeatureIndex } from '../../../src/dedupe/feature-index.js';

const stories = [
  ['c:appeal', 'e:cecot', 'm:deaths=473', 'p:boasberg', 's:deport'],
  ['c:appeal', 'e:cecot', 'n:238', 's:deport'],
  ['e:cecot', 'e:nayib bukele', 'p:boasberg', 's:custody'],
  ['c:ruling', 'e:cecot', 'n:238', 'n:238', 's:deport'],
  [],
];
const beat = new Set(['cecot']);

describe('FeatureIndex', () => {
  it('weighs a feature by kind and rarity, an unseen one as 1 times its kind', () => {
    const index = new FeatureIndex();
    for (const [serial, features] of stories.entries()) index.add(features, serial);
    expect(index.weight('n:999')).toBeCloseTo(1.5);
    expect(index.weight('p:boasberg')).toBeLessThan(index.weight('p:unknown'));
    expect(index.weight('e:cecot', beat)).toBeCloseTo(index.weight('e:cecot') / 4);
    expect(index.posting('n:238')).toEqual([1, 3]);
    expect(index.posting('n:1')).toBeUndefined();
  });

  it('compares as the cosine of weighted features, with the shared weight and event names', () => {
    const index = new FeatureIndex();
    const numbers = stories.map((features, serial) => index.add(features, serial));
    const probe = ['c:appeal', 'e:cecot', 'n:238', 'p:new', 'p:new', 'c:appeal'];
    const looked = index.startLookup(probe, beat);
    expect(looked[5]).toBe(looked[0]);
    expect(looked[3]).toBe(-1);
    expect(looked[2]).toBeGreaterThanOrEqual(0);
    const distinct = new Set(probe);
    stories.forEach((features, serial) => {
      const w = (f: string) => index.weight(f, beat);
      const xx = [...distinct].reduce((sum, f) => sum + w(f) ** 2, 0);
      const yy = features.reduce((sum, f) => sum + w(f) ** 2, 0);
      const shared = features.filter((f) => distinct.has(f));
      const dot = shared.reduce((sum, f) => sum + w(f) ** 2, 0);
      const got = index.compare(numbers[serial]!);
      expect(got.similarity).toBeCloseTo(yy ? dot / Math.sqrt(xx * yy) : 0, 12);
      expect(got.evidence).toBeCloseTo(
        shared.reduce((sum, f) => sum + w(f), 0),
        12,
      );
      expect(got.namesEvent).toBe(shared.some((f) => f.startsWith('c:') || f.startsWith('p:')));
    });
  });
});
