import { describe, expect, it } from 'vitest';
import { formatMistakes, formatScoreTable } from '../../../src/quality/format.js';
import { scorePredictions } from '../../../src/quality/score.js';
import type { DevsetLabels } from '../../../src/quality/types.js';

const labels: DevsetLabels = {
  topic: 'cecot',
  items: new Map([
    ['a', { relevant: true, duplicateOf: null, cluster: 'e', claims: [], factChanges: [], note: 'why a' }],
    ['b', { relevant: false, duplicateOf: null, cluster: null, claims: [], factChanges: [], note: null }],
  ]),
};
const items = ['a', 'b'].map((id) => ({ id, title: `Title ${id}`, published: null, source: 's' }));

describe('formatScoreTable', () => {
  it('lists every metric with both scores, the bar, and ok or BELOW', () => {
    const right = scorePredictions(labels, items, [
      { id: 'a', relevant: true, duplicateOf: null, cluster: 'x', claims: [], factChanges: [] },
      { id: 'b', relevant: false, duplicateOf: null, cluster: 'y', claims: [], factChanges: [] },
    ]);
    const none = scorePredictions(labels, items, []);
    const table = formatScoreTable(right, none).split('\n');
    expect(table[0]).toMatch(/^metric\s+beatwatch\s+baseline\s+bar$/);
    expect(table).toHaveLength(7);
    expect(table[2]).toMatch(/^relevance F1\s+1\.000\s+0\.000\s+≥ 0\.95\s+ok$/);
    expect(formatScoreTable(none, right).split('\n')[2]).toMatch(/BELOW$/);
  });
});

describe('formatMistakes', () => {
  it('groups mistakes by kind with the title, the expected and actual answers and the label note', () => {
    const s = scorePredictions(labels, items, [
      { id: 'a', relevant: false, duplicateOf: null, cluster: 'x', claims: [], factChanges: [] },
      { id: 'b', relevant: true, duplicateOf: 'a', cluster: 'y', claims: [], factChanges: [] },
    ]);
    const text = formatMistakes(s.mistakes);
    expect(text).toContain('Relevance — 2');
    expect(text).toContain(
      '"Title a"\n    expected: relevant\n    got:      not relevant\n    label note: why a',
    );
    expect(text).toContain('Duplicates — 1');
    expect(formatMistakes([])).toBe('No mistakes.');
  });
});
