/**
 * Feeds managed from chat (`sources add | remove | resume`): a new feed is fetched and parsed
 * once to check it is a feed, then kept in the feed store (marked with who added it) and given a
 * poll scheduler; its first poll stores its items and posts none, like any new feed's.
 */
import type { Queue } from 'bullmq';
import type { FeedAdmin } from '../chat/core/sources-admin.js';
import type { Topic } from '../config/schema.js';
import type { FeedFetcher } from '../feeds/fetch/types.js';
import type { Logger } from '../log.js';
import type { PollJob } from '../queue/jobs/poll.js';
import { JOB_NAMES } from '../queue/names.js';
import type { FeedParser } from '../queue/workers/poll.js';
import type { FeedStore } from '../store/types.js';
import { type ScheduledFeed, scheduledFeed, scheduleFeed } from './schedule.js';

export interface FeedAdminDeps {
  topics: readonly Topic[];
  feeds: FeedStore;
  fetcher: FeedFetcher;
  parse: FeedParser;
  pollQueue: Queue<PollJob>;
  /** Overrides every beat's poll interval (tests). */
  pollIntervalMs?: number;
  logger: Logger;
}

/** Why a fetched URL is not a feed we can follow, in the fetcher's or the parser's own words. */
async function checkFeed(
  deps: FeedAdminDeps,
  url: string,
): Promise<{ ok: true; title: string | null; items: number } | { ok: false; reason: string }> {
  const outcome = await deps.fetcher.fetch({ url });
  switch (outcome.kind) {
    case 'fetched':
      try {
        const feed = await deps.parse(outcome.body, {
          baseUrl: outcome.url,
          contentType: outcome.contentType,
        });
        return { ok: true, title: feed.title || null, items: feed.items.length };
      } catch (err) {
        return { ok: false, reason: `it is not a feed beatwatch can read: ${(err as Error).message}` };
      }
    case 'failed':
      return { ok: false, reason: `it could not be fetched (${outcome.code}): ${outcome.message}` };
    case 'gone':
      return { ok: false, reason: 'the server says it is gone for good (410)' };
    case 'retry-later':
      return {
        ok: false,
        reason: `the server asked to try again later (${outcome.status}); add it again in a while`,
      };
    case 'not-modified':
      return {
        ok: false,
        reason: 'the server answered 304 to a first request, which a feed server should not',
      };
  }
}

/** Builds the feed admin the chat commands use. */
export function createFeedAdmin(deps: FeedAdminDeps): FeedAdmin {
  const topicOf = (id: string) => deps.topics.find((t) => t.id === id);
  const schedule = (topic: Topic, url: string, name: string): ScheduledFeed =>
    scheduledFeed(topic.id, url, name, deps.pollIntervalMs ?? Math.round(topic.pollIntervalMinutes * 60_000));
  return {
    async add(topicId, url, addedBy) {
      const topic = topicOf(topicId);
      if (!topic) return { ok: false, reason: `there is no beat "${topicId}"` };
      const existing = await deps.feeds.get(url);
      if (existing) {
        return {
          ok: false,
          reason:
            existing.topic === topicId
              ? 'it is already a feed of this beat'
              : `it is already a feed of the "${existing.topic}" beat`,
        };
      }
      const checked = await checkFeed(deps, url);
      if (!checked.ok) return checked;
      const name = checked.title ?? new URL(url).hostname;
      await deps.feeds.register({ url, topic: topicId, name, addedBy });
      const feed = schedule(topic, url, name);
      await scheduleFeed(deps.pollQueue, feed);
      const { schedulerId, offsetMs, ...data } = feed;
      await deps.pollQueue.add(JOB_NAMES.poll, data, { jobId: `first-${schedulerId}` });
      deps.logger.info({ topic: topicId, feed: name, addedBy }, 'feed added from chat');
      return { ok: true, name, items: checked.items };
    },
    async remove(topicId, url) {
      const topic = topicOf(topicId);
      const state = await deps.feeds.get(url);
      if (!topic || !state || state.topic !== topicId) return 'not-found';
      if (topic.feeds.some((f) => f.url === url)) return 'configured';
      await deps.pollQueue.removeJobScheduler(schedule(topic, url, state.name).schedulerId);
      await deps.feeds.remove(url);
      deps.logger.info({ topic: topicId, feed: state.name }, 'feed removed from chat');
      return 'removed';
    },
    async resume(topicId, url) {
      const state = await deps.feeds.get(url);
      if (!state || state.topic !== topicId) return 'not-found';
      if (!state.paused) return 'not-paused';
      await deps.feeds.resume(url);
      return 'resumed';
    },
  };
}
