/**
 * `sources add | remove | resume` from chat, through the real command handler, the real fetcher
 * and parser against a local feed server, and real BullMQ schedulers on Redis.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CommandContext, commandContextOf, createCommandHandler } from '../../src/chat/core/commands.js';
import type { Caller, CommandReply } from '../../src/chat/core/request.js';
import type { Config } from '../../src/config/schema.js';
import { createFeedFetcher } from '../../src/feeds/fetch/index.js';
import { parseFeed } from '../../src/feeds/parse/index.js';
import { silentLogger } from '../../src/log.js';
import type { PollJob } from '../../src/queue/jobs/poll.js';
import { QUEUE_NAMES } from '../../src/queue/names.js';
import { createFeedAdmin } from '../../src/service/feed-admin.js';
import { addedFeeds } from '../../src/service/schedule.js';
import { createRedisStores, type Stores } from '../../src/store/index.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { type FeedServer, readRound, startFeedServer, testConfig } from './service-support.js';

const redis: Redis = connectTestRedis();
let server: FeedServer;
let config: Config;
let stores: Stores;
let queue: Queue<PollJob>;
let prefix: string;
const fetchSettings = testConfig({ prefix: 'unused', feeds: [], redisUrl: TEST_REDIS_URL }).fetch;
const fetcher = createFeedFetcher({ ...fetchSettings, allowPrivateNetworks: true });
// The production default: feed URLs may not reach private or loopback addresses.
const guarded = createFeedFetcher({ ...fetchSettings, allowPrivateNetworks: false });

beforeAll(async () => {
  const files = readRound(1);
  files.set(
    'page.html',
    '<!doctype html><html><head><title>Not a feed</title></head><body><p>Hello</p></body></html>',
  );
  server = await startFeedServer(files);
});

beforeEach(async () => {
  prefix = uniqueName('feed-admin');
  config = testConfig({ prefix, feeds: [server.urls()[0]!], redisUrl: TEST_REDIS_URL });
  stores = createRedisStores(redis, prefix, 90);
  queue = new Queue<PollJob>(QUEUE_NAMES.poll, { connection: redis, prefix });
});

afterAll(async () => {
  await queue?.close();
  await server.close();
  await fetcher.close();
  await guarded.close();
  await deleteKeysWithPrefix(redis, 'feed-admin-');
  await redis.quit();
});

function handler(options: { fetcherGuarded?: boolean } = {}) {
  const topic = config.topics[0]!;
  const ctx: CommandContext = commandContextOf(stores, {
    topics: config.topics,
    retentionMs: 90 * 86_400_000,
    feedAdmin: createFeedAdmin({
      topics: config.topics,
      feeds: stores.feeds,
      fetcher: options.fetcherGuarded ? guarded : fetcher,
      parse: (bytes, o) => parseFeed(bytes, o),
      pollQueue: queue,
      logger: silentLogger(),
    }),
    now: Date.now,
  });
  const answer = createCommandHandler(ctx);
  return (text: string, admin = true): Promise<CommandReply> => {
    const caller: Caller = {
      platform: 'slack',
      userId: 'U7',
      workspaceId: 'T1',
      channelId: 'C1',
      isAdmin: async () => admin,
    };
    return answer({ command: topic.command, input: { kind: 'text', text }, caller });
  };
}

const line = (reply: CommandReply) => reply.message.sections[0]?.lines[0];

describe('sources add | remove | resume', () => {
  it('adds a feed after reading it once, schedules it, and queues its silent first poll', async () => {
    const ask = handler();
    const url = `${server.url}/feeds/rights-monitor.json`;
    const added = await ask(`sources add <${url}>`);
    expect(added.visibility).toBe('channel');
    expect(line(added)).toMatch(
      /^Now following ".+" \(http:\/\/127\.0\.0\.1:\d+\/feeds\/rights-monitor\.json, \d+ items today\)/,
    );
    expect(await stores.feeds.get(url)).toMatchObject({
      topic: 'cecot',
      addedBy: 'slack user U7',
      lastSuccessAtMs: null,
    });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toHaveLength(1);
    expect((await queue.getJobs(['waiting', 'prioritized', 'delayed'])).map((j) => j.id)).toContain(
      `first-${schedulers[0]!.key}`,
    );
    expect(line(await ask(`sources add ${url}`))).toContain('it is already a feed of this beat');
    // After a restart the scheduler role schedules it again from the store.
    const again = addedFeeds(await stores.feeds.list(), config.topics);
    expect(again.map((f) => f.feedUrl)).toEqual([url]);
  });

  it('refuses what is not a feed, in the fetcher’s and the parser’s words', async () => {
    const ask = handler();
    expect(line(await ask(`sources add ${server.url}/feeds/page.html`))).toContain(
      'it is not a feed beatwatch can read:',
    );
    expect(line(await ask(`sources add ${server.url}/feeds/missing.xml`))).toContain(
      'it could not be fetched (http-status)',
    );
    expect(line(await ask('sources add ftp://example.org/feed'))).toBe(
      '"ftp://example.org/feed" is not an http(s) URL.',
    );
    expect(line(await ask('sources add'))).toContain('sources add needs a feed URL');
    const blocked = await handler({ fetcherGuarded: true })(
      `sources add ${server.url}/feeds/continental-wire.atom`,
    );
    expect(line(blocked)).toContain('it could not be fetched (blocked-address)');
    expect(await stores.feeds.list()).toEqual([]);
    expect(await queue.getJobSchedulers()).toEqual([]);
  });

  it('is for admins only; listing stays open', async () => {
    const ask = handler();
    expect(line(await ask(`sources add ${server.url}/feeds/continental-wire.atom`, false))).toContain(
      'Only admins can run /cecot sources add',
    );
    expect(line(await ask('sources', false))).toContain('feed');
  });

  it('resumes a paused feed and removes a feed added from chat, never a configured one', async () => {
    const ask = handler();
    const url = `${server.url}/feeds/continental-wire.atom`;
    await ask(`sources add ${url}`);
    expect(line(await ask(`sources resume ${url}`))).toContain('is not paused');
    await stores.feeds.pause(url, 'gone (410)');
    const resumed = await ask(`sources resume ${url}`);
    expect(resumed.visibility).toBe('channel');
    expect((await stores.feeds.get(url))?.paused).toBe(false);
    const removed = await ask(`sources remove ${url}`);
    expect(line(removed)).toBe(`No longer following ${url}.`);
    expect(await stores.feeds.get(url)).toBeNull();
    expect(await queue.getJobSchedulers()).toEqual([]);
    const configured = config.topics[0]!.feeds[0]!.url;
    await stores.feeds.register({ url: configured, topic: 'cecot', name: 'configured' });
    expect(line(await ask(`sources remove ${configured}`))).toContain(
      "comes from the beat's configuration file",
    );
    expect(line(await ask(`sources remove ${server.url}/feeds/nothing.xml`))).toContain(
      'is not a feed of this beat',
    );
  });
});
