/**
 * The whole service in one process against real Redis and a local feed server: feeds change over
 * three polls; every relevant new story cluster reaches the destination once, copies and
 * off-beat stories never; a 429 reschedules; broken feeds are marked and never stop the worker.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import { formatSources } from '../../src/service/sources.js';
import type { Service } from '../../src/service/start.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import {
  alertableKeys,
  createRecordingDestination,
  FAST_TIMINGS,
  type FeedServer,
  readRound,
  recorded,
  startFeedServer,
  testConfig,
  withItem,
} from './service-support.js';

/** A new story for round three, and a copy of it republished with tracking parameters. */
const ROUND_3_STORY = `
    <item>
      <title>Red Cross delegates make first visit inside CECOT</title>
      <link>https://isthmusledger.example/2026/11/28/red-cross-cecot-visit/</link>
      <guid isPermaLink="true">https://isthmusledger.example/?p=2301</guid>
      <pubDate>Sat, 28 Nov 2026 09:00:00 GMT</pubDate>
      <description>A team from the International Committee of the Red Cross toured CECOT in Tecoluca on Saturday, the first independent humanitarian visit the Bukele government has allowed since the mega-prison opened. The delegates met inmates in private and will share their findings only with the authorities, the committee said.</description>
    </item>`;
const ROUND_3_COPY = `
    <item>
      <title>Red Cross team allowed into El Salvador's CECOT for the first time</title>
      <link>https://harborcitytribune.example/world/2026/11/28/red-cross-cecot?utm_source=wire&amp;utm_medium=rss</link>
      <guid isPermaLink="false">hct-6001</guid>
      <pubDate>Sat, 28 Nov 2026 09:30:00 GMT</pubDate>
      <description>A team from the International Committee of the Red Cross toured CECOT in Tecoluca on Saturday, the first independent humanitarian visit the Bukele government has allowed since the mega-prison opened. The delegates met inmates in private and will share their findings only with the authorities, the committee said.</description>
    </item>`;

const redis: Redis = connectTestRedis();
const prefix = uniqueName('svc');
let server: FeedServer;
let service: Service;

beforeAll(async () => {
  server = await startFeedServer(readRound(1));
  server.statuses.set('broken.xml', 500);
  server.statuses.set('gone.xml', 410);
  const config = testConfig({ prefix, feeds: server.urls(), redisUrl: TEST_REDIS_URL });
  service = await startBeatwatch({
    config,
    redisUrl: TEST_REDIS_URL,
    roles: 'run',
    // The first two posts are answered 429: they must be rescheduled, not failed or lost.
    destinations: [
      createRecordingDestination(TEST_REDIS_URL, prefix, { rateLimitFirst: 2 }),
      // Not in the configuration: it follows keywords only.
      createRecordingDestination(TEST_REDIS_URL, prefix, { id: 'desk' }),
    ],
    logger: silentLogger(),
    timings: FAST_TIMINGS,
    httpPort: 0,
  });
});

