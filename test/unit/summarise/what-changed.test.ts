import { describe, expect, it } from 'vitest';
import { loadBrief } from '../../../src/config/load.js';
import type { FactChange } from '../../../src/facts/types.js';
import { whatChanged } from '../../../src/summarise/index.js';

const brief = loadBrief('seeds/cecot.yaml');

function change(status: FactChange['status'], value: number): FactChange {
  return {
    metric: 'deaths_in_custody',
    status,
    known: { value: 454, qualifier: 'exact', source: 'Socorro Jurídico Humanitario', date: '2025-12-23' },
    reported: {
      value,
      qualifier: 'exact',
      source: 'Example News',
      date: '2026-01-09',
      text: `${value} died`,
    },
  };
}

describe('whatChanged', () => {
  it('gives one line per differing figure, with both values', () => {
    const lines = whatChanged([change('differs', 473), change('confirms', 454)], brief, 'en');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('473');
    expect(lines[0]).toContain('454');
  });

  it('speaks the story language', () => {
    const [en] = whatChanged([change('differs', 473)], brief, 'en');
    const [es] = whatChanged([change('differs', 473)], brief, 'es');
    expect(en).not.toBe(es);
  });

  it('is empty when nothing differs', () => {
    expect(whatChanged([change('confirms', 454)], brief, 'en')).toEqual([]);
    expect(whatChanged([], brief, 'es')).toEqual([]);
  });
});
