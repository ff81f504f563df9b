import { describe, expect, it } from 'vitest';
import type { KnownFact } from '../../../src/config/schema.js';
import { withChangedFacts } from '../../../src/queue/workers/ingest.js';

const fact = (metric: string, value: number): KnownFact => ({
  metric,
  value,
  qualifier: 'exact',
  asOf: '2026-01-01',
  source: 'x',
});

describe('withChangedFacts', () => {
  it('replaces a metric where it stands and adds a new one last, leaving the input alone', () => {
    const stored = [fact('detentions', 90_000), fact('released', 8_000)];
    const next = withChangedFacts(stored, [fact('deaths_in_custody', 473), fact('detentions', 91_000)]);
    expect(next.map((f) => [f.metric, f.value])).toEqual([
      ['detentions', 91_000],
      ['released', 8_000],
      ['deaths_in_custody', 473],
    ]);
    expect(stored[0]!.value).toBe(90_000);
  });
});
