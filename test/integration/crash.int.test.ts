/**
 * Exactly once across crashes: two worker processes share the queues; one is killed with SIGKILL
 * mid-run, again and again, and respawned. Every story still reaches every destination exactly
 * once, and every item is analysed once into one consistent index.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import type { Service } from '../../src/service/start.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { killHard, sleep, spawnWorker, stopGently, type WorkerProcess } from './service-processes.js';
import {
  expectEachDeliveredOnce,
  FAST_TIMINGS,
  type FeedServer,
  readRound,
  recorded,
  startFeedServer,
  testConfig,
} from './service-support.js';

const DESTINATIONS = ['rec-0', 'rec-1', 'rec-2', 'rec-3', 'rec-4', 'rec-5'];
/** Pauses between kills: fixed, so runs are comparable; long enough for work to be in flight. */
const KILL_GAPS_MS = [250, 400, 300, 550, 350, 450];

const redis: Redis = connectTestRedis();
const prefix = uniqueName('crash');
let server: FeedServer;
let control: Service;
let env: Record<string, string>;
const workers: WorkerProcess[] = [];
let kills = 0;

beforeAll(async () => {
  server = await startFeedServer(readRound(1));
  const feeds = server.urls();
  env = {
    BW_TEST_REDIS_URL: TEST_REDIS_URL,
    BW_TEST_PREFIX: prefix,
    BW_TEST_FEEDS: JSON.stringify(feeds),
    BW_TEST_DESTINATIONS: JSON.stringify(DESTINATIONS),
    BW_TEST_SEND_DELAY_MS: '250',
  };
  workers.push(spawnWorker(env), spawnWorker(env));
  // The test process only schedules and watches the queues; the spawned processes do the work.
  control = await startBeatwatch({
    config: testConfig({
      prefix,
      feeds,
      redisUrl: TEST_REDIS_URL,
      postOnFirstFetch: true,
      destinations: DESTINATIONS,
    }),
    redisUrl: TEST_REDIS_URL,
    roles: ['scheduler'],
    pipeline: { createDestination: () => null },
    logger: silentLogger(),
    timings: FAST_TIMINGS,
  });
  await Promise.all(workers.map((w) => w.ready));
});

afterAll(async () => {
  await Promise.all(workers.map(stopGently));
  await control?.stop();
  await server?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

let killsDuringWork = 0;

/** Waits until some ingest or deliver job is running; false if none starts within `timeoutMs`. */
async function workInFlight(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [ingest, deliver] = await Promise.all([
      control.queues.ingest.getActiveCount(),
      control.queues.deliver.getActiveCount(),
    ]);
    if (ingest + deliver > 0) return true;
    if (Date.now() >= deadline) return false;
    await sleep(20);
  }
}

/**
 * Kills the workers in turn while jobs run, `times` over. A replacement is started at once but
 * not waited for, so work piles up while it boots and the next kill lands on a busy process.
 */
async function churn(times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const slot = kills % workers.length;
    await workers[slot]!.ready;
    await workInFlight(5000);
    await sleep(KILL_GAPS_MS[kills % KILL_GAPS_MS.length]! / 4);
    if (await workInFlight(0)) killsDuringWork += 1;
    await killHard(workers[slot]!);
    kills += 1;
    workers[slot] = spawnWorker(env);
  }
  await Promise.all(workers.map((w) => w.ready));
}

describe('two worker processes, one killed repeatedly', () => {
  it('delivers every story to every destination exactly once', async () => {
    await control.pollNow();
    await churn(3);
    await control.waitUntilIdle({ timeoutMs: 45_000 });
    for (const [name, body] of readRound(2)) server.files.set(name, body);
    await control.pollNow();
    await churn(3);
    await control.waitUntilIdle({ timeoutMs: 45_000 });

    const stories = await control.stores.stories.latest('cecot', 1000);

    const messages = await recorded(redis, prefix);
    await expectEachDeliveredOnce(control.stores, stories, messages, DESTINATIONS);
    expect(kills).toBe(6);
    // Most kills landed while jobs were running (the rest found the queues already drained).
    expect(killsDuringWork, 'kills that landed while jobs ran').toBeGreaterThanOrEqual(3);
  }, 150_000);

  it('analysed every item once into one index, and no job failed', async () => {
    const stories = await control.stores.stories.latest('cecot', 1000);
    const records = await control.stores.stories.recordsAfter('cecot', '0');
    expect(records).toHaveLength(stories.length);
    expect(new Set(records.map((r) => r.record.id)).size).toBe(records.length);
    const ids = new Set(stories.map((s) => s.item.id));
    for (const s of stories) if (s.item.duplicateOf !== null) expect(ids.has(s.item.duplicateOf)).toBe(true);
    expect(await control.queues.ingest.getFailedCount()).toBe(0);
    expect(await control.queues.deliver.getFailedCount()).toBe(0);
  });
});
