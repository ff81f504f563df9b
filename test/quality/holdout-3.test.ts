/**
 * Held-out set 3 (test/fixtures/holdout-3) is well-formed (see `held-out-shape.ts`). Its scores
 * are reported by `npm run quality`, never gated here.
 */
import { join } from 'node:path';
import { PROJECT_ROOT } from './devset.js';
import { describeHeldOutSet, readHeldOutSet } from './held-out-shape.js';

describeHeldOutSet('held-out set 3', readHeldOutSet(join(PROJECT_ROOT, 'test/fixtures/holdout-3')), {
  minItems: 60,
  from: '2026-04-20',
  until: '2026-07-01',
});
