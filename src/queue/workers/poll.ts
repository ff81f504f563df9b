/**
 * The `poll` job: fetch one feed (never twice at once), apply the health rules, and hand its new
 * items to `ingest`. A broken feed is an outcome recorded on that feed, never a thrown error, so
 * one bad feed cannot stop or slow the worker; only Redis errors make the job fail and retry.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { PollSettings } from '../../config/schema.js';
import type { FeedFetcher, FetchOutcome } from '../../feeds/fetch/types.js';
import type { FeedItem, ParsedFeed } from '../../feeds/types.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../service/metrics.js';
import type { FeedStore } from '../../store/types.js';
import { applyPollResult, feedKey, isDue, type PollResult } from '../feed-health.js';
import type { IngestJob } from '../jobs/ingest.js';
import type { PollJob } from '../jobs/poll.js';
import { ingestJobItems, selectNewItems } from '../new-items.js';

/** Turns fetched bytes into a feed; throws (or rejects) on input it cannot read. */
export type FeedParser = (
  bytes: Buffer,
  options: { baseUrl: string; contentType: string | null },
) => ParsedFeed | Promise<ParsedFeed>;

export interface PollDeps {
  feeds: FeedStore;
  fetcher: FeedFetcher;
  parse: FeedParser;
  /** Adds an ingest job; a second add with the same `jobId` (one poll's items) is a no-op. */
  enqueueIngest(job: IngestJob, jobId: string): Promise<void>;
  poll: PollSettings;
  /** TTL of the per-feed fetch lock (kept alive while the fetch runs). */
  feedLockMs: number;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
  /**
   * Aborted when the process shuts down: a fetch in flight is cancelled and the poll ends
   * `interrupted`, recording nothing on the feed, so its job can be handed back whole.
   */
  signal?: AbortSignal;
}

/** What one poll did; the job's return value (visible in BullMQ's completed jobs). */
export interface PollSummary {
  outcome:
    | FetchOutcome['kind']
    | 'parse-failed'
    | 'skipped-locked'
    | 'skipped-paused'
    | 'skipped-backoff'
    | 'interrupted';
  newItems: number;
}

const DAY_MS = 86_400_000;

/**
 * Polls one feed. `lockOwner` (the BullMQ job id) owns the feed's fetch lock: a retry of the job
 * after a Redis error (when the lock could not be released) takes its own lock back at once
 * instead of finding the feed "locked" and completing without fetching.
 */
