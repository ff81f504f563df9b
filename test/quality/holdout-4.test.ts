/**
 * Held-out set 4 (test/fixtures/holdout-4) is well-formed: labelled by the development set's
 * rules, shaped as its README says, sharing no item with the other sets, free of the seed
 * report's wording. Its scores are reported by `npm run quality`, never gated here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVSET_DIR, type Devset, heldOutDirs, loadDevset, PROJECT_ROOT } from './devset.js';
import { seedLeaks } from './seed-leaks.js';

const DIR = join(PROJECT_ROOT, 'test/fixtures/holdout-4');
const set: Devset = loadDevset(DIR);
const labels = [...set.labels.items.values()];
const languageOf = new Map(set.sourced.map((s) => [s.item.id, s.item.language?.toLowerCase().slice(0, 2)]));
const spanish = set.sourced.filter((s) => languageOf.get(s.item.id) === 'es').length;

describe('held-out set 4', () => {
  it('labels every item, and the labels follow the rules of the development set', () => {
    expect(set.labelProblems).toEqual([]);
  });

  it('never marks a translation as a duplicate', () => {
    const crossLanguage = [...set.labels.items]
      .filter(([, l]) => l.duplicateOf !== null)
      .filter(([id, l]) => languageOf.get(id) !== languageOf.get(l.duplicateOf!))
      .map(([id]) => id);
    expect(crossLanguage).toEqual([]);
  });

  it('has the size and mix it was written for', () => {
    const outlets = new Set(set.sourced.map((s) => s.source.feedUrl));
    expect(set.items.length).toBeGreaterThanOrEqual(60);
    expect(set.items.length).toBeLessThanOrEqual(75);
    expect(spanish / set.items.length).toBeGreaterThanOrEqual(0.4);
    expect(spanish / set.items.length).toBeLessThanOrEqual(0.6);
    expect(outlets.size).toBeGreaterThanOrEqual(6);
    expect(outlets.size).toBeLessThanOrEqual(8);
    const formats = new Set([...outlets].map((f) => f.split('.').pop()));
    expect(formats.has('json')).toBe(true);
    const dates = set.items.map((i) => i.published ?? '');
    expect(dates.every((d) => d >= '2026-07-01' && d < '2026-10-01')).toBe(true);
    const metrics = new Set(labels.flatMap((l) => l.claims.map((c) => c.metric)));
    expect([...metrics].sort()).toEqual(set.topic.brief.metrics.map((m) => m.id).sort());
    const statuses = new Set(labels.flatMap((l) => l.factChanges.map((f) => f.status)));
    expect([...statuses].sort()).toEqual(['confirms', 'differs', 'new']);
  });

  it('has an aggregator feed whose entries name their outlet and link through the aggregator', () => {
    const aggregated = set.sourced.filter((s) => s.item.link?.startsWith('https://news.google.com/'));
    expect(aggregated.length).toBeGreaterThanOrEqual(5);
    // The parser takes the outlet from `<source>` and drops its " - Outlet" title suffix.
    for (const { item } of aggregated) {
      expect(item.outlet?.name).toBeTruthy();
      expect(item.title.endsWith(` - ${item.outlet?.name}`)).toBe(false);
    }
  });

  it('reports every event in both languages, and several events on one day', () => {
    const byCluster = new Map<string, Set<string | undefined>>();
    for (const [id, l] of set.labels.items) {
      if (!l.cluster) continue;
      if (!byCluster.has(l.cluster)) byCluster.set(l.cluster, new Set());
      byCluster.get(l.cluster)!.add(languageOf.get(id));
    }
    const oneLanguage = [...byCluster]
      .filter(([, langs]) => !(langs.has('en') && langs.has('es')))
      .map(([c]) => c);
    expect(oneLanguage).toEqual([]);
    // Monday 10 August 2026 (local time): four separate events sharing the beat's vocabulary.
    const published = new Map(set.items.map((i) => [i.id, i.published ?? '']));
    const monday = new Set(
      [...set.labels.items]
        .filter(
          ([id, l]) =>
            l.cluster && l.duplicateOf === null && published.get(id)!.slice(0, 10) === '2026-08-10',
        )
        .map(([, l]) => l.cluster),
    );
    expect(monday.size).toBeGreaterThanOrEqual(3);
  });

  it('matches the counts its README states', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const claims = labels.flatMap((l) => l.factChanges);
    const status = (s: string): number => claims.filter((c) => c.status === s).length;
    const clusters = new Set(labels.flatMap((l) => (l.cluster ? [l.cluster] : []))).size;
    expect(readme).toContain(
      `${labels.length} items, ${spanish} in Spanish; ${labels.filter((l) => l.relevant).length} on the beat, ` +
        `${labels.filter((l) => !l.relevant).length} off it; ` +
        `${labels.filter((l) => l.duplicateOf !== null).length} duplicate pairs`,
    );
    expect(readme).toContain(`${clusters} labelled clusters`);
    expect(readme).toContain(
      `${claims.length} labelled claims (${status('confirms')} confirm, ${status('differs')} differ, ${status('new')} new)`,
    );
    const byMetric = new Map<string, number>();
    for (const c of labels.flatMap((l) => l.claims))
      byMetric.set(c.metric, (byMetric.get(c.metric) ?? 0) + 1);
    const metricLine = [...byMetric]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([m, n]) => `${m} ${n}`)
      .join(', ');
    expect(readme).toContain(`Claims by metric: ${metricLine}.`);
  });

  it('shares no item with the development set or another held-out set', () => {
    const others = [DEVSET_DIR, ...heldOutDirs().filter((d) => d !== DIR)];
    const ids = new Set(set.items.map((i) => i.id));
    for (const dir of others) expect(loadDevset(dir).items.filter((i) => ids.has(i.id))).toEqual([]);
  });

  it('contains no eight-word run of the seed report', () => {
    expect(seedLeaks(set.sourced, DIR)).toEqual([]);
  });
});
