import { describe, expect, it } from 'vitest';
import { scorePredictions } from '../../../src/quality/score.js';
import type { DevsetItem, DevsetLabels, ItemLabel, Prediction } from '../../../src/quality/types.js';

/** A small set: article A with copies A2 and A3, a same-event report B, a separate event C, noise N. */
function label(over: Partial<ItemLabel>): ItemLabel {
  return {
    relevant: true,
    duplicateOf: null,
    cluster: null,
    claims: [],
    factChanges: [],
    note: null,
    ...over,
  };
}

const labels: DevsetLabels = {
  topic: 'cecot',
  items: new Map<string, ItemLabel>([
    [
      'A',
      label({
        cluster: 'e1',
        claims: [{ metric: 'deaths_in_custody', value: 473, qualifier: 'exact' }],
        factChanges: [{ metric: 'deaths_in_custody', status: 'differs' }],
      }),
    ],
    [
      'A2',
      label({
        duplicateOf: 'A',
        cluster: 'e1',
        claims: [{ metric: 'deaths_in_custody', value: 473, qualifier: 'exact' }],
        factChanges: [{ metric: 'deaths_in_custody', status: 'differs' }],
      }),
    ],
    ['A3', label({ duplicateOf: 'A', cluster: 'e1' })],
    [
      'B',
      label({
        cluster: 'e1',
        claims: [
          { metric: 'detentions', value: 90000, qualifier: 'more_than' },
          { metric: 'released', value: 8000, qualifier: 'about' },
        ],
        factChanges: [
          { metric: 'detentions', status: 'confirms' },
          { metric: 'released', status: 'confirms' },
        ],
      }),
    ],
    ['C', label({ cluster: 'e2' })],
    ['N', label({ relevant: false })],
  ]),
};

const items: DevsetItem[] = ['A', 'A2', 'A3', 'B', 'C', 'N'].map((id, i) => ({
  id,
  title: `title ${id}`,
  published: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
  source: 'test',
}));

function pred(id: string, over: Partial<Prediction> = {}): Prediction {
  return { id, relevant: true, duplicateOf: null, cluster: id, claims: [], factChanges: [], ...over };
}

const perfect: Prediction[] = [
  pred('A', {
    cluster: 'x',
    claims: [{ metric: 'deaths_in_custody', value: 473, qualifier: 'exact' }],
    factChanges: [{ metric: 'deaths_in_custody', status: 'differs' }],
  }),
  pred('A2', {
    duplicateOf: 'A',
    cluster: 'x',
    claims: [{ metric: 'deaths_in_custody', value: 473, qualifier: 'exact' }],
    factChanges: [{ metric: 'deaths_in_custody', status: 'differs' }],
  }),
  pred('A3', { duplicateOf: 'A', cluster: 'x' }),
  pred('B', {
    cluster: 'x',
    claims: [
      { metric: 'detentions', value: 90000, qualifier: 'more_than' },
      { metric: 'released', value: 8000, qualifier: 'about' },
    ],
    factChanges: [
      { metric: 'detentions', status: 'confirms' },
      { metric: 'released', status: 'confirms' },
    ],
  }),
  pred('C', { cluster: 'y' }),
  pred('N', { relevant: false, cluster: 'z' }),
];

const replace = (id: string, p: Prediction): Prediction[] => perfect.map((q) => (q.id === id ? p : q));

