/**
 * Polling: one poll cycle over many feeds answering 304 Not Modified — the steady state of a
 * deployment, where almost every poll finds nothing new — against the same conditional GETs from
 * a bare `fetch` loop at the same concurrency, in the same run, against the same server. Then the
 * unit costs the capacity estimate is built from: the process's CPU and Redis's work per poll,
 * measured while the job schedulers poll every feed (304s), and per poll of a feed that sends no
 * validators and lists only items already seen (200, parsed, nothing new).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Config } from '../src/config/schema.js';
import { silentLogger } from '../src/log.js';
import { type Role, type Service, startBeatwatch } from '../src/main.js';
import { deleteKeysWithPrefix } from '../src/runtime/redis-keys.js';
import { type BenchFeedServer, startBenchFeedServer } from './feed-server.js';
import { MB, trackPeakRss } from './memory.js';
import { type RedisUnitCost, readRedisCounters, unitCost } from './redis-stats.js';
import { syntheticItems } from './synthetic.js';

/** What one kind of poll costs. */
export interface PollUnitCost {
  polls: number;
  /** CPU time of the process running the poll workers (and the bench's feed server), per poll. */
  processCpuUs: number;
  redis: RedisUnitCost;
}

export interface PollResult {
  feeds: number;
  concurrency: number;
  cycle: { ms: number; feedsPerSec: number; notModified: number; other: number; cpuUsPerPoll: number };
  bareFetch: { ms: number; requestsPerSec: number; cpuUsPerRequest: number };
  /** cycle feeds/s ÷ bare requests/s. */
  ratio: number;
  /** Scheduled polls answered 304, every feed on its own job scheduler. */
  scheduled: PollUnitCost & { intervalMs: number };
  /** Polls of feeds without validators listing `items` already-seen items each. */
  unchanged: PollUnitCost & { items: number };
  peakRssMb: number;
}

export interface PollBenchOptions {
  config: Config;
  redisUrl: string;
  feeds: number;
  concurrency: number;
  /** Feeds (and items in each) of the unchanged-200 measurement. */
  unchangedFeeds: number;
  unchangedItems: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The project's configuration polling `urls` under a fresh prefix, private addresses allowed. */
function pollConfig(base: Config, prefix: string, urls: readonly string[]): Config {
  const topic = base.topics[0]!;
  return {
    ...base,
    redis: { keyPrefix: prefix },
    fetch: { ...base.fetch, allowPrivateNetworks: true },
    topics: [{ ...topic, feeds: urls.map((url, i) => ({ url, name: `Bench feed ${i}` })) }],
    destinations: [],
  };
}

async function startPolling(
  options: PollBenchOptions,
  prefix: string,
  urls: readonly string[],
  roles: Role[],
  intervalMs: number,
): Promise<Service> {
  return startBeatwatch({
    config: pollConfig(options.config, prefix, urls),
    redisUrl: options.redisUrl,
    roles,
    logger: silentLogger(),
    timings: { pollIntervalMs: intervalMs },
    concurrency: { poll: options.concurrency },
  });
}

/** Waits until no poll job waits or runs; returns the last one's finish time. */
async function pollsDrained(service: Service): Promise<number> {
  for (;;) {
    const c = await service.queues.poll.getJobCounts('waiting', 'active', 'prioritized');
    if ((c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) === 0) break;
    await sleep(20);
  }
  const [last] = await service.queues.poll.getJobs(['completed'], 0, 0);
  return last?.finishedOn ?? Date.now();
}

/** Polls of every feed once (by hand, as `pollNow` queues them) and their finish. */
async function cycle(service: Service): Promise<void> {
  await service.pollNow();
  await pollsDrained(service);
}

/** The conditional GETs of one cycle from a bare `fetch` loop at `concurrency`. */
async function bareFetchLoop(server: BenchFeedServer, concurrency: number): Promise<number> {
  const urls = server.feedUrls;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const i = next++;
        const res = await fetch(urls[i]!, { headers: { 'if-none-match': `"${i}-0"` } });
        await res.arrayBuffer();
      }
    }),
  );
  return urls.length;
}

/** CPU time of this process (every thread) and Redis's work during `work`, per poll it reports. */
async function measure(redis: Redis, work: () => Promise<number>): Promise<PollUnitCost> {
  const before = await readRedisCounters(redis);
  const cpu = process.cpuUsage();
  const polls = Math.max(1, await work());
  const used = process.cpuUsage(cpu);
  return {
    polls,
    processCpuUs: (used.user + used.system) / polls,
    redis: unitCost(before, await readRedisCounters(redis), polls),
  };
}

