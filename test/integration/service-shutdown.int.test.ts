/**
 * Shutdown with a fetch in flight: a feed server that accepts the request and never answers must
 * not hold `stop()` until the fetch deadline. The fetch is cancelled, the poll job is handed back
 * to the queue unharmed (no attempt used, no failure recorded on the feed) for the next process.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import { QUEUE_NAMES } from '../../src/queue/names.js';
import type { Service } from '../../src/service/start.js';
import { createRedisFeedStore } from '../../src/store/feed-store.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { sleep } from './service-processes.js';
import { FAST_TIMINGS, testConfig } from './service-support.js';

const redis: Redis = connectTestRedis();
const prefix = uniqueName('shutdown');
let hung: TestServer;
let service: Service;
let feedUrl: string;

beforeAll(async () => {
  // Takes the request and never answers.
  hung = await startTestServer(() => undefined);
  feedUrl = `${hung.url}/feeds/hung.xml`;
  const config = testConfig({
    prefix,
    feeds: [{ url: feedUrl, name: 'hung.xml' }],
    redisUrl: TEST_REDIS_URL,
  });
  service = await startBeatwatch({
    // A deadline far beyond the test's own timeout: only cancelling the fetch lets stop() end.
    config: { ...config, fetch: { ...config.fetch, totalTimeoutMs: 600_000 } },
    redisUrl: TEST_REDIS_URL,
    roles: ['poll'],
    pipeline: { createDestination: () => null },
    logger: silentLogger(),
    timings: FAST_TIMINGS,
  });
});

afterAll(async () => {
  await service?.stop();
  await hung?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('stop() with a fetch in flight', () => {
  it('cancels the fetch and hands the poll job back to the queue', async () => {
    await service.pollNow();
    while (hung.requests.length === 0) await sleep(50);
    await service.stop();

    const poll = new Queue(QUEUE_NAMES.poll, { connection: redis, prefix });
    try {
      const waiting = await poll.getJobs(['wait'], 0, -1);
      expect(waiting.map((j) => j.data.feedUrl)).toEqual([feedUrl]);
      expect(waiting[0]!.attemptsMade).toBe(0);
      expect(await poll.getFailedCount()).toBe(0);
    } finally {
      await poll.close();
    }
    const state = await createRedisFeedStore(redis, prefix, { retentionMs: 86_400_000 }).get(feedUrl);
    expect(state?.consecutiveFailures ?? 0).toBe(0);
    expect(state?.lastError ?? null).toBeNull();
  });
});
