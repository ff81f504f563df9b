/**
 * Held-out set 5 (test/fixtures/holdout-5) is well-formed (see `held-out-shape.ts`), and holds
 * what it was written to stress. Its scores are reported by `npm run quality`, never gated here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from './devset.js';
import { describeHeldOutSet, readHeldOutSet } from './held-out-shape.js';

const heldOut = readHeldOutSet(join(PROJECT_ROOT, 'test/fixtures/holdout-5'));
const { set, languageOf } = heldOut;
const labels = [...set.labels.items.values()];
const published = new Map(set.items.map((i) => [i.id, i.published ?? '']));

/** The clusters of the first copies published on one day (UTC date of the item). */
function clustersOn(day: string): Set<string> {
  return new Set(
    [...set.labels.items]
      .filter(([id, l]) => l.cluster && l.duplicateOf === null && published.get(id)!.slice(0, 10) === day)
      .map(([, l]) => l.cluster!),
  );
}

describeHeldOutSet(
  'held-out set 5',
  heldOut,
  { minItems: 60, maxItems: 75, from: '2026-10-01', until: '2026-12-01' },
  () => {
    it('reports every event in both languages', () => {
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
      expect(byCluster.size).toBeGreaterThanOrEqual(10);
    });

    it('has two days that each carry three separate events', () => {
      // Tuesday 13 October: the 55th extension, the habeas corpus ruling, the San Antonio hearing.
      expect(clustersOn('2026-10-13').size).toBeGreaterThanOrEqual(3);
      // Thursday 5 November: the House visit to CECOT, the census of the released, the Abrego Garcia trial date.
      expect(clustersOn('2026-11-05').size).toBeGreaterThanOrEqual(3);
    });

    it('has follow-ups on the beat that name neither CECOT, Bukele nor the state of emergency', () => {
      const beatNames =
        /cecot|bukele|tecoluca|confinamiento del terrorismo|terrorism confinement|r[ée]gimen|state of (emergency|exception)|emergency (rule|powers)/i;
      const unnamed = set.sourced
        .filter(({ item }) => set.labels.items.get(item.id)?.relevant)
        .filter(({ item }) => !beatNames.test(`${item.title} ${item.summary ?? ''} ${item.content ?? ''}`));
      expect(unnamed.length).toBeGreaterThanOrEqual(10);
    });

    it('points aggregator copies at the first copy, in the same language', () => {
      const aggregated = set.sourced.filter((s) => s.item.link?.startsWith('https://news.google.com/'));
      const copies = aggregated.filter((s) => set.labels.items.get(s.item.id)?.duplicateOf);
      const originals = aggregated.filter((s) => !set.labels.items.get(s.item.id)?.duplicateOf);
      expect(copies.length).toBeGreaterThanOrEqual(3);
      expect(originals.length).toBeGreaterThanOrEqual(3);
      for (const { item } of copies) {
        const first = set.labels.items.get(item.id)!.duplicateOf!;
        expect(set.labels.items.get(first)?.duplicateOf).toBeNull();
      }
    });

    it('states its claims by metric in its README', () => {
      const readme = readFileSync(join(heldOut.dir, 'README.md'), 'utf8').replace(/\s+/g, ' ');
      const byMetric = new Map<string, number>();
      for (const c of labels.flatMap((l) => l.claims))
        byMetric.set(c.metric, (byMetric.get(c.metric) ?? 0) + 1);
      const metricLine = [...byMetric]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([m, n]) => `${m} ${n}`)
        .join(', ');
      expect(readme).toContain(`Claims by metric: ${metricLine}.`);
    });
  },
);
