import { describe, expect, it } from 'vitest';
import {
  feedHealth,
  formatPausedDestinations,
  formatSources,
  relativeTime,
  withConfiguredFeeds,
} from '../../../src/service/sources.js';
import type { FeedState } from '../../../src/store/types.js';
import { feedState } from '../../helpers/feed-state.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const MIN = 60_000;

const state = (patch: Partial<FeedState>): FeedState => feedState(patch, NOW);

describe('feedHealth', () => {
  it.each([
    [{}, 'ok'],
    [{ lastStatus: 304 }, 'ok'],
    [{ lastStatus: 429 }, 'waiting'],
    [{ consecutiveFailures: 2, lastError: 'timeout: took too long' }, 'failing'],
    [{ paused: true, pausedReason: 'the feed answered 410 Gone' }, 'paused'],
    [{ lastPolledAtMs: null, lastStatus: null }, 'never-polled'],
  ] as const)('%o → %s', (patch, status) => {
    expect(feedHealth(state(patch)).status).toBe(status);
  });

  it('explains a pause with its reason, a failure with its last error', () => {
    expect(feedHealth(state({ paused: true, pausedReason: 'gone' })).problem).toBe('gone');
    expect(feedHealth(state({ consecutiveFailures: 1, lastError: 'dns: no such host' })).problem).toBe(
      'dns: no such host',
    );
  });
});

describe('relativeTime', () => {
  it.each([
    [NOW - 10_000, 'just now'],
    [NOW - 3 * MIN, '3m ago'],
    [NOW + 15 * MIN, 'in 15m'],
    [NOW - 125 * MIN, '2h 5m ago'],
    [NOW + 120 * MIN, 'in 2h'],
    [NOW - 3 * 1440 * MIN, '3d ago'],
  ])('%i → %s', (at, text) => expect(relativeTime(at, NOW)).toBe(text));
});

describe('formatSources', () => {
  it('summarises, groups by beat and says why a feed is unhealthy', () => {
    const lines = formatSources(
      [
        state({ name: 'Healthy' }),
        state({
          name: 'Broken',
          consecutiveFailures: 3,
          lastStatus: 500,
          lastError: 'http-status: HTTP 500',
        }),
        state({ name: 'Gone', paused: true, pausedReason: 'the feed answered 410 Gone', lastStatus: 410 }),
      ],
      NOW,
    );
    expect(lines[0]).toBe('3 feeds: 1 ok, 1 failing, 1 paused, 0 waiting, 0 never polled');
    const text = lines.join('\n');
    expect(text).toContain('[cecot]');
    expect(text).toMatch(/OK +Healthy · polled 3m ago \(200\) · next in 15m · 12 items/);
    expect(text).toContain('3 failures in a row');
    expect(text).toContain('last error: http-status: HTTP 500');
    expect(text).toContain('paused: the feed answered 410 Gone');
  });

  it('lists configured feeds the store has not seen yet', () => {
    const all = withConfiguredFeeds(
      [state({ url: 'https://a.example/', name: 'A' })],
      [
        { url: 'https://a.example/', topic: 'cecot', name: 'A' },
        { url: 'https://b.example/', topic: 'cecot', name: 'B' },
      ],
    );
    expect(all.map((f) => [f.name, feedHealth(f).status])).toEqual([
      ['A', 'ok'],
      ['B', 'never-polled'],
    ]);
  });
});

describe('formatPausedDestinations', () => {
  it('lists only paused destinations, with the platform’s reason and since when', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const lines = formatPausedDestinations(
      [
        {
          id: 'slack:T1:C1',
          type: 'slack',
          channel: 'C1',
          topics: ['cecot'],
          settings: {},
          paused: { reason: 'channel_not_found', atMs: now - 3_600_000 },
        },
        { id: 'console', type: 'console', topics: ['cecot'], settings: {}, paused: null },
      ],
      now,
    );
    expect(lines).toEqual([
      '',
      '1 destination paused:',
      '  PAUSED  slack:T1:C1 (slack C1) since 1h ago: channel_not_found',
    ]);
    expect(formatPausedDestinations([], now)).toEqual([]);
  });
});
