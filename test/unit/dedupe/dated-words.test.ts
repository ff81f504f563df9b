import { describe, expect, it } from 'vitest';
import { extractDatedWords } from '../../../src/dedupe/dated-words.js';

/** Tuesday 24 March 2026, noon UTC. */
const TUESDAY = Date.parse('2026-03-24T12:00:00Z');
const none = new Set<string>();

describe('extractDatedWords', () => {
  it('ties the words of a sentence that dates something to that day', () => {
    const words = extractDatedWords(
      'Five House Republicans toured the prison on Monday. The delegation flew home.',
      TUESDAY,
      'en',
      none,
    );
    expect(words).toEqual(expect.arrayContaining(['03-23/republ', '03-23/toured', '03-23/prison']));
    // The undated sentence gives nothing, nor do the words that date.
    expect(words.some((w) => w.endsWith('/deleg') || w.endsWith('/flew'))).toBe(false);
    expect(words.some((w) => w.endsWith('/monday'))).toBe(false);
  });

  it('meets the Spanish report of the same day through its cognates', () => {
    const es = extractDatedWords(
      'La jueza escuchó el lunes a los congresistas republicanos.',
      TUESDAY,
      'es',
      none,
    );
    expect(es).toContain('03-23/republ');
  });

  it('does not cut a sentence at a title or an initial', () => {
    const words = extractDatedWords(
      'Rep. Dale Hutchins of Texas toured the prison on Monday.',
      TUESDAY,
      'en',
      none,
    );
    expect(words).toContain('03-23/hutchi');
  });

  it('tells apart words that share a shorter cognate key', () => {
    const a = extractDatedWords('The county voted on Monday.', TUESDAY, 'en', none);
    const b = extractDatedWords('The group published its counts on Monday.', TUESDAY, 'en', none);
    expect(a.filter((w) => b.includes(w))).toEqual([]);
  });

  it('leaves out the brief’s aliases and stories without dates', () => {
    expect(
      extractDatedWords('CECOT was visited on Monday.', TUESDAY, 'en', new Set(['cecot'])),
    ).not.toContain('03-23/cecot');
    expect(extractDatedWords('No day is named here at all.', TUESDAY, 'en', none)).toEqual([]);
  });
});
