import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../../src/feeds/fetch/index.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['  30  ', 30_000],
    ['Thu, 01 Jan 2026 00:02:00 GMT', 120_000],
    ['Thursday, 01-Jan-26 00:00:45 GMT', 45_000],
    ['Thu Jan  1 00:01:00 2026', 60_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
  ] as const)('%j → %d ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    '',
    '   ',
    '-5',
    '1.5',
    '12abc',
    'soon',
    'tomorrow at noon',
    '2026-01-01T00:02:00Z',
    'Thu, 01 Jan 2026 00:02:00 +0100',
    'Thu, 32 Foo 2026 00:02:00 GMT',
    '99999999999999999999',
  ])('%j → null', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeNull();
  });
});
