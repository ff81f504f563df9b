import { describe, expect, it } from 'vitest';
import { extractEventDates } from '../../../src/dedupe/event-dates.js';

// A Tuesday.
const published = Date.parse('2026-01-06T15:00:00Z');

describe('extractEventDates', () => {
  it.each([
    ['on 5 January', ['01-05']],
    ['el 5 de enero', ['01-05']],
    ['el 5 de enero de 2026', ['01-05']],
    ['on January 5, 2026', ['01-05']],
    ['Jan. 5', ['01-05']],
    ['on Sunday', ['01-04']],
    ['el domingo', ['01-04']],
    ['this Tuesday', ['01-06']],
    ['next Monday', ['01-12']],
    ['el próximo lunes', ['01-12']],
    ['ayer', ['01-05']],
    ['yesterday', ['01-05']],
    ['on 28 December', ['12-28']],
  ])('%s', (text, expected) => {
    expect(extractEventDates(text, published)).toEqual(expected);
  });

  it('leaves out dates far from the story, months without a day, and numbers that are not days', () => {
    expect(extractEventDates('since 27 March 2022, in March 2025, 473 de marzo', published)).toEqual([]);
  });

  it('reads explicit dates without a publication time, and no weekdays', () => {
    expect(extractEventDates('on Sunday, 4 January', 0)).toEqual(['01-04']);
  });
});