export async function processPoll(deps: PollDeps, data: PollJob, lockOwner?: string): Promise<PollSummary> {
  const now = deps.now ?? Date.now;
  const labels = { topic: data.topic };
  const poll = await deps.feeds.beginPoll(
    data.feedUrl,
    lockOwner === undefined ? randomUUID() : `poll:${lockOwner}`,
    deps.feedLockMs,
  );
  if (!poll) {
    // Another worker is fetching this feed right now (a slow server, or a manual poll).
    deps.metrics.polls.inc({ ...labels, outcome: 'skipped' });
    return { outcome: 'skipped-locked', newItems: 0 };
  }
  let finished = false;
  try {
    let state = poll.state;
    if (!state) {
      // Workers may run without a scheduler in this process: make the feed known to `sources`.
      await deps.feeds.register({ url: data.feedUrl, topic: data.topic, name: data.feedName });
      state = await deps.feeds.get(data.feedUrl);
    }
    const startedMs = now();
    if (state?.paused) {
      deps.metrics.polls.inc({ ...labels, outcome: 'skipped' });
      return { outcome: 'skipped-paused', newItems: 0 };
    }
    if (!data.force && !isDue(state, startedMs, data.intervalMs)) {
      deps.metrics.polls.inc({ ...labels, outcome: 'skipped' });
      return { outcome: 'skipped-backoff', newItems: 0 };
    }
    const settings = {
      intervalMs: data.intervalMs,
      maxBackoffMs: deps.poll.maxBackoffMinutes * 60_000,
      pauseAfterFailures: deps.poll.pauseAfterFailures,
    };
    const outcome = await deps.fetcher.fetch({
      url: data.feedUrl,
      etag: state?.etag ?? null,
      lastModified: state?.lastModified ?? null,
      signal: deps.signal,
    });
    // Cancelled by a shutdown: not the feed's fault, and the next process polls it again.
    if (deps.signal?.aborted) return { outcome: 'interrupted', newItems: 0 };
    deps.metrics.polls.inc({ ...labels, outcome: outcome.kind });
    let result: PollResult;
    let newItems = 0;
    let summaryOutcome: PollSummary['outcome'] = outcome.kind;
    const validators: { etag?: string | null; lastModified?: string | null } = {};
    switch (outcome.kind) {
      case 'fetched': {
        let feed: ParsedFeed | null = null;
        try {
          feed = await deps.parse(outcome.body, { baseUrl: outcome.url, contentType: outcome.contentType });
        } catch (err) {
          deps.metrics.failures.inc({ stage: 'parse' });
          result = { kind: 'failed', code: 'parse', message: (err as Error).message ?? String(err) };
          summaryOutcome = 'parse-failed';
          break;
        }
        newItems = await handOver(deps, data, state?.lastSuccessAtMs == null, feed.items, startedMs);
        result = { kind: 'fetched', status: outcome.status };
        // Validators are kept only once the items are safely queued: a crash before this point
        // makes the next poll fetch the whole feed again rather than miss items.
        validators.etag = outcome.etag;
        validators.lastModified = outcome.lastModified;
        break;
      }
      case 'not-modified':
        deps.metrics.notModified.inc(labels);
        result = { kind: 'not-modified' };
        if (outcome.etag) validators.etag = outcome.etag;
        if (outcome.lastModified) validators.lastModified = outcome.lastModified;
        break;
      case 'retry-later':
        result = { kind: 'retry-later', status: outcome.status, retryAfterMs: outcome.retryAfterMs };
        break;
      case 'gone':
        result = { kind: 'gone' };
        break;
      case 'failed':
        deps.metrics.failures.inc({ stage: 'fetch' });
        result = { kind: 'failed', code: outcome.code, message: outcome.message, status: outcome.status };
        break;
    }
    const patch = applyPollResult(state, result, settings, now());
    // A failed write leaves the lock to this job's retry, which takes it back (same owner).
    finished = true;
    await poll.finish({ topic: data.topic, name: data.feedName, ...patch, ...validators });
    if (patch.paused) {
      deps.logger.warn({ feed: data.feedUrl, reason: patch.pausedReason }, 'feed paused');
    } else if (patch.lastError) {
      deps.logger.warn(
        { feed: data.feedUrl, error: patch.lastError, failures: patch.consecutiveFailures },
        'poll did not succeed',
      );
    }
    return { outcome: summaryOutcome, newItems };
  } finally {
    if (!finished) await poll.release();
  }
}

/**
 * Queues the feed's unseen items for ingest (within the poll's caps), then marks them seen.
 * Returns how many were handed over.
 */
async function handOver(
  deps: PollDeps,
  data: PollJob,
  firstFetch: boolean,
  items: FeedItem[],
  polledAtMs: number,
): Promise<number> {
  const byId = new Map<string, FeedItem>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  const unseen = await deps.feeds.unseen(data.feedUrl, [...byId.keys()]);
  if (unseen.length === 0) return 0;
  const { taken, skipped } = selectNewItems(
    unseen.map((id) => byId.get(id)!),
    deps.poll,
  );
  if (skipped.length > 0) {
    deps.metrics.skippedItems.inc({ topic: data.topic, reason: 'over-cap' }, skipped.length);
    deps.logger.warn(
      { feed: data.feedUrl, taken: taken.length, skipped: skipped.length },
      'feed listed more new items than poll.maxItemsPerPoll; the oldest were skipped',
    );
  }
  deps.metrics.items.inc({ topic: data.topic }, taken.length);
  const announce = !firstFetch || deps.poll.postOnFirstFetch;
  const alertCutoffMs = polledAtMs - deps.poll.maxAlertAgeDays * DAY_MS;
  // Queue first, mark seen second: a crash in between queues the items again on the next poll
  // (ingest skips what it already stored). An ingest job that fails for good marks its items
  // unseen again. The poll's time is in the job id so that a job kept as failed never stands
  // in for a later poll's.
  for (const chunk of ingestJobItems(taken)) {
    const ids = chunk.map((item) => item.id).join('\n');
    const digest = createHash('sha1').update(`${polledAtMs}\n${ids}`).digest('hex').slice(0, 16);
    await deps.enqueueIngest(
      {
        topic: data.topic,
        feedUrl: data.feedUrl,
        feedName: data.feedName,
        items: chunk,
        polledAtMs,
        announce,
        alertCutoffMs,
      },
      `ingest-${feedKey(data.feedUrl)}-${digest}`,
    );
  }
  await deps.feeds.markSeen(data.feedUrl, unseen, polledAtMs);
  return taken.length;
}
