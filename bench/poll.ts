/**
 * (d) One poll cycle over many feeds served locally, every one answering 304 Not Modified: the
 * steady state of a deployment, where almost every poll finds nothing new. A first cycle fetches
 * each feed once (200 with an ETag); the second, measured, cycle sends If-None-Match and gets
 * 304s. The reference is the same conditional GETs made by a bare `fetch` loop at the same
 * concurrency, in the same run, against the same server.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Redis } from 'ioredis';
import type { Config } from '../src/config/schema.js';
import { silentLogger } from '../src/log.js';
import { startBeatwatch } from '../src/main.js';
import { deleteKeysWithPrefix } from '../src/runtime/redis-keys.js';
import { MB, trackPeakRss } from './memory.js';

export interface PollResult {
  feeds: number;
  concurrency: number;
  cycle: { ms: number; feedsPerSec: number; notModified: number; other: number };
  bareFetch: { ms: number; requestsPerSec: number };
  /** cycle feeds/s ÷ bare requests/s. */
  ratio: number;
  peakRssMb: number;
}

const EMPTY_FEED = Buffer.from(
  '<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title><link>https://bench.example/</link></channel></rss>',
);

async function startNotModifiedServer() {
  const counts = { ok: 0, notModified: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const etag = `"${req.url}"`;
    if (req.headers['if-none-match'] === etag) {
      counts.notModified += 1;
      res.writeHead(304, { etag }).end();
      return;
    }
    counts.ok += 1;
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': EMPTY_FEED.length, etag });
    res.end(EMPTY_FEED);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export async function benchPoll(options: {
  config: Config;
  redisUrl: string;
  feeds: number;
  concurrency: number;
}): Promise<PollResult> {
  const { feeds, concurrency } = options;
  const server = await startNotModifiedServer();
  const prefix = `beatwatch-bench-${randomBytes(4).toString('hex')}`;
  const urls = Array.from({ length: feeds }, (_, i) => `${server.url}/feed/${i}.xml`);
  const topic = options.config.topics[0]!;
  const config: Config = {
    ...options.config,
    redis: { keyPrefix: prefix },
    fetch: { ...options.config.fetch, allowPrivateNetworks: true },
    topics: [{ ...topic, feeds: urls.map((url, i) => ({ url, name: `Bench feed ${i}` })) }],
    destinations: [],
  };
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  // A short interval so the second cycle is due soon after the first (a poll is skipped when
  // the feed was polled less than half an interval ago).
  const intervalMs = 1000;
  // No scheduler role: its job schedulers would add polls of their own during the measurement.
  const service = await startBeatwatch({
    config,
    redisUrl: options.redisUrl,
    roles: ['poll'],
    logger: silentLogger(),
    timings: { pollIntervalMs: intervalMs },
    concurrency: { poll: concurrency },
  });
  const pollDrained = async () => {
    for (;;) {
      const c = await service.queues.poll.getJobCounts('waiting', 'active', 'prioritized');
      if ((c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    for (let i = 0; i < urls.length; i += 200) {
      await Promise.all(
        urls
          .slice(i, i + 200)
          .map((url, j) =>
            service.stores.feeds.register({ url, topic: topic.id, name: `Bench feed ${i + j}` }),
          ),
      );
    }
    // Cycle 1: every feed fetched once (200 + ETag).
    await service.pollNow();
    await pollDrained();
    await new Promise((r) => setTimeout(r, intervalMs * 0.6));

    // Cycle 2, measured: every feed answers 304.
    const before = { ...server.counts };
    const rss = trackPeakRss();
    const start = performance.now();
    await service.pollNow();
    await pollDrained();
    const ms = performance.now() - start;
    const peak = rss.stop();
    const notModified = server.counts.notModified - before.notModified;
    const other = server.counts.ok - before.ok;

    // Reference: the same conditional requests, bare.
    let next = 0;
    const bareStart = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < urls.length) {
          const url = urls[next++]!;
          const res = await fetch(url, { headers: { 'if-none-match': `"${new URL(url).pathname}"` } });
          await res.arrayBuffer();
        }
      }),
    );
    const bareMs = performance.now() - bareStart;
    const feedsPerSec = feeds / (ms / 1000);
    const requestsPerSec = feeds / (bareMs / 1000);
    return {
      feeds,
      concurrency,
      cycle: { ms, feedsPerSec, notModified, other },
      bareFetch: { ms: bareMs, requestsPerSec },
      ratio: feedsPerSec / requestsPerSec,
      peakRssMb: peak / MB,
    };
  } finally {
    await service.stop();
    await server.close();
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}
