/**
 * One BullMQ job scheduler per configured feed: the beat's interval (or the feed's own) with a
 * per-feed offset, so polls spread over the interval. Schedulers of feeds no longer configured
 * are removed, so a deleted feed stops being polled.
 */
import type { Queue } from 'bullmq';
import type { Topic } from '../config/schema.js';
import { feedKey, pollOffsetMs } from '../queue/feed-health.js';
import type { PollJob } from '../queue/jobs/poll.js';
import { JOB_NAMES } from '../queue/names.js';

/** A feed to poll, resolved from the configuration. */
export interface ScheduledFeed extends PollJob {
  schedulerId: string;
  offsetMs: number;
}

/** Every feed of every beat with its interval, offset and scheduler id. */
export function scheduledFeeds(topics: readonly Topic[], intervalOverrideMs?: number): ScheduledFeed[] {
  const out: ScheduledFeed[] = [];
  for (const topic of topics) {
    for (const feed of topic.feeds) {
      const intervalMs =
        intervalOverrideMs ?? Math.round((feed.pollIntervalMinutes ?? topic.pollIntervalMinutes) * 60_000);
      out.push({
        topic: topic.id,
        feedUrl: feed.url,
        feedName: feed.name ?? new URL(feed.url).hostname,
        intervalMs,
        schedulerId: `poll-${topic.id}-${feedKey(feed.url)}`,
        offsetMs: pollOffsetMs(feed.url, intervalMs),
      });
    }
  }
  return out;
}

/** Upserts a scheduler per feed and removes stale ones. Returns the number of feeds scheduled. */
export async function syncSchedulers(
  queue: Queue<PollJob>,
  feeds: readonly ScheduledFeed[],
): Promise<number> {
  const wanted = new Set(feeds.map((f) => f.schedulerId));
  for (const existing of await queue.getJobSchedulers()) {
    if (existing.key && !wanted.has(existing.key)) await queue.removeJobScheduler(existing.key);
  }
  for (const feed of feeds) {
    const { schedulerId, offsetMs, ...data } = feed;
    await queue.upsertJobScheduler(
      schedulerId,
      { every: feed.intervalMs, offset: offsetMs },
      { name: JOB_NAMES.poll, data, opts: { attempts: 3, backoff: { type: 'exponential', delay: 1000 } } },
    );
  }
  return feeds.length;
}