describe('scorePredictions', () => {
  it('gives 1 everywhere and no mistakes for the labels themselves', () => {
    const s = scorePredictions(labels, items, perfect);
    expect([s.relevance.f1, s.duplicates.f1, s.clusters.f1, s.claims.f1, s.factChanges.accuracy]).toEqual([
      1, 1, 1, 1, 1,
    ]);
    expect(s.mistakes).toEqual([]);
    expect(s.clusters).toMatchObject({ tp: 6, fp: 0, fn: 0 }); // 4 items in e1 → 6 pairs
    expect(s.clustersOfFirstCopies).toMatchObject({ tp: 1, fp: 0, fn: 0 }); // A and B
  });

  it('counts a false positive and a false negative in relevance', () => {
    const preds = replace('N', pred('N', { relevant: true, cluster: 'z' })).map((p) =>
      p.id === 'C' ? { ...p, relevant: false } : p,
    );
    const s = scorePredictions(labels, items, preds);
    expect(s.relevance).toMatchObject({ tp: 4, fp: 1, fn: 1 });
    expect(s.relevance.f1).toBeCloseTo(0.8, 10);
    expect(s.mistakes.filter((m) => m.kind === 'relevance').map((m) => m.id)).toEqual(['C', 'N']);
  });

  it('accepts a duplicate that points at any earlier copy of the same article', () => {
    const s = scorePredictions(labels, items, replace('A3', pred('A3', { duplicateOf: 'A2', cluster: 'x' })));
    expect(s.duplicates).toMatchObject({ tp: 2, fp: 0, fn: 0 });
  });

  it('rejects a duplicate pointing at a later copy, at another article, or on an original', () => {
    const preds = perfect.map((p) => {
      if (p.id === 'A2') return { ...p, duplicateOf: 'A3' }; // later copy
      if (p.id === 'A3') return { ...p, duplicateOf: 'B' }; // same event, different article
      if (p.id === 'C') return { ...p, duplicateOf: 'A' }; // an original
      return p;
    });
    const s = scorePredictions(labels, items, preds);
    expect(s.duplicates).toMatchObject({ tp: 0, fp: 3, fn: 2 });
    expect(s.duplicates.f1).toBe(0);
  });

  it('scores clusters over pairs of relevant items only', () => {
    // Put C with the e1 items (4 wrong pairs) and the irrelevant N too (ignored).
    const preds = perfect.map((p) => (p.id === 'C' || p.id === 'N' ? { ...p, cluster: 'x' } : p));
    const s = scorePredictions(labels, items, preds);
    expect(s.clusters).toMatchObject({ tp: 6, fp: 4, fn: 0 });
    expect(s.clusters.f1).toBeCloseTo((2 * 0.6) / 1.6, 10);
    expect(s.mistakes.some((m) => m.kind === 'cluster' && m.got.startsWith('merged'))).toBe(true);
  });

  it('reports a split cluster on the items outside its largest part', () => {
    const s = scorePredictions(labels, items, replace('B', { ...perfect[3]!, cluster: 'other' }));
    expect(s.clusters).toMatchObject({ tp: 3, fp: 0, fn: 3 });
    expect(s.clustersOfFirstCopies).toMatchObject({ tp: 0, fp: 0, fn: 1 });
    const split = s.mistakes.filter((m) => m.kind === 'cluster');
    expect(split.map((m) => m.id)).toEqual(['B']);
  });

  it('matches claims on metric and value, and scores the qualifier separately', () => {
    const preds = replace(
      'B',
      pred('B', {
        cluster: 'x',
        claims: [
          { metric: 'detentions', value: 90000, qualifier: 'exact' }, // right figure, wrong qualifier
          { metric: 'released', value: 8600, qualifier: 'more_than' }, // wrong figure
        ],
      }),
    );
    const s = scorePredictions(labels, items, preds);
    expect(s.claims).toMatchObject({ tp: 3, fp: 1, fn: 1, qualifierAgreement: 2, qualifierMatched: 3 });
  });

  it('ignores claims on items both labelled and predicted irrelevant, and counts them on false positives', () => {
    const figure = [{ metric: 'detentions', value: 4000, qualifier: 'more_than' as const }];
    const quiet = scorePredictions(
      labels,
      items,
      replace('N', pred('N', { relevant: false, claims: figure })),
    );
    expect(quiet.claims).toMatchObject({ tp: 4, fp: 0, fn: 0 });
    const loud = scorePredictions(labels, items, replace('N', pred('N', { relevant: true, claims: figure })));
    expect(loud.claims).toMatchObject({ tp: 4, fp: 1, fn: 0 });
  });

  it('measures fact-change accuracy over the labelled fact changes', () => {
    const preds = replace(
      'B',
      pred('B', {
        cluster: 'x',
        factChanges: [
          { metric: 'detentions', status: 'differs' },
          { metric: 'released', status: 'confirms' },
          { metric: 'gang_violence_deaths', status: 'confirms' },
        ],
      }),
    );
    const s = scorePredictions(labels, items, preds);
    expect(s.factChanges).toEqual({ correct: 3, total: 4, accuracy: 0.75, extra: 2 });
  });

  it('scores a missing item as irrelevant and alone, and lists it; lists unknown ids', () => {
    const preds = [...perfect.filter((p) => p.id !== 'C'), pred('ZZ')];
    const s = scorePredictions(labels, items, preds);
    expect(s.relevance).toMatchObject({ tp: 4, fp: 0, fn: 1 });
    expect(s.mistakes.find((m) => m.kind === 'missing')?.id).toBe('C');
    expect(s.unknownIds).toEqual(['ZZ']);
  });
});
