import { describe, expect, it } from 'vitest';
import { measuredCode, summarise } from '../reliability/global-setup.js';

describe('the summary of npm run test:reliability', () => {
  it('names the day, the commit and whether the tree had changes not committed', () => {
    const run = { totalMs: 253_000, startedAt: new Date('2026-12-01T17:00:00Z'), machine: '2 cores' };
    const entries = [
      {
        category: 'load' as const,
        scenario: 'many feeds',
        figures: { 'items stored': 100_000 },
        durationMs: 47_700,
      },
    ];
    const clean = summarise(entries, { ...run, code: { commit: '7259e8b', dirty: false } });
    expect(clean.split('\n')[0]).toBe(
      'Reliability run on 2026-12-01, commit 7259e8b: 2 cores; 253 s in all.',
    );
    expect(clean).toContain('| many feeds | items stored: 100,000 | 47.7 s |');
    const dirty = summarise(entries, { ...run, code: { commit: '7259e8b', dirty: true } });
    expect(dirty.split('\n')[0]).toContain('commit 7259e8b with changes not committed:');
  });

  it('reads the commit checked out', () => {
    expect(measuredCode().commit).toMatch(/^[0-9a-f]{7,}$|^unknown$/);
  });
});
