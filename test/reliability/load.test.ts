/**
 * Load: 2,000 feeds of 50 items each (100,000 items) polled, stored and analysed by two worker
 * processes, then a second round where one feed in ten has a new story, alerted to the fake
 * Slack. The queues drain, every item is stored once, every alert posted once, and the worker
 * processes' resident memory, sampled throughout, stays under a bound; its maximum is reported.
 * The quick cut in `npm test` runs 100 feeds of 20 items.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import type { Service } from '../../src/service/start.js';
import { storeKeys } from '../../src/store/keys.js';
import { writeBeatConfig } from '../helpers/config-files.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { TEST_SIGNING_SECRET } from '../helpers/slack-requests.js';
import { spawnWorker, stopGently, type WorkerProcess } from '../integration/service-processes.js';
import { alertableKeys, FAST_TIMINGS } from '../integration/service-support.js';
import { type FeedHost, startFeedHost } from './feed-host.js';
import {
  mebibytes,
  recordFigures,
  residentBytes,
  sampleResidentMemory,
  scaled,
  seededRandom,
} from './reliability.js';
import { refOf, rssFeed, type SyntheticStory, syntheticStory } from './synthetic-feeds.js';

const FEEDS = scaled(100, 2000);
const ITEMS_PER_FEED = scaled(20, 50);
/** One feed in this many has a new story in the second round. */
const NEW_STORY_EVERY = 10;
/** What no worker may exceed, whatever the scale: far above what a healthy one uses. */
const RSS_BOUND_BYTES = 1536 * 1048576;
const WORKER_SCRIPT = join(import.meta.dirname, 'worker-process.ts');
const CHANNEL = 'C0LOAD';

const random = seededRandom('load');
const prefix = uniqueName('rel-load');
const redis = connectTestRedis();
let slack: FakeSlack;
let host: FeedHost;
let dir: string;
let control: Service;
const workers: WorkerProcess[] = [];
let env: Record<string, string>;
const feedStories = new Map<string, SyntheticStory[]>();
const paths = Array.from({ length: FEEDS }, (_, i) => `/feeds/load-${i}.xml`);

beforeAll(async () => {
  slack = await startFakeSlack();
  host = await startFeedHost();
  let n = 0;
  for (const path of paths) {
    const stories = Array.from({ length: ITEMS_PER_FEED }, () => syntheticStory(n++, random.next));
    feedStories.set(path, stories);
    host.files.set(path, { body: rssFeed(path.slice(7, -4), stories) });
  }
  ({ dir } = writeBeatConfig({
    prefix,
    feeds: paths.map((p) => ({ url: host.urlOf(p), name: p.slice(7, -4) })),
    main: {
      fetch: { allowPrivateNetworks: false },
      destinations: [{ id: 'slack-load', type: 'slack', channel: CHANNEL, topics: ['cecot'] }],
    },
  }));
  env = {
    BEATWATCH_CONFIG: join(dir, 'beatwatch.yaml'),
    REDIS_URL: TEST_REDIS_URL,
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    BW_ALLOW_ADDRESSES: JSON.stringify(['127.0.0.1']),
  };
  workers.push(spawnWorker(env, WORKER_SCRIPT), spawnWorker(env, WORKER_SCRIPT));
  await Promise.all(workers.map((w) => w.ready));
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map(stopGently));
  await control?.stop();
  await Promise.all([host?.close(), slack?.close()]);
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`${FEEDS} feeds, ${FEEDS * ITEMS_PER_FEED} items, two worker processes`, () => {
  it(
    'drains the queues, stores every item once, posts every alert once, with bounded memory',
    async () => {
      const pids = workers.map((w) => w.child.pid!);
      const memory = sampleResidentMemory(() => pids, 500);
      const startedMs = Date.now();
      // Starting the scheduler queues the first poll of every feed, as `beatwatch run` does.
      control = await startBeatwatch({
        config: loadConfig({ path: join(dir, 'beatwatch.yaml'), env }),
        redisUrl: TEST_REDIS_URL,
        roles: ['scheduler'],
        logger: silentLogger(),
        timings: FAST_TIMINGS,
      });
      await control.waitUntilIdle({ timeoutMs: scaled(120_000, 1_800_000), settleMs: 500 });
      const firstRoundMs = Date.now() - startedMs;
      const stored = await redis.zcard(storeKeys(prefix).stories('cecot'));
      expect(stored).toBe(FEEDS * ITEMS_PER_FEED);
      const rssAfterFirst = pids.map((pid) => residentBytes(pid) ?? 0);

      // Round two: a new story in one feed of ten; the others answer 304.
      const fresh: SyntheticStory[] = [];
      let n = FEEDS * ITEMS_PER_FEED;
      for (const [i, path] of paths.entries()) {
        if (i % NEW_STORY_EVERY !== 0) continue;
        const story = syntheticStory(n++, random.next);
        fresh.push(story);
        const stories = [story, ...feedStories.get(path)!];
        host.files.set(path, { body: rssFeed(path.slice(7, -4), stories) });
      }
      const secondStartMs = Date.now();
      await control.pollNow();
      await control.waitUntilIdle({ timeoutMs: scaled(120_000, 900_000), settleMs: 500 });
      const secondRoundMs = Date.now() - secondStartMs;
      memory.stop();

      expect(await redis.zcard(storeKeys(prefix).stories('cecot'))).toBe(
        FEEDS * ITEMS_PER_FEED + fresh.length,
      );
      const latest = await control.stores.stories.latest('cecot', fresh.length);
      const titles = new Set(fresh.map((s) => s.title));
      expect(latest.every((s) => titles.has(s.item.title))).toBe(true);
      const alertable = new Set(alertableKeys(latest));
      const alerted = latest.filter((s) => alertable.has(s.key)).map((s) => refOf(s.item.title));
      const posted = slack.posts(CHANNEL).map((p) => refOf(String(p.blocks[0]?.text?.text ?? '')));
      expect(alerted.length).toBeGreaterThan(0);
      expect(posted.sort()).toEqual(alerted.sort());
      for (const q of [control.queues.poll, control.queues.ingest, control.queues.deliver])
        expect(await q.getFailedCount(), `failed ${q.name} jobs`).toBe(0);
      const max = memory.maxBytes();
      expect(max).toBeGreaterThan(0);
      expect(max).toBeLessThan(RSS_BOUND_BYTES);
      for (const w of workers) expect(w.child.exitCode).toBeNull();

      recordFigures({
        category: 'load',
        scenario: `${FEEDS.toLocaleString('en-GB')} feeds, ${(FEEDS * ITEMS_PER_FEED).toLocaleString('en-GB')} items, two worker processes`,
        figures: {
          'first round, every feed new (s)': Math.round(firstRoundMs / 100) / 10,
          'items stored per second': Math.round((FEEDS * ITEMS_PER_FEED) / (firstRoundMs / 1000)),
          'second round, one feed in ten new, the rest 304 (s)': Math.round(secondRoundMs / 100) / 10,
          'new stories': fresh.length,
          'alerts posted to Slack': posted.length,
          'max RSS per worker, MiB': Math.round(mebibytes(max)),
          'RSS after round one, MiB': rssAfterFirst.map((b) => Math.round(mebibytes(b))).join(' and '),
          'RSS samples': memory.samples(),
          'failed jobs': 0,
        },
        durationMs: Date.now() - startedMs,
      });
    },
    scaled(240_000, 3_600_000),
  );
});
