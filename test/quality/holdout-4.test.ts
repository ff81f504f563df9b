/**
 * Held-out set 4 (test/fixtures/holdout-4) is well-formed (see `held-out-shape.ts`), and holds
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

const heldOut = readHeldOutSet(join(PROJECT_ROOT, 'test/fixtures/holdout-4'));

describeHeldOutSet(
  'held-out set 4',
  heldOut,
  { minItems: 60, maxItems: 75, from: '2026-07-01', until: '2026-10-01' },
  () => {
    it('reports every event in both languages, and several events on one day', () => {
      expect(eventsInOneLanguage(heldOut)).toEqual([]);
      // Monday 10 August 2026: four separate events sharing the beat's vocabulary.
      expect(eventsOn(heldOut, '2026-08-10').size).toBeGreaterThanOrEqual(3);
    });

    it('states its claims by metric in its README', () => {
      expect(readmeOf(heldOut)).toContain(claimsByMetricLine(heldOut));
    });
  },
);
