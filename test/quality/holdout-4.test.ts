/**
 * Held-out set 4 (test/fixtures/holdout-4) is well-formed (see `held-out-shape.ts`), and holds
 * what it was written to stress. Its scores are reported by `npm run quality`, never gated here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from './devset.js';
import { describeHeldOutSet, readHeldOutSet } from './held-out-shape.js';

const heldOut = readHeldOutSet(join(PROJECT_ROOT, 'test/fixtures/holdout-4'));
const { set, languageOf } = heldOut;
const labels = [...set.labels.items.values()];

describeHeldOutSet(
  'held-out set 4',
  heldOut,
  { minItems: 60, maxItems: 75, from: '2026-07-01', until: '2026-10-01' },
  () => {
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
