import { describe, expect, it } from 'vitest';
import type { KnownFact } from '../../../src/config/schema.js';
import { failedBars } from '../../../src/quality/bars.js';
import { keywordBaseline } from '../../../src/quality/baseline.js';
import { checkLabels, expectedStatus, LabelsError, parseLabels } from '../../../src/quality/labels.js';
import { scorePredictions } from '../../../src/quality/score.js';

describe('keywordBaseline', () => {
  const base = { summary: '', content: '' };
  it('flags CECOT, Bukele or El Salvador in any case, and dedupes on the exact link only', () => {
    const out = keywordBaseline([
      { ...base, id: '1', title: 'Inside the cecot', link: 'https://a.example/x' },
      { ...base, id: '2', title: 'Bitcoin news', summary: 'BUKELE said', link: 'https://a.example/x' },
      { ...base, id: '3', title: 'Honduras prison', link: 'https://a.example/x?utm_source=feed' },
      { ...base, id: '4', title: 'A story', content: 'in el salvador', link: null },
      { ...base, id: '5', title: 'Another', link: null },
    ]);
    expect(out.map((p) => p.relevant)).toEqual([true, true, false, true, false]);
    expect(out.map((p) => p.duplicateOf)).toEqual([null, '1', null, null, null]);
    expect(out.every((p) => p.cluster === p.id && p.claims.length === 0 && p.factChanges.length === 0)).toBe(
      true,
    );
  });
});

const known: KnownFact[] = [
  { metric: 'detentions', value: 90000, qualifier: 'more_than', asOf: '2025-12-23', source: 'official' },
  {
    metric: 'venezuelans_sent_to_cecot',
    value: null,
    qualifier: 'about',
    asOf: '2025-12-23',
    source: 'seed',
  },
];

describe('expectedStatus', () => {
  it.each([
    ['detentions', 90000, 'confirms'],
    ['detentions', 91000, 'differs'],
    ['venezuelans_sent_to_cecot', 238, 'new'],
    ['released', 8000, 'new'], // no known fact at all
  ])('%s %i → %s', (metric, value, status) => {
    expect(expectedStatus(metric, value, known)).toEqual({ metric, status });
  });
});

describe('parseLabels and checkLabels', () => {
  const raw = {
    version: 1,
    topic: 'cecot',
    items: {
      a: {
        relevant: true,
        duplicateOf: null,
        cluster: 'e',
        claims: [{ metric: 'detentions', value: 91000, qualifier: 'more_than' }],
        factChanges: [{ metric: 'detentions', status: 'confirms' }],
      },
      b: { relevant: true, duplicateOf: 'c', cluster: 'e' },
      c: { relevant: false, duplicateOf: null, cluster: 'e' },
      d: { relevant: true, duplicateOf: null },
    },
  };
  const items = ['a', 'b', 'c', 'x'].map((id) => ({ id, title: id, published: null, source: 's' }));

  it('lists every broken rule', () => {
    const problems = checkLabels(parseLabels(raw), items, { metrics: ['detentions'], knownFacts: known });
    expect(problems).toEqual([
      'x: item has no label',
      'a: fact change 1 is detentions/confirms, expected detentions/differs',
      'b: duplicateOf c, which is not published earlier',
      'b: relevance differs from its first copy',
      'c: irrelevant item with a cluster',
      'd: labelled but not found in any feed',
    ]);
  });

  it('rejects a malformed file with the path of each problem', () => {
    const bad = { version: 1, topic: 'cecot', items: { a: { relevant: 'yes', duplicateOf: null } } };
    expect(() => parseLabels(bad)).toThrow(LabelsError);
    expect(() => parseLabels(bad)).toThrow(/items\.a\.relevant/);
  });
});

describe('failedBars', () => {
  it('names each metric below its bar, and none when the labels are scored against themselves', () => {
    const labels = parseLabels({
      version: 1,
      topic: 'cecot',
      items: { a: { relevant: true, duplicateOf: null, cluster: 'e' } },
    });
    const items = [{ id: 'a', title: 'a', published: null, source: 's' }];
    const perfect = scorePredictions(labels, items, [
      { id: 'a', relevant: true, duplicateOf: null, cluster: 'e', claims: [], factChanges: [] },
    ]);
    expect(failedBars(perfect)).toEqual([]);
    const none = scorePredictions(labels, items, []);
    expect(failedBars(none).map((f) => f.label)).toEqual(['relevance F1']);
  });
});
