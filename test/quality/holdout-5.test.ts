/**
 * Held-out set 5 (test/fixtures/holdout-5) is well-formed (see `held-out-shape.ts`), and holds
 * what it was written to stress. Its scores are reported by `npm run quality`, never gated here.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from './devset.js';
import {
  claimsByMetricLine,
  describeHeldOutSet,
  eventsInOneLanguage,
  eventsOn,
  readHeldOutSet,
  readmeOf,
} from './held-out-shape.js';

const heldOut = readHeldOutSet(join(PROJECT_ROOT, 'test/fixtures/holdout-5'));
const { set } = heldOut;

describeHeldOutSet(
  'held-out set 5',
  heldOut,
  { minItems: 60, maxItems: 75, from: '2026-10-01', until: '2026-12-01' },
  () => {
    it('reports every event in both languages', () => {
      expect(eventsInOneLanguage(heldOut)).toEqual([]);
      expect(
        new Set([...set.labels.items.values()].flatMap((l) => (l.cluster ? [l.cluster] : []))).size,
      ).toBeGreaterThanOrEqual(10);
    });

    it('has two days that each carry three separate events', () => {
      // Tuesday 13 October: the 55th extension, the habeas corpus ruling, the San Antonio hearing.
      expect(eventsOn(heldOut, '2026-10-13').size).toBeGreaterThanOrEqual(3);
      // Thursday 5 November: the House visit to CECOT, the census of the released, the Abrego Garcia trial date.
      expect(eventsOn(heldOut, '2026-11-05').size).toBeGreaterThanOrEqual(3);
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
      expect(readmeOf(heldOut)).toContain(claimsByMetricLine(heldOut));
    });
  },
);
