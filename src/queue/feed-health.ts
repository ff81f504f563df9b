/**
 * Feed health rules, pure: how a poll's outcome changes a feed's state (backoff, Retry-After,
 * pausing), and where in its interval each feed polls. The poll worker applies these; the tests
 * check them as tables, without HTTP or Redis.
 */
import { createHash } from 'node:crypto';
import type { FeedState } from '../store/types.js';

/** What a poll ended with, reduced to what health cares about. */
export type PollResult =
  | { kind: 'fetched'; status: number }
  | { kind: 'not-modified' }
  /** 429/503: the server asked us to come back later. Not a failure of the feed. */
  | { kind: 'retry-later'; status: number; retryAfterMs: number | null }
  | { kind: 'gone' }
  | { kind: 'failed'; code: string; message: string; status?: number };

export interface HealthSettings {
  /** The feed's regular poll interval. */
  intervalMs: number;
  /** Cap on the backoff delay (`poll.maxBackoffMinutes`). */
  maxBackoffMs: number;
  /** Consecutive failures after which the feed is paused (`poll.pauseAfterFailures`). */
  pauseAfterFailures: number;
}

/** The fields a poll result changes. */
export type HealthPatch = Pick<
  FeedState,
  | 'consecutiveFailures'
  | 'nextPollAtMs'
  | 'lastStatus'
  | 'lastError'
  | 'paused'
  | 'pausedReason'
  | 'lastPolledAtMs'
> & { lastSuccessAtMs?: number };

/**
 * Delay before the next attempt after `failures` consecutive failures: the interval doubled per
 * failure, capped. Zero failures means the regular interval.
 */
export function backoffMs(failures: number, intervalMs: number, maxBackoffMs: number): number {
  if (failures <= 0) return intervalMs;
  // 2^failures grows fast; clamp the exponent so the multiplication can never overflow.
  const factor = 2 ** Math.min(failures, 30);
  return Math.min(intervalMs * factor, Math.max(maxBackoffMs, intervalMs));
}

/** A stable number in [0, 1) from a string (first 6 bytes of its SHA-1). */
function unitHash(text: string): number {
  const digest = createHash('sha1').update(text).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Where in the interval a feed polls: a per-feed offset derived from the URL, so a beat's feeds
 * spread over the interval instead of all firing on the same tick (and the same feed keeps its
 * slot across restarts and workers).
 */
export function pollOffsetMs(feedUrl: string, intervalMs: number): number {
  return Math.floor(unitHash(feedUrl) * intervalMs);
}

/** Short, stable id of a feed URL, used in Redis keys and job scheduler ids. */
export function feedKey(feedUrl: string): string {
  return createHash('sha1').update(feedUrl).digest('hex').slice(0, 16);
}

/**
 * Whether a scheduled poll should fetch now: not paused, and not inside a backoff or Retry-After
 * window. A tick is due when the next poll time is less than half an interval away, so a regular
 * tick that lands a little before "last poll + interval" (the last fetch took a while) still
 * fetches, while a backoff of two intervals or more skips ticks as it should.
 */
export function isDue(
  state: Pick<FeedState, 'paused' | 'nextPollAtMs'> | null,
  nowMs: number,
  intervalMs: number,
): boolean {
  if (!state) return true;
  if (state.paused) return false;
  return state.nextPollAtMs === null || state.nextPollAtMs <= nowMs + intervalMs / 2;
}

/** Applies one poll result to a feed's health. */
export function applyPollResult(
  state: Pick<FeedState, 'consecutiveFailures'> | null,
  result: PollResult,
  settings: HealthSettings,
  nowMs: number,
): HealthPatch {
  const failures = state?.consecutiveFailures ?? 0;
  const healthy = (status: number): HealthPatch => ({
    consecutiveFailures: 0,
    nextPollAtMs: nowMs + settings.intervalMs,
    lastStatus: status,
    lastError: null,
    paused: false,
    pausedReason: null,
    lastPolledAtMs: nowMs,
    lastSuccessAtMs: nowMs,
  });
  switch (result.kind) {
    case 'fetched':
      return healthy(result.status);
    case 'not-modified':
      return healthy(304);
    case 'retry-later': {
      // The server is up and told us when to come back: honour it, never sooner than the
      // current backoff. The failure count is left alone, so a busy server never pauses a feed.
      const wait = Math.max(
        result.retryAfterMs ?? 0,
        backoffMs(Math.max(failures, 1), settings.intervalMs, settings.maxBackoffMs),
      );
      return {
        consecutiveFailures: failures,
        nextPollAtMs: nowMs + wait,
        lastStatus: result.status,
        lastError: `HTTP ${result.status}: asked to retry later`,
        paused: false,
        pausedReason: null,
        lastPolledAtMs: nowMs,
      };
    }
    case 'gone':
      return {
        consecutiveFailures: failures + 1,
        nextPollAtMs: null,
        lastStatus: 410,
        lastError: 'HTTP 410 Gone',
        paused: true,
        pausedReason: 'the feed answered 410 Gone',
        lastPolledAtMs: nowMs,
      };
    case 'failed': {
      const next = failures + 1;
      const pause = next >= settings.pauseAfterFailures;
      const error = `${result.code}: ${result.message}`;
      return {
        consecutiveFailures: next,
        nextPollAtMs: pause ? null : nowMs + backoffMs(next, settings.intervalMs, settings.maxBackoffMs),
        lastStatus: result.status ?? null,
        lastError: error,
        paused: pause,
        pausedReason: pause ? `${next} consecutive failures, last: ${error}` : null,
        lastPolledAtMs: nowMs,
      };
    }
  }
}
