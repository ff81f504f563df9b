import { describe, expect, it } from 'vitest';
import {
  formatQuietSpan,
  isTimeZone,
  msUntilQuietEnds,
  parseQuietSpan,
} from '../../../src/follows/quiet-hours.js';

describe('quiet hours', () => {
  it('parses HH:MM-HH:MM spans and refuses anything else', () => {
    expect(parseQuietSpan('22:00-07:00')).toEqual({ fromMinute: 1320, toMinute: 420 });
    expect(formatQuietSpan(parseQuietSpan('09:30-17:05')!)).toBe('09:30-17:05');
    for (const bad of ['22-07', '25:00-07:00', '22:00', '07:00-07:00', '22:00-07:00-08:00', 'off']) {
      expect(parseQuietSpan(bad)).toBeNull();
    }
    expect(isTimeZone('America/El_Salvador')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it.each([
    // 2026-12-01 04:00 UTC is 22:00 the evening before in El Salvador (UTC-6): 9 hours to go.
    ['2026-12-01T04:00:00Z', '22:00-07:00', 9 * 3_600_000],
    ['2026-12-01T13:00:00Z', '22:00-07:00', 0],
    // 06:59:30 local: half a minute left.
    ['2026-12-01T12:59:30Z', '22:00-07:00', 30_000],
    ['2026-12-01T12:30:00Z', '06:00-07:00', 30 * 60_000],
    ['2026-12-01T15:00:00Z', '08:00-17:00', 8 * 3_600_000],
    ['2026-12-01T23:00:00Z', '08:00-17:00', 0],
  ])('at %s, quiet %s: %d ms to wait', (now, span, wait) => {
    const quiet = { ...parseQuietSpan(span)!, timeZone: 'America/El_Salvador' };
    expect(msUntilQuietEnds(quiet, Date.parse(now))).toBe(wait);
  });
});
