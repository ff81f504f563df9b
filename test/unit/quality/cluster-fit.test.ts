import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import {
  checkOnHalves,
  collectPairs,
  fitClusterModel,
  readStories,
  rebuildScore,
} from '../../../src/quality/cluster-fit.js';
import { deaths, ruling } from '../dedupe/beat-stories.js';

const topic = loadConfig({ path: 'config/default.yaml', env: {} }).topics[0]!;

// The beat stream's first copies, in publication order, with the event each reports.
const STORIES = [
  { item: deaths.english.item, cluster: 'deaths' },
  { item: ruling.wire.item, cluster: 'ruling' },
  { item: deaths.spanish.item, cluster: 'deaths' },
  { item: ruling.ownReport.item, cluster: 'ruling' },
  { item: ruling.spanish.item, cluster: 'ruling' },
  { item: ruling.followUp.item, cluster: 'ruling' },
];
const set = readStories(topic, STORIES);

/** The same stories again, as other events 60 days later (past the follow-up window). */
const LATER = STORIES.map(({ item, cluster }) => ({
  item: {
    ...item,
    id: `${item.id}-later`,
    published: new Date(Date.parse(item.published!) + 60 * 24 * 3600_000).toISOString(),
  },
  cluster: `${cluster}-later`,
}));

describe('collectPairs', () => {
  it('pairs each story with the earlier ones that share something, labelled by their events', () => {
    const pairs = collectPairs(set);
    expect(pairs.every((p) => set.stories.findIndex((s) => s.id === p.story) > 0)).toBe(true);
    const pair = (a: string, b: string) => pairs.find((p) => p.story === a && p.earlier === b);
    expect(pair('deaths-es', 'deaths-en')?.same).toBe(true);
    expect(pair('ruling-es', 'ruling-wire')?.same).toBe(true);
    expect(pair('ruling-es', 'ruling-wire')?.evidence.crossLanguage).toBe(1);
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThan(0);
  });
});

describe('fitClusterModel', () => {
  it('fits a model that rebuilds the labelled clusters, keeping every weight’s sign', () => {
    const pairs = collectPairs(set);
    const fit = fitClusterModel(set, 1);
    expect(fit.pairs).toBe(pairs.length);
    expect(fit.positives).toBe(pairs.filter((p) => p.same).length);
    expect(fit.rebuilt.f1).toBe(1);
    expect(fit.model.weights.days).toBeLessThanOrEqual(0);
    expect(fit.model.weights.name).toBeGreaterThanOrEqual(0);
    expect(rebuildScore(set, fit.model)).toEqual(fit.rebuilt);
  });

  it('chooses the threshold on the set itself when its halves are too small to fit on', () => {
    // Each half of six stories holds pairs of one kind only.
    expect(fitClusterModel(set, 1).thresholdFrom).toBe('set');
  });

  it('chooses the threshold on the halves when each can be fitted, and scores each half by the other', () => {
    const twice = readStories(topic, [...STORIES, ...LATER]);
    expect(fitClusterModel(twice, 1).thresholdFrom).toBe('halves');
    // The halves tell the same stories, so a model fitted on one rebuilds the other.
    expect(checkOnHalves(twice, 1)).toEqual({
      earlierToLater: { precision: 1, recall: 1, f1: 1 },
      laterToEarlier: { precision: 1, recall: 1, f1: 1 },
    });
  });

  it('scores a model that joins nothing by its recall', () => {
    const fit = fitClusterModel(set, 1);
    const never = { ...fit.model, bias: -100 };
    expect(rebuildScore(set, never)).toEqual({ precision: 1, recall: 0, f1: 0 });
  });
});
