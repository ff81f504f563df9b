import { describe, expect, it } from 'vitest';
import type { KnownFact, Qualifier } from '../../../src/config/schema.js';
import { compareClaims, describeChange } from '../../../src/facts/index.js';
import type { Claim, FactChange } from '../../../src/facts/types.js';
import { cecotTopic } from '../topics/cecot-topic.js';

const brief = cecotTopic().brief;
const reported = { source: 'Diario Ejemplo', date: '2026-01-05' };

function claim(metric: string, value: number, qualifier: Qualifier = 'exact'): Claim {
  return { metric, value, qualifier, text: `${value}` };
}

function fact(metric: string, value: number | null, qualifier: Qualifier): KnownFact {
  return { metric, value, qualifier, asOf: '2025-12-23', source: 'Known source' };
}

describe('compareClaims: the same number confirms, any other number differs', () => {
  it.each([
    // reported, known, status
    [[454, 'exact'], [454, 'exact'], 'confirms'],
    [[473, 'exact'], [454, 'exact'], 'differs'],
    [[455, 'exact'], [454, 'exact'], 'differs'],
    [[8000, 'about'], [8000, 'about'], 'confirms'],
    [[8000, 'exact'], [8000, 'about'], 'confirms'],
    [[8100, 'exact'], [8000, 'about'], 'differs'],
    [[8100, 'about'], [8000, 'about'], 'differs'],
    // "unas 8.300" against "about 8,000"
    [[8300, 'about'], [8000, 'about'], 'differs'],
    [[7800, 'about'], [8000, 'about'], 'differs'],
    [[90000, 'more_than'], [90000, 'more_than'], 'confirms'],
    [[90000, 'at_least'], [90000, 'more_than'], 'confirms'],
    [[90000, 'exact'], [90000, 'more_than'], 'confirms'],
    [[90000, 'about'], [90000, 'more_than'], 'confirms'],
    [[90000, 'fewer_than'], [90000, 'more_than'], 'confirms'],
    [[91000, 'exact'], [90000, 'more_than'], 'differs'],
    [[91000, 'more_than'], [90000, 'more_than'], 'differs'],
    [[91500, 'about'], [90000, 'more_than'], 'differs'],
    [[85900, 'exact'], [90000, 'more_than'], 'differs'],
    [[450, 'about'], [454, 'exact'], 'differs'],
    [[500, 'fewer_than'], [454, 'exact'], 'differs'],
    [[200000, 'exact'], [200000, 'exact'], 'confirms'],
  ] as Array<[[number, Qualifier], [number, Qualifier], string]>)(
    '%j against known %j → %s',
    ([rv, rq], [kv, kq], status) => {
      const [change] = compareClaims([claim('m', rv, rq)], [fact('m', kv, kq)], reported);
      expect(change?.status).toBe(status);
    },
  );
});

describe('compareClaims: new figures and both sides of the comparison', () => {
  it('is new when the known value is null', () => {
    const [change] = compareClaims([claim('venezuelans_sent_to_cecot', 238)], brief.facts, reported);
    expect(change).toEqual({
      metric: 'venezuelans_sent_to_cecot',
      status: 'new',
      known: { value: null, qualifier: 'about', source: 'Seed report', date: '2025-12-23' },
      reported: { value: 238, qualifier: 'exact', source: 'Diario Ejemplo', date: '2026-01-05', text: '238' },
    });
  });

  it('is new when the metric has no known fact', () => {
    expect(compareClaims([claim('other', 5)], [], reported)[0]).toMatchObject({ status: 'new', known: null });
  });

  it('carries both values, sources and dates when it differs', () => {
    const [change] = compareClaims([claim('deaths_in_custody', 473)], brief.facts, reported);
    expect(change).toEqual({
      metric: 'deaths_in_custody',
      status: 'differs',
      known: { value: 454, qualifier: 'exact', source: 'Socorro Jurídico Humanitario', date: '2025-12-23' },
      reported: { value: 473, qualifier: 'exact', source: 'Diario Ejemplo', date: '2026-01-05', text: '473' },
    });
  });

  it('gives one change per claim, in order', () => {
    const changes = compareClaims(
      [claim('detentions', 90000, 'more_than'), claim('released', 8000), claim('deaths_in_custody', 473)],
      brief.facts,
      reported,
    );
    expect(changes.map((c) => c.status)).toEqual(['confirms', 'confirms', 'differs']);
  });
});

describe('describeChange', () => {
  const change = (c: Claim): FactChange => compareClaims([c], brief.facts, reported)[0]!;

  it.each([
    [
      claim('deaths_in_custody', 473),
      'en',
      'Deaths in custody: 473 reported — known 454, Socorro Jurídico Humanitario, 23 Dec 2025',
    ],
    [
      claim('deaths_in_custody', 473),
      'es',
      'Muertes bajo custodia: 473 según la nota — dato conocido 454, Socorro Jurídico Humanitario, 23 dic 2025',
    ],
    [
      claim('detentions', 85900),
      'en',
      'Detentions: 85,900 reported — known more than 90,000, Salvadoran official sources, 23 Dec 2025',
    ],
    [
      claim('detentions', 85900),
      'es',
      'Detenciones: 85.900 según la nota — dato conocido más de 90.000, Salvadoran official sources, 23 dic 2025',
    ],
    [
      claim('released', 8000, 'about'),
      'en',
      'Released: about 8,000 reported — confirms known about 8,000, Salvadoran official sources, 23 Dec 2025',
    ],
    [
      claim('venezuelans_sent_to_cecot', 238, 'more_than'),
      'en',
      'Venezuelans sent to CECOT: more than 238 reported — new figure, none known yet',
    ],
    [
      claim('venezuelans_sent_to_cecot', 238),
      'es',
      'Venezolanos enviados al CECOT: 238 según la nota — cifra nueva, sin dato previo',
    ],
  ] as Array<[Claim, 'en' | 'es', string]>)('%j (%s)', (c, lang, expected) => {
    expect(describeChange(change(c), brief, lang)).toBe(expected);
  });

  it('falls back to the metric id for an unknown metric', () => {
    expect(describeChange(change(claim('unknown_metric', 5)), brief, 'en')).toBe(
      'unknown_metric: 5 reported — new figure, none known yet',
    );
  });
});
