import { describe, expect, it } from 'vitest';
import { applyPollResult, backoffMs, feedKey, isDue, pollOffsetMs } from '../../../src/queue/feed-health.js';

const MIN = 60_000;
const settings = { intervalMs: 15 * MIN, maxBackoffMs: 360 * MIN, pauseAfterFailures: 4 };
const NOW = 1_700_000_000_000;

describe('backoffMs', () => {
  it.each([
    [0, 15],
    [1, 30],
    [2, 60],
    [3, 120],
    [4, 240],
    [5, 360],
    [40, 360],
  ])('after %i failures waits %i minutes', (failures, minutes) => {
    expect(backoffMs(failures, settings.intervalMs, settings.maxBackoffMs)).toBe(minutes * MIN);
  });

  it('never waits less than the interval, even with a cap below it', () => {
    expect(backoffMs(3, 60 * MIN, 10 * MIN)).toBe(60 * MIN);
  });
});

describe('applyPollResult', () => {
  it('a fetch resets failures and schedules the next regular poll', () => {
    const patch = applyPollResult(
      { consecutiveFailures: 3 },
      { kind: 'fetched', status: 200 },
      settings,
      NOW,
    );
    expect(patch).toMatchObject({
      consecutiveFailures: 0,
      nextPollAtMs: NOW + 15 * MIN,
      lastStatus: 200,
      lastError: null,
      paused: false,
      lastSuccessAtMs: NOW,
    });
  });

  it('a 304 counts as success with status 304', () => {
    const patch = applyPollResult(null, { kind: 'not-modified' }, settings, NOW);
    expect(patch).toMatchObject({ consecutiveFailures: 0, lastStatus: 304, lastSuccessAtMs: NOW });
  });

  it('failures back off exponentially and keep the error', () => {
    let failures = 0;
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const patch = applyPollResult(
        { consecutiveFailures: failures },
        { kind: 'failed', code: 'connect', message: 'ECONNREFUSED' },
        settings,
        NOW,
      );
      failures = patch.consecutiveFailures;
      waits.push((patch.nextPollAtMs! - NOW) / MIN);
      expect(patch.lastError).toBe('connect: ECONNREFUSED');
      expect(patch.paused).toBe(false);
      expect(patch.lastSuccessAtMs).toBeUndefined();
    }
    expect(waits).toEqual([30, 60, 120]);
  });

  it('pauses after pauseAfterFailures consecutive failures, with the reason', () => {
    const patch = applyPollResult(
      { consecutiveFailures: 3 },
      { kind: 'failed', code: 'http-status', message: 'HTTP 500', status: 500 },
      settings,
      NOW,
    );
    expect(patch.paused).toBe(true);
    expect(patch.nextPollAtMs).toBeNull();
    expect(patch.pausedReason).toContain('4 consecutive failures');
    expect(patch.pausedReason).toContain('HTTP 500');
    expect(patch.lastStatus).toBe(500);
  });

  it('pauses at once on 410 Gone', () => {
    const patch = applyPollResult({ consecutiveFailures: 0 }, { kind: 'gone' }, settings, NOW);
    expect(patch).toMatchObject({
      paused: true,
      lastStatus: 410,
      pausedReason: 'the feed answered 410 Gone',
    });
  });

  it('honours Retry-After without counting a failure', () => {
    const patch = applyPollResult(
      { consecutiveFailures: 2 },
      { kind: 'retry-later', status: 429, retryAfterMs: 5 * 3600_000 },
      settings,
      NOW,
    );
    expect(patch.consecutiveFailures).toBe(2);
    expect(patch.nextPollAtMs).toBe(NOW + 5 * 3600_000);
    expect(patch.paused).toBe(false);
    expect(patch.lastStatus).toBe(429);
  });

  it('a short Retry-After never brings the next poll before the backoff', () => {
    const patch = applyPollResult(
      { consecutiveFailures: 0 },
      { kind: 'retry-later', status: 503, retryAfterMs: 1000 },
      settings,
      NOW,
    );
    expect(patch.nextPollAtMs).toBe(NOW + 30 * MIN);
  });
});

describe('isDue', () => {
  const interval = 15 * MIN;
  it('a new feed is due', () => expect(isDue(null, NOW, interval)).toBe(true));
  it('a paused feed is never due', () =>
    expect(isDue({ paused: true, nextPollAtMs: null }, NOW, interval)).toBe(false));
  it('inside a backoff window of two intervals it is not due', () =>
    expect(isDue({ paused: false, nextPollAtMs: NOW + 2 * interval - 1000 }, NOW, interval)).toBe(false));
  it('a regular tick landing a little early still fetches', () =>
    expect(isDue({ paused: false, nextPollAtMs: NOW + 5000 }, NOW, interval)).toBe(true));
});

describe('pollOffsetMs', () => {
  const urls = Array.from({ length: 200 }, (_, i) => `https://example.org/feed/${i}.xml`);

  it('is stable for a URL and lies inside the interval', () => {
    for (const url of urls) {
      const offset = pollOffsetMs(url, settings.intervalMs);
      expect(offset).toBe(pollOffsetMs(url, settings.intervalMs));
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(settings.intervalMs);
    }
  });

  it('spreads feeds over the interval (every quarter gets some)', () => {
    const quarters = [0, 0, 0, 0];
    for (const url of urls)
      quarters[Math.floor((pollOffsetMs(url, settings.intervalMs) / settings.intervalMs) * 4)]! += 1;
    for (const q of quarters) expect(q).toBeGreaterThan(20);
  });

  it('feed keys are short and distinct', () => {
    const keys = new Set(urls.map(feedKey));
    expect(keys.size).toBe(urls.length);
    expect(feedKey(urls[0]!)).toMatch(/^[0-9a-f]{16}$/);
  });
});
