/** A feed's stored state for tests: healthy, polled three minutes before `nowMs`, then `patch`. */
import type { FeedState } from '../../src/store/types.js';

const MIN = 60_000;

/** A feed state; defaults describe a healthy feed of the `cecot` beat. */
export function feedState(
  patch: Partial<FeedState> = {},
  nowMs = Date.parse('2026-11-27T12:00:00Z'),
): FeedState {
  return {
    url: 'https://example.org/feed.xml',
    topic: 'cecot',
    name: 'Example',
    etag: null,
    lastModified: null,
    lastStatus: 200,
    lastError: null,
    consecutiveFailures: 0,
    nextPollAtMs: nowMs + 15 * MIN,
    lastPolledAtMs: nowMs - 3 * MIN,
    lastSuccessAtMs: nowMs - 3 * MIN,
    paused: false,
    pausedReason: null,
    itemsSeen: 12,
    ...patch,
  };
}
