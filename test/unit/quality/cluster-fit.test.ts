import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { collectPairs, fitClusterModel, rebuildScore } from '../../../src/quality/cluster-fit.js';
import { deaths, ruling } from '../dedupe/beat-stories.js';

const topic = loadConfig({ path: 'config/default.yaml', env: {} }).topics[0]!;

// The beat stream's first copies, in publication order, with the event each reports.
const stories = [
  { item: deaths.english.item, cluster: 'deaths' },
  { item: ruling.wire.item, cluster: 'ruling' },
  { item: deaths.spanish.item, cluster: 'deaths' },
  { item: ruling.ownReport.item, cluster: 'ruling' },
  { item: ruling.spanish.item, cluster: 'ruling' },
  { item: ruling.followUp.item, cluster: 'ruling' },
];

describe('collectPairs', () => {
  it('pairs each story with the earlier ones that share something, labelled by their events', () => {
    const pairs = collectPairs(topic, stories);
    expect(pairs.every((p) => stories.findIndex((s) => s.item.id === p.story) > 0)).toBe(true);
    const pair = (a: string, b: string) => pairs.find((p) => p.story === a && p.earlier === b);
    expect(pair('deaths-es', 'deaths-en')?.same).toBe(true);
    expect(pair('ruling-es', 'ruling-wire')?.same).toBe(true);
    expect(pair('ruling-es', 'ruling-wire')?.evidence.crossLanguage).toBe(1);
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThan(0);
  });
});

describe('fitClusterModel', () => {
  it('fits a model that rebuilds the labelled clusters, keeping every weight’s sign', () => {
    const pairs = collectPairs(topic, stories);
    const fit = fitClusterModel(stories, pairs, 1);
    expect(fit.pairs).toBe(pairs.length);
    expect(fit.positives).toBe(pairs.filter((p) => p.same).length);
    expect(fit.rebuilt.f1).toBe(1);
    expect(fit.model.weights.days).toBeLessThanOrEqual(0);
    expect(fit.model.weights.name).toBeGreaterThanOrEqual(0);
    expect(rebuildScore(stories, pairs, fit.model)).toEqual(fit.rebuilt);
  });

  it('scores a model that joins nothing by its recall', () => {
    const pairs = collectPairs(topic, stories);
    const fit = fitClusterModel(stories, pairs, 1);
    const never = { ...fit.model, bias: -100 };
    expect(rebuildScore(stories, pairs, never)).toEqual({ precision: 1, recall: 0, f1: 0 });
  });
});
