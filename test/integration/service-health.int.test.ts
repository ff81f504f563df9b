/**
 * Health as an operator sees it: /healthz says `degraded` (still 200) when every feed of a beat
 * fails, answers 503 naming Redis when Redis stops answering (frozen with its connections open) or
 * goes away, and /metrics keeps answering meanwhile; poll failures are logged at warn without the
 * feed's password; the service still stops.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBeatwatch } from '../../src/main.js';
import { type PrivateRedis, startPrivateRedis } from '../../src/runtime/redis-server.js';
import type { Service } from '../../src/service/start.js';
import { type CapturedLogs, captureLogs } from '../helpers/logs.js';
import { sleep } from './service-processes.js';
import {
  createRecordingDestination,
  FAST_TIMINGS,
  type FeedServer,
  startFeedServer,
  testConfig,
} from './service-support.js';

const prefix = 'health';
let privateRedis: PrivateRedis;
let server: FeedServer;
let service: Service;
let logs: CapturedLogs;
let feedUrls: Array<{ url: string; name: string }>;
/** Log lines before Redis was stopped. */
let outageStart = 0;
/** The private redis-server's process while it is frozen (SIGSTOP), so it is always thawed. */
let frozenPid: number | null = null;

/** The process id of the redis-server behind `url`, as it reports it. */
async function redisPid(url: string): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    const info = await client.info('server');
    return Number(/^process_id:(\d+)/m.exec(info)![1]);
  } finally {
    client.disconnect();
  }
}

function thaw(): void {
  if (frozenPid === null) return;
  process.kill(frozenPid, 'SIGCONT');
  frozenPid = null;
}

beforeAll(async () => {
  privateRedis = await startPrivateRedis();
  server = await startFeedServer(new Map());
  server.statuses.set('broken.xml', 500);
  server.statuses.set('private.xml', 401);
  // The private feed's URL carries its credentials, as a user writes them in the config.
  feedUrls = server
    .urls()
    .map((f) =>
      f.name === 'private.xml' ? { ...f, url: f.url.replace('http://', 'http://reader:feed-pass-7@') } : f,
    );
  logs = captureLogs();
  service = await startBeatwatch({
    config: testConfig({ prefix, feeds: feedUrls, redisUrl: privateRedis.url }),
    redisUrl: privateRedis.url,
    roles: 'run',
    destinations: [createRecordingDestination(privateRedis.url, prefix)],
    pipeline: { createDestination: () => null },
    logger: logs.logger,
    timings: FAST_TIMINGS,
    httpPort: 0,
  });
});

afterAll(async () => {
  // A frozen redis-server would not act on the SIGTERM that stops it.
  thaw();
  await service?.stop();
  await server?.close();
  await privateRedis?.stop();
});

/** Each answer must come within this, whatever Redis does: a hang fails the test, not the run. */
const ANSWER_DEADLINE_MS = 2500;
const get = (path: string) =>
  fetch(`http://127.0.0.1:${service.httpPort}${path}`, { signal: AbortSignal.timeout(ANSWER_DEADLINE_MS) });

describe('health and logs of a running service', () => {
  it('says degraded (still 200) when every feed of a beat is failing', async () => {
    const before = await get('/healthz');
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ status: 'ok', redis: 'up' });

    await service.pollNow();
    await service.waitUntilIdle({ timeoutMs: 30_000 });
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'degraded',
      redis: 'up',
      beats: { cecot: { feeds: 2, failing: 2, paused: 0 } },
      degraded: ['every feed of beat cecot is failing or paused'],
    });
  });

  it('logs each failed poll at warn, and never the feed password', () => {
    const failed = logs.lines().filter((l) => l.msg === 'poll did not succeed');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed.every((l) => l.level === 40)).toBe(true);
    expect(logs.text()).not.toContain('feed-pass-7');
    expect(failed.map((l) => l.feed)).toContain(
      feedUrls.find((f) => f.name === 'private.xml')!.url.replace('feed-pass-7', '[redacted]'),
    );
  });

  it('answers 503 naming Redis, and /metrics says Redis is not up, while Redis is connected but frozen', async () => {
    const pid = await redisPid(privateRedis.url);
    process.kill(pid, 'SIGSTOP');
    frozenPid = pid;
    try {
      const health = await get('/healthz');
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({
        status: 'unhealthy',
        redis: 'down',
        down: expect.arrayContaining(['redis']),
      });
      const metrics = await get('/metrics');
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^beatwatch_redis_up 0$/m);
    } finally {
      thaw();
    }
    // Thawed, the same connections answer again.
    for (;;) {
      const health = await get('/healthz');
      if (health.status === 200) break;
      await sleep(100);
    }
  });

  it('answers 503 naming Redis while Redis is down, and /metrics still answers', async () => {
    outageStart = logs.lines().length;
    await privateRedis.stop();
    const health = await get('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unhealthy', redis: 'down' });
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('beatwatch_redis_up 0');
  });

  it('tells the outage once, then one line per backoff step, never a stack trace', async () => {
    const since = () => logs.lines().slice(outageStart);
    while (!since().some((l) => l.msg.startsWith('Redis still unreachable'))) await sleep(100);
    const loud = since().filter((l) => l.level >= 40);
    expect(loud[0]!.msg).toMatch(/^lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+/);
    for (const line of loud.slice(1))
      expect(line.msg).toMatch(/^Redis still unreachable after \d+ s; next attempt in/);
    expect(JSON.stringify(loud)).not.toContain('"stack"');
  });

  it('stops while Redis is down', async () => {
    await service.stop();
  });
});
