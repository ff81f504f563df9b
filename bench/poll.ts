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
import { measurePollParts, type PollPart } from './poll-parts.js';
import { type RedisUnitCost, readRedisCounters, unitCost } from './redis-stats.js';
import { syntheticItems } from './synthetic.js';

/** What one kind of poll costs. */
export interface PollUnitCost {
  polls: number;
  /** CPU time of the process running the poll workers (and the bench's feed server), per poll. */
  processCpuUs: number;
  redis: RedisUnitCost;
}

/** The poll figure: the cycle against the bare loop, its parts, and the unit costs. */
export interface PollResult {
  feeds: number;
  concurrency: number;
  /** The fastest of the cycles, and every cycle's time. */
  cycle: {
    ms: number;
    feedsPerSec: number;
    notModified: number;
    other: number;
    cpuUsPerPoll: number;
    allMs: number[];
  };
  bareFetch: { ms: number; requestsPerSec: number; cpuUsPerRequest: number; allMs: number[] };
  /** cycle feeds/s ÷ bare requests/s. */
  ratio: number;
  /** Each part of the cycle measured alone. */
  parts: PollPart[];
  /** Scheduled polls answered 304, every feed on its own job scheduler. */
  scheduled: PollUnitCost & { intervalMs: number };
  /** Polls of feeds without validators listing `items` already-seen items each. */
  unchanged: PollUnitCost & { items: number };
  peakRssMb: number;
}

/** Sizes of the poll figure. */
export interface PollBenchOptions {
  config: Config;
  redisUrl: string;
  feeds: number;
  concurrency: number;
  /** Cycles and bare passes timed, in turn. */
  rounds: number;
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
async function bareFetchLoop(server: BenchFeedServer, concurrency: number): Promise<void> {
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

/** One timed pass: wall time and this process's CPU time per feed. */
interface Pass {
  ms: number;
  cpuUs: number;
}

/** Times `work`, which may give its own end time (the last job's finish). */
async function timed(feeds: number, work: () => Promise<number | undefined>): Promise<Pass> {
  const cpu = process.cpuUsage();
  const start = Date.now();
  const end = (await work()) ?? Date.now();
  const used = process.cpuUsage(cpu);
  return { ms: end - start, cpuUs: (used.user + used.system) / feeds };
}

/**
 * The cycle and the bare loop `rounds` times each, in turn, after a first cycle that fetches
 * every feed once (200 + ETag) and a bare pass that opens its connections. The fastest pass of
 * each is kept: on a machine shared with other work it is the least disturbed one.
 */
async function notModifiedCycle(options: PollBenchOptions, prefix: string) {
  const { feeds, concurrency, rounds } = options;
  const server = await startBenchFeedServer({ feeds });
  // No scheduler role: its job schedulers would add polls of their own during the measurement.
  // `pollNow` polls are forced, so one cycle may follow another at once.
  const service = await startPolling(options, prefix, server.feedUrls, ['poll'], 60_000);
  try {
    await cycle(service);
    await bareFetchLoop(server, concurrency);
    const before = { ...server.counts };
    const rss = trackPeakRss();
    const cycles: Pass[] = [];
    const bare: Pass[] = [];
    for (let round = 0; round < rounds; round++) {
      cycles.push(
        await timed(feeds, async () => {
          await service.pollNow();
          return pollsDrained(service);
        }),
      );
      bare.push(
        await timed(feeds, async () => {
          await bareFetchLoop(server, concurrency);
          return undefined;
        }),
      );
    }
    const peak = rss.stop();
    const after = { ...server.counts };
    const parts = await measurePollParts({
      config: options.config,
      redisUrl: options.redisUrl,
      server,
      concurrency,
      rounds,
      prefix: `${prefix}-parts`,
    });
    const best = (passes: Pass[]) => passes.reduce((a, b) => (b.ms < a.ms ? b : a));
    const cycleBest = best(cycles);
    const bareBest = best(bare);
    const feedsPerSec = feeds / (cycleBest.ms / 1000);
    const requestsPerSec = feeds / (bareBest.ms / 1000);
    return {
      cycle: {
        ms: cycleBest.ms,
        feedsPerSec,
        // Every request of the measured passes (the bare loop's get 304s too), per cycle.
        notModified: (after.notModified - before.notModified) / (2 * rounds),
        other: (after.ok - before.ok) / rounds,
        cpuUsPerPoll: cycleBest.cpuUs,
        allMs: cycles.map((c) => c.ms),
      },
      bareFetch: {
        ms: bareBest.ms,
        requestsPerSec,
        cpuUsPerRequest: bareBest.cpuUs,
        allMs: bare.map((b) => b.ms),
      },
      ratio: feedsPerSec / requestsPerSec,
      parts,
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

/** Measures the cycle, its parts and the unit costs, each on a fresh key prefix. */
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
