import { describe, expect, it } from 'vitest';
import {
  formatFollowQuery,
  MAX_TERMS,
  matchableText,
  matchFollowQuery,
  parseFollowQuery,
} from '../../../src/follows/query.js';

function query(text: string) {
  const parsed = parseFollowQuery(text);
  if (!parsed.ok) throw new Error(`did not parse: ${text}`);
  return parsed.query;
}

const match = (q: string, text: string) => matchFollowQuery(query(q), matchableText(text));

describe('parseFollowQuery', () => {
  it.each([
    ['Abrego Garcia', 'abrego garcia'],
    ['"Abrego Garcia"', '"abrego garcia"'],
    ['  "Ábrego  García"  OR  Boasberg ', '"abrego garcia" OR boasberg'],
    ['deaths custody -ICE -"Fort Bliss"', 'deaths custody -ice -"fort bliss"'],
    ['muertes | fallecidos', 'muertes OR fallecidos'],
    ['OR OR cárcel OR', 'carcel'],
    ['“typographic quotes”', '"typographic quotes"'],
  ])('%j → %j', (typed, canonical) => {
    expect(formatFollowQuery(query(typed))).toBe(canonical);
  });

  it('refuses what cannot be followed, saying why', () => {
    expect(parseFollowQuery('   ')).toEqual({ ok: false, problem: { code: 'empty' } });
    expect(parseFollowQuery('"" OR')).toEqual({ ok: false, problem: { code: 'empty' } });
    expect(parseFollowQuery('-bitcoin')).toEqual({ ok: false, problem: { code: 'only-exclusions' } });
    expect(parseFollowQuery(Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${i}`).join(' '))).toEqual({
      ok: false,
      problem: { code: 'too-many-terms', max: MAX_TERMS },
    });
    expect(parseFollowQuery('x'.repeat(81))).toMatchObject({ ok: false, problem: { code: 'term-too-long' } });
  });
});

describe('matchFollowQuery', () => {
  it('needs every word of an alternative, as whole words, folding case and accents', () => {
    expect(match('abrego garcia', 'Judge hears Kilmar Ábrego García’s case')).toEqual(['abrego', 'garcia']);
    expect(match('abrego garcia', 'Abrego returns')).toBeNull();
    expect(match('cecot', 'CECOTS')).toEqual(['cecot']);
    expect(match('ms', 'MS-13 members')).toEqual(['ms']);
    expect(match('ice', 'police')).toBeNull();
  });

  it('matches phrases as consecutive words, across punctuation', () => {
    expect(match('"state of emergency"', 'A state-of-emergency extension')).toEqual(['state of emergency']);
    expect(match('"state of emergency"', 'a state, not an emergency')).toBeNull();
  });

  it('matches English and Spanish plurals and singulars', () => {
    expect(match('prison', 'Two prisons')).toEqual(['prison']);
    expect(match('cárcel', 'Las cárceles salvadoreñas')).toEqual(['carcel']);
    expect(match('deportees', 'one deportee')).toEqual(['deportees']);
    expect(match('country', 'other countries')).toEqual(['country']);
  });

  it('takes any alternative, and an exclusion vetoes all of them', () => {
    expect(match('boasberg OR "alien enemies"', 'The Alien Enemies Act hearing')).toEqual(['alien enemies']);
    expect(match('deaths custody -ice', 'Deaths in ICE custody')).toBeNull();
    expect(match('deaths custody -ice', 'Deaths in custody rise in Izalco')).toEqual(['deaths', 'custody']);
  });
});