afterAll(async () => {
  await service?.stop();
  await server?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

/** Stories that must be alerted: relevant, original, opening a cluster, found after the first fetch. */
async function expectedAlerts(announcedSinceMs: number): Promise<Set<string>> {
  const stories = await service.stores.stories.latest('cecot', 1000);
  return new Set(alertableKeys(stories.filter((s) => s.storedAtMs >= announcedSinceMs)));
}

async function sentKeys(): Promise<Set<string>> {
  const out = new Set<string>();
  for (const s of await service.stores.stories.latest('cecot', 1000)) {
    if (await service.stores.deliveries.isSent('recording', s.key)) out.add(s.key);
  }
  return out;
}

async function pollRound(): Promise<void> {
  await service.pollNow();
  await service.waitUntilIdle({ timeoutMs: 30_000 });
}

describe('beatwatch run, three polls', () => {
  let round2StartMs = 0;

  it('round 1 (first fetch of every feed) stores the items and posts nothing', async () => {
    await pollRound();
    const stories = await service.stores.stories.latest('cecot', 1000);
    expect(stories.length).toBeGreaterThan(5);
    expect(await recorded(redis, prefix)).toEqual([]);
  });

  it('round 2 alerts each relevant new cluster once; copies and off-beat stories never', async () => {
    await service.stores.follows.add(
      { topic: 'cecot', destinationId: 'desk', kind: 'keywords', query: 'abrego garcia', owner: 'test' },
      Date.now(),
    );
    round2StartMs = Date.now();
    for (const [name, body] of readRound(2)) server.files.set(name, body);
    await pollRound();
    const expected = await expectedAlerts(round2StartMs);
    expect(expected.size).toBeGreaterThan(0);
    expect(await sentKeys()).toEqual(expected);
    const messages = (await recorded(redis, prefix)).filter((m) => m.destination === 'recording');
    expect(messages).toHaveLength(expected.size);
    expect(new Set(messages.map((m) => m.message.title)).size).toBe(messages.length);
    const text = messages.map((m) => m.message.text).join('\n');
    for (const offBeat of ['bitcoin', 'Harbor City FC', 'La Selecta', 'Honduras'])
      expect(text).not.toContain(offBeat);
    // The 473 deaths-in-custody story ran in five feeds: one alert.
    expect(messages.filter((m) => /473/.test(m.message.title))).toHaveLength(1);
  });

  it('a follow gets each matching cluster once, and one threaded follow-up of it, accents folded', async () => {
    const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const stories = (await service.stores.stories.latest('cecot', 1000)).reverse();
    const matching = stories
      .filter((s) => s.storedAtMs >= round2StartMs && s.item.relevant && s.item.duplicateOf === null)
      .filter(
        (s) =>
          /abrego/.test(fold(`${s.item.title}\n${s.item.summary}`)) &&
          /garcia/.test(fold(`${s.item.title}\n${s.item.summary}`)),
      );
    expect(matching.length).toBeGreaterThan(0);
    const clusters = new Map<string, string[]>();
    for (const s of matching) clusters.set(s.item.cluster, [...(clusters.get(s.item.cluster) ?? []), s.key]);
    const desk = (await recorded(redis, prefix)).filter((m) => m.destination === 'desk');
    // Each cluster: its first story starts a thread; at most one later story replies in it this hour.
    const roots = desk.filter((m) => m.replyTo === null);
    const replies = desk.filter((m) => m.replyTo !== null);
    expect(roots).toHaveLength(clusters.size);
    expect(replies).toHaveLength([...clusters.values()].filter((keys) => keys.length > 1).length);
    for (const reply of replies) expect(roots.map((r) => r.ref)).toContain(reply.replyTo);
    for (const [first] of clusters.values())
      expect(await service.stores.deliveries.isSent('desk', first!)).toBe(true);
  });

  it('round 3: unchanged feeds answer 304; one new story is alerted once, its copy never', async () => {
    await service.stores.follows.remove('cecot', 'desk', 'keywords', 'abrego garcia');
    const before = (await recorded(redis, prefix)).length;
    const round3StartMs = Date.now();
    server.files.set('isthmus-ledger.xml', withItem(server.files.get('isthmus-ledger.xml')!, ROUND_3_STORY));
    server.files.set(
      'harbor-city-tribune.xml',
      withItem(server.files.get('harbor-city-tribune.xml')!, ROUND_3_COPY),
    );
    await pollRound();
    const messages = await recorded(redis, prefix);
    expect(messages).toHaveLength(before + 1);
    expect(messages.at(-1)!.message.text).toContain('Red Cross');
    const expected = await expectedAlerts(round2StartMs);
    expect(await sentKeys()).toEqual(expected);
    const round3 = (await service.stores.stories.latest('cecot', 1000)).filter(
      (s) => s.storedAtMs >= round3StartMs,
    );
    expect(round3).toHaveLength(2);
    expect(round3.filter((s) => s.item.duplicateOf !== null)).toHaveLength(1);
    const metrics = await service.metrics.registry.metrics();
    expect(metrics).toMatch(/beatwatch_not_modified_total\{topic="cecot"\} [1-9]/);
    expect(metrics).toMatch(/beatwatch_deliveries_total\{destination="recording",result="rate-limited"\} 2/);
    expect(metrics).toMatch(/beatwatch_poll_to_delivery_seconds_count\{destination="recording"\} [1-9]/);
  });

  it('the same delivery queued again is not posted twice', async () => {
    const before = (await recorded(redis, prefix)).length;
    const [sent] = await sentKeys();
    await service.queues.deliver.add('deliver-message', {
      topic: 'cecot',
      destinationId: 'recording',
      deliveryKey: sent!,
      message: { kind: 'alert', topic: 'cecot', title: 'again', sections: [], text: 'again' },
    });
    await service.waitUntilIdle();
    expect(await recorded(redis, prefix)).toHaveLength(before);
  });

  it('broken feeds are marked unhealthy (500 failing, 410 paused) and the rest carry on', async () => {
    const feeds = await service.stores.feeds.list();
    const broken = feeds.find((f) => f.url.endsWith('/broken.xml'))!;
    const gone = feeds.find((f) => f.url.endsWith('/gone.xml'))!;
    expect(broken.consecutiveFailures).toBeGreaterThanOrEqual(1);
    expect(broken.lastStatus).toBe(500);
    expect(broken.lastError).toContain('http-status');
    expect(broken.paused).toBe(false);
    expect(gone).toMatchObject({ paused: true, lastStatus: 410 });
    const healthy = feeds.filter((f) => !f.url.endsWith('broken.xml') && !f.url.endsWith('gone.xml'));
    expect(healthy.every((f) => f.consecutiveFailures === 0 && f.lastSuccessAtMs !== null)).toBe(true);
    const lines = formatSources(feeds, Date.now()).join('\n');
    expect(lines).toContain('PAUSED');
    expect(lines).toContain('FAILING');
    expect(lines).toContain('410 Gone');
  });

  it('reports ingest timings when asked (BEATWATCH_MEASURE=1)', async () => {
    const jobs = await service.queues.ingest.getJobs(['completed'], 0, 1000);
    const timed = jobs.filter((j) => j.processedOn && j.finishedOn);
    expect(timed.length).toBeGreaterThan(0);
    if (process.env.BEATWATCH_MEASURE) {
      const items = timed.reduce((n, j) => n + j.data.items.length, 0);
      const ms = timed.map((j) => j.finishedOn! - j.processedOn!).sort((a, b) => a - b);
      const total = ms.reduce((a, b) => a + b, 0);
      process.stderr.write(
        `ingest: ${timed.length} jobs, ${items} items, ${total} ms under the beat lock in all ` +
          `(median job ${ms[Math.floor(ms.length / 2)]} ms, slowest ${ms.at(-1)} ms)\n`,
      );
    }
  });

  it('serves /healthz and /metrics', async () => {
    const health = await fetch(`http://127.0.0.1:${service.httpPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', redis: 'up' });
    const metrics = await (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();
    expect(metrics).toContain('beatwatch_polls_total');
    expect(metrics).toContain('beatwatch_queue_depth{queue="deliver",state="waiting"} 0');
    expect(metrics).toContain('beatwatch_feeds{status="paused"} 1');
    expect(metrics).toContain('beatwatch_feeds{status="failing"} 1');
  });
});
