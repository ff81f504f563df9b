/**
 * One BullMQ job scheduler per configured feed: the beat's interval (or the feed's own) with a
 * per-feed offset, so polls spread over the interval. Schedulers of feeds no longer configured
 * are removed, so a deleted feed stops being polled.
 */
import type { Queue } from 'bullmq';
import type { DestinationConfig, Topic } from '../config/schema.js';
import { feedKey, pollOffsetMs } from '../queue/feed-health.js';
import type { PollJob } from '../queue/jobs/poll.js';
import { JOB_NAMES } from '../queue/names.js';
import type { FeedStore, Stores } from '../store/index.js';

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

/** Makes the configured feeds, the beats' known facts and the destinations known to the store. */
export async function registerConfigured(
  stores: Pick<Stores, 'feeds' | 'facts' | 'destinations'>,
  feeds: readonly ScheduledFeed[],
  topics: readonly Topic[],
  destinations: readonly DestinationConfig[],
): Promise<void> {
  for (const f of feeds) await stores.feeds.register({ url: f.feedUrl, topic: f.topic, name: f.feedName });
  for (const t of topics) await stores.facts.seed(t.id, t.brief.facts);
  for (const d of destinations) await stores.destinations.upsert(d);
}

/**
 * Puts the schedulers in place and queues a first poll of every feed never polled, now rather
 * than at its slot up to an interval away; the job id keeps several starting processes from
 * adding it twice. Returns how many feeds are scheduled and polled at once.
 */
export async function startSchedulers(
  queue: Queue<PollJob>,
  feedStore: Pick<FeedStore, 'get'>,
  feeds: readonly ScheduledFeed[],
): Promise<{ feeds: number; firstPolls: number }> {
  const n = await syncSchedulers(queue, feeds);
  const fresh = [];
  for (const f of feeds) if ((await feedStore.get(f.feedUrl))?.lastPolledAtMs == null) fresh.push(f);
  await queue.addBulk(
    fresh.map(({ schedulerId, offsetMs, ...data }) => ({
      name: JOB_NAMES.poll,
      data,
      opts: { jobId: `first-${schedulerId}` },
    })),
  );
  return { feeds: n, firstPolls: fresh.length };
}
