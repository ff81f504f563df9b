/**
 * One BullMQ job scheduler per feed: the beat's interval (or the feed's own) with a per-feed
 * offset, so polls spread over the interval. Feeds come from the configuration and from chat
 * (`sources add`, kept in the feed store). Schedulers of feeds no longer configured or added are
 * removed, so a deleted feed stops being polled.
 */
import type { Queue } from 'bullmq';
import type { DestinationConfig, Topic } from '../config/schema.js';
import { feedKey, pollOffsetMs } from '../queue/feed-health.js';
import type { PollJob } from '../queue/jobs/poll.js';
import { JOB_NAMES } from '../queue/names.js';
import type { FeedStore, Stores } from '../store/index.js';
import type { FeedState } from '../store/types.js';

/** A feed to poll, resolved from the configuration. */
export interface ScheduledFeed extends PollJob {
  schedulerId: string;
  offsetMs: number;
}

/** One feed of one beat, scheduled every `intervalMs`. */
export function scheduledFeed(
  topic: string,
  feedUrl: string,
  feedName: string,
  intervalMs: number,
): ScheduledFeed {
  return {
    topic,
    feedUrl,
    feedName,
    intervalMs,
    schedulerId: `poll-${topic}-${feedKey(feedUrl)}`,
    offsetMs: pollOffsetMs(feedUrl, intervalMs),
  };
}

/** The interval of a feed of `topic` (its own, else the beat's), unless overridden. */
function intervalOf(topic: Topic, feedMinutes: number | undefined, overrideMs: number | undefined): number {
  return overrideMs ?? Math.round((feedMinutes ?? topic.pollIntervalMinutes) * 60_000);
}

/** Every configured feed of every beat with its interval, offset and scheduler id. */
export function scheduledFeeds(topics: readonly Topic[], intervalOverrideMs?: number): ScheduledFeed[] {
  return topics.flatMap((topic) =>
    topic.feeds.map((feed) =>
      scheduledFeed(
        topic.id,
        feed.url,
        feed.name ?? new URL(feed.url).hostname,
        intervalOf(topic, feed.pollIntervalMinutes, intervalOverrideMs),
      ),
    ),
  );
}

/** Feeds added from chat, at their beat's interval; feeds of beats no longer configured are left out. */
export function addedFeeds(
  states: readonly FeedState[],
  topics: readonly Topic[],
  intervalOverrideMs?: number,
): ScheduledFeed[] {
  const byId = new Map(topics.map((t) => [t.id, t]));
  return states.flatMap((state) => {
    const topic = byId.get(state.topic);
    if (!state.addedBy || !topic || topic.feeds.some((f) => f.url === state.url)) return [];
    return [scheduledFeed(topic.id, state.url, state.name, intervalOf(topic, undefined, intervalOverrideMs))];
  });
}

/** Upserts the scheduler of one feed. */
export async function scheduleFeed(queue: Queue<PollJob>, feed: ScheduledFeed): Promise<void> {
  const { schedulerId, offsetMs, ...data } = feed;
  await queue.upsertJobScheduler(
    schedulerId,
    { every: feed.intervalMs, offset: offsetMs },
    { name: JOB_NAMES.poll, data, opts: { attempts: 3, backoff: { type: 'exponential', delay: 1000 } } },
  );
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
  for (const feed of feeds) await scheduleFeed(queue, feed);
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