async function notModifiedCycle(options: PollBenchOptions, prefix: string) {
  const { feeds, concurrency } = options;
  const server = await startBenchFeedServer({ feeds });
  // A short interval so the measured cycle is due soon after the first (a poll is skipped when
  // the feed was polled less than half an interval ago). No scheduler role: its job schedulers
  // would add polls of their own during the measurement.
  const intervalMs = 1000;
  const service = await startPolling(options, prefix, server.feedUrls, ['poll'], intervalMs);
  try {
    // Cycle 1: every feed fetched once (200 + ETag), registered by its first poll.
    await cycle(service);
    await sleep(intervalMs * 0.6);

    // Cycle 2, measured: every feed answers 304.
    const before = { ...server.counts };
    const rss = trackPeakRss();
    const cpu = process.cpuUsage();
    const start = Date.now();
    await service.pollNow();
    const end = await pollsDrained(service);
    const used = process.cpuUsage(cpu);
    const ms = end - start;
    const peak = rss.stop();
    const notModified = server.counts.notModified - before.notModified;
    const other = server.counts.ok - before.ok;

    // Reference: the same conditional requests, bare, after a pass that opens its connections.
    await bareFetchLoop(server, concurrency);
    const bareCpu = process.cpuUsage();
    const bareStart = performance.now();
    await bareFetchLoop(server, concurrency);
    const bareMs = performance.now() - bareStart;
    const bareUsed = process.cpuUsage(bareCpu);
    const feedsPerSec = feeds / (ms / 1000);
    const requestsPerSec = feeds / (bareMs / 1000);
    return {
      cycle: {
        ms,
        feedsPerSec,
        notModified,
        other,
        cpuUsPerPoll: (used.user + used.system) / feeds,
      },
      bareFetch: {
        ms: bareMs,
        requestsPerSec,
        cpuUsPerRequest: (bareUsed.user + bareUsed.system) / feeds,
      },
      ratio: feedsPerSec / requestsPerSec,
      peakRssMb: peak / MB,
    };
  } finally {
    await service.stop();
    await server.close();
  }
}

/** Polls counted by the service's metrics. */
async function pollCount(service: Service): Promise<number> {
  return (await service.metrics.polls.get()).values.reduce((n, v) => n + v.value, 0);
}

/**
 * Every feed on its own job scheduler, as in production, at a short interval: the per-poll cost
 * over two intervals of steady polling, once every feed has had its first poll.
 */
async function scheduledPolls(options: PollBenchOptions, redis: Redis, prefix: string) {
  const server = await startBenchFeedServer({ feeds: options.feeds });
  // Long enough for one worker to poll every feed well within it.
  const intervalMs = Math.max(1000, options.feeds * 2);
  const service = await startPolling(options, prefix, server.feedUrls, ['scheduler', 'poll'], intervalMs);
  try {
    await pollsDrained(service);
    while (server.counts.ok < options.feeds) await sleep(50);
    await sleep(intervalMs);
    return await measure(redis, async () => {
      const start = await pollCount(service);
      await sleep(intervalMs * 2);
      return (await pollCount(service)) - start;
    });
  } finally {
    await service.stop();
    await server.close();
  }
}

/** Feeds without validators whose items were all seen: fetched in full, parsed, nothing new. */
async function unchangedPolls(options: PollBenchOptions, redis: Redis, prefix: string) {
  const { unchangedFeeds: feeds, unchangedItems: items } = options;
  const server = await startBenchFeedServer({ feeds, maxItems: items, validators: false });
  server.publish(
    syntheticItems(feeds * items, { seed: 11, startMs: Date.now() - 86_400_000, spacingMs: 60_000 }).map(
      (s, i) => ({ feed: i % feeds, item: s.item, atMs: 0 }),
    ),
  );
  const intervalMs = 1000;
  const service = await startPolling(options, prefix, server.feedUrls, ['poll'], intervalMs);
  try {
    // The first cycle hands the items over (to an ingest queue nobody drains) and marks them seen.
    await cycle(service);
    await sleep(intervalMs * 0.6);
    const cost = await measure(redis, async () => {
      await cycle(service);
      return feeds;
    });
    return { ...cost, items };
  } finally {
    await service.stop();
    await server.close();
  }
}

export async function benchPoll(options: PollBenchOptions): Promise<PollResult> {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const prefix = `beatwatch-bench-${randomBytes(4).toString('hex')}`;
  try {
    const cycleResult = await notModifiedCycle(options, `${prefix}-cycle`);
    const scheduledIntervalMs = Math.max(1000, options.feeds * 2);
    const scheduled = await scheduledPolls(options, redis, `${prefix}-scheduled`);
    const unchanged = await unchangedPolls(options, redis, `${prefix}-unchanged`);
    return {
      feeds: options.feeds,
      concurrency: options.concurrency,
      ...cycleResult,
      scheduled: { ...scheduled, intervalMs: scheduledIntervalMs },
      unchanged,
    };
  } finally {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}
