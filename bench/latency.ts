/**
 * Feed-to-chat latency: two `beatwatch` processes (`run`, which also schedules, and `worker`) on
 * the shipped configuration, polling local feeds that gain new stories at a steady rate, and
 * posting each to a `type: slack` destination through the real Slack Web API client, pointed
 * at a fake Slack that records when each post arrives (`SLACK_API_URL`, as a deployment sets it).
 *
 * The clock starts when the poll that finds the story starts (the `polledAtMs` its ingest and
 * deliver jobs carry) and stops when the fake receives the post. The wait for that poll (up to
 * one poll interval: 15 minutes as shipped) is not in it; it is reported apart, from the moment
 * the story appeared in its feed. Each story is matched to its jobs by its link, so the time is
 * also split: poll → ingest job queued (fetch, parse, seen check), ingest job → deliver job
 * queued (queue wait, analysis, store), deliver job → post received (queue wait, render, HTTP).
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Message } from '../src/chat/core/message.js';
import { loadConfig } from '../src/config/load.js';
import type { FeedItem } from '../src/feeds/types.js';
import { silentLogger } from '../src/log.js';
import { startBeatwatch } from '../src/main.js';
import { feedKey } from '../src/queue/feed-health.js';
import type { DeliverJob } from '../src/queue/jobs/deliver.js';
import type { IngestJob } from '../src/queue/jobs/ingest.js';
import { JOB_NAMES, QUEUE_NAMES } from '../src/queue/names.js';
import { deleteKeysWithPrefix } from '../src/runtime/redis-keys.js';
import { FAKE_BOT_TOKEN, startFakeSlack } from '../test/helpers/fake-slack.js';
import { cpuSecondsOf, type Deployment, startBeatwatchProcess, writeDeployment } from './deployment.js';
import { startBenchFeedServer } from './feed-server.js';
import { type RedisUnitCost, readRedisCounters, unitCost } from './redis-stats.js';
import { syntheticItems } from './synthetic.js';

/** Percentiles of a set of durations, in ms. */
export interface Spread {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** One latency run. */
export interface LatencyResult {
  ratePerSec: number;
  feeds: number;
  pollIntervalMs: number;
  warmUpSeconds: number;
  measuredSeconds: number;
  /** Stories that appeared during the measured window, and how many of them were posted. */
  published: number;
  posted: number;
  /** Poll start → post received. */
  pollToPost: Spread;
  /** Story appeared in its feed → post received (includes the wait for the next poll). */
  appearToPost: Spread;
  split: { pollToIngest: Spread; ingestToDeliver: Spread; deliverToPost: Spread };
  /** CPU seconds per posted story of each beatwatch process over the measured window. */
  processCpuMsPerStory: number[];
  /** Redis's work and the process's CPU per delivery (alerts of this run posted again). */
  perDelivery: { deliveries: number; processCpuUs: number; redis: RedisUnitCost };
}

/** The stream: its rate, the feeds and their poll interval, and how long it is measured. */
export interface LatencyOptions {
  redisUrl: string;
  ratePerSec: number;
  feeds: number;
  pollIntervalMs: number;
  warmUpMs: number;
  measuredMs: number;
  /** Deliveries replayed for the per-delivery cost. */
  deliveries: number;
}

const CHANNEL = 'C0BENCH';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentiles. */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/** The bench's number of a story, from the link its post or job carries. */
const storyNumber = (text: string): number | null => {
  const m = /\/news\/(\d+)/.exec(text);
  return m ? Number(m[1]) : null;
};

/**
 * Finished jobs of a queue, gathered as they come (completed jobs are trimmed to 1,000). Reading
 * them loads Redis too, so while the stream runs only the newest few hundred are read.
 */
function harvester<T>(queue: Queue<T>) {
  const seen = new Map<string, { data: T; timestamp: number }>();
  return {
    seen,
    async collect(newest = 1000): Promise<void> {
      for (const job of await queue.getJobs(['completed'], 0, newest - 1)) {
        if (job?.id) seen.set(job.id, { data: job.data, timestamp: job.timestamp });
      }
    },
  };
}

/** Waits until every feed's first poll succeeded and its items are stored. */
async function firstPollsDone(redis: Redis, prefix: string, urls: readonly string[], ingest: Queue) {
  for (;;) {
    const pipeline = redis.pipeline();
    for (const url of urls) pipeline.hget(`${prefix}:feed:${feedKey(url)}`, 'lastSuccessAtMs');
    const polled = ((await pipeline.exec()) ?? []).filter(([, v]) => v !== null).length;
    const counts = await ingest.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (polled === urls.length && Object.values(counts).every((n) => n === 0)) return;
    await sleep(200);
  }
}

/** Runs the stream through two `beatwatch` processes and times each story from poll to post. */
export async function benchLatency(options: LatencyOptions): Promise<LatencyResult> {
  const { ratePerSec, feeds, pollIntervalMs, warmUpMs, measuredMs } = options;
  const prefix = `beatwatch-bench-${randomBytes(4).toString('hex')}`;
  const fake = await startFakeSlack();
  const server = await startBenchFeedServer({ feeds, maxItems: 20 });
  // One story already in each feed: the first poll stores it and posts nothing.
  server.publish(
    syntheticItems(feeds, { seed: 3, startMs: Date.now() - 3_600_000, spacingMs: 1000 }).map((s, i) => ({
      feed: i,
      item: { ...s.item, id: `first-${i}`, link: `https://bench.example/first/${i}` },
      atMs: 0,
    })),
  );
  const deployment = writeDeployment({
    prefix,
    feedUrls: server.feedUrls,
    pollIntervalMinutes: pollIntervalMs / 60_000,
    destinations: [{ id: 'desk', type: 'slack', channel: CHANNEL, topics: ['cecot'] }],
  });
  const env = {
    REDIS_URL: options.redisUrl,
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_API_URL: fake.apiUrl,
  };
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const ingest = new Queue<IngestJob>(QUEUE_NAMES.ingest, { connection: redis, prefix });
  const deliver = new Queue<DeliverJob>(QUEUE_NAMES.deliver, { connection: redis, prefix });
  const processes = [
    startBeatwatchProcess('run', deployment, env),
    startBeatwatchProcess('worker', deployment, env),
  ];
  try {
    await Promise.all(processes.map((p) => p.started));
    await firstPollsDone(redis, prefix, server.feedUrls, ingest);

    // The stream: story k appears in feed k mod `feeds` at t0 + k / rate.
    const t0 = Date.now() + 500;
    const count = Math.round((ratePerSec * (warmUpMs + measuredMs)) / 1000);
    const gapMs = 1000 / ratePerSec;
    const stream = syntheticItems(count, { seed: 17, startMs: t0, spacingMs: gapMs, mix: 'new-stories' });
    const appearAt = (k: number) => t0 + k * gapMs;
    server.publish(stream.map((s, k) => ({ feed: k % feeds, item: s.item as FeedItem, atMs: appearAt(k) })));
    const firstMeasured = Math.ceil((warmUpMs / 1000) * ratePerSec);
    const ingested = harvester(ingest);
    const delivered = harvester(deliver);

    await sleep(t0 + warmUpMs - Date.now());
    const cpuBefore = processes.map((p) => cpuSecondsOf(p.child.pid!));
    await waitForQuiet([ingest, deliver] as Queue[], appearAt(count - 1), pollIntervalMs, async () => {
      await ingested.collect(300);
      await delivered.collect(300);
    });
    const cpuUsed = processes.map((p, i) => cpuSecondsOf(p.child.pid!) - cpuBefore[i]!);
    await ingested.collect();
    await delivered.collect();

    const postedAt = new Map<number, number>();
    for (const post of fake.posts(CHANNEL)) {
      const k = storyNumber(`${post.text}${JSON.stringify(post.blocks)}`);
      if (k !== null && !postedAt.has(k)) postedAt.set(k, post.receivedAtMs);
    }
    const ingestOf = new Map<number, { polledAtMs: number; queuedAtMs: number }>();
    for (const { data, timestamp } of ingested.seen.values())
      for (const item of data.items) {
        const k = storyNumber(item.link ?? '');
        if (k !== null) ingestOf.set(k, { polledAtMs: data.polledAtMs, queuedAtMs: timestamp });
      }
    const deliverOf = new Map<number, { polledAtMs: number; queuedAtMs: number; message?: Message }>();
    for (const { data, timestamp } of delivered.seen.values()) {
      const k = storyNumber(JSON.stringify(data.message ?? ''));
      if (k !== null)
        deliverOf.set(k, { polledAtMs: data.polledAtMs ?? 0, queuedAtMs: timestamp, message: data.message });
    }
    const pollToPost: number[] = [];
    const appearToPost: number[] = [];
    const split = {
      pollToIngest: [] as number[],
      ingestToDeliver: [] as number[],
      deliverToPost: [] as number[],
    };
    for (let k = firstMeasured; k < count; k++) {
      const posted = postedAt.get(k);
      const d = deliverOf.get(k);
      const i = ingestOf.get(k);
      if (posted === undefined || !d || !i) continue;
      pollToPost.push(posted - d.polledAtMs);
      appearToPost.push(posted - appearAt(k));
      split.pollToIngest.push(i.queuedAtMs - i.polledAtMs);
      split.ingestToDeliver.push(d.queuedAtMs - i.queuedAtMs);
      split.deliverToPost.push(posted - d.queuedAtMs);
    }
    for (const p of processes) await p.stop();

    const messages = [...deliverOf.values()].flatMap((d) => (d.message ? [d.message] : []));
    const perDelivery = await deliveryCost(options, deployment, env, messages.slice(0, options.deliveries));
    return {
      ratePerSec,
      feeds,
      pollIntervalMs,
      warmUpSeconds: warmUpMs / 1000,
      measuredSeconds: measuredMs / 1000,
      published: count - firstMeasured,
      posted: pollToPost.length,
      pollToPost: spread(pollToPost),
      appearToPost: spread(appearToPost),
      split: {
        pollToIngest: spread(split.pollToIngest),
        ingestToDeliver: spread(split.ingestToDeliver),
        deliverToPost: spread(split.deliverToPost),
      },
      processCpuMsPerStory: cpuUsed.map((s) => (s * 1000) / Math.max(1, pollToPost.length)),
      perDelivery,
    };
  } finally {
    for (const p of processes) await p.stop();
    await ingest.close();
    await deliver.close();
    await server.close();
    await fake.close();
    deployment.remove();
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}

/**
 * Waits until every story had its poll (the last one appeared at `lastAppearMs`) and the ingest
 * and deliver queues stayed empty for two looks in a row, calling `tick` every 3 seconds meanwhile
 * (20 stories a second leave well under 300 jobs a queue in that time).
 */
async function waitForQuiet(
  queues: readonly Queue[],
  lastAppearMs: number,
  pollIntervalMs: number,
  tick: () => Promise<void>,
): Promise<void> {
  const deadline = lastAppearMs + pollIntervalMs + 120_000;
  let lastTick = 0;
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    await sleep(200);
    if (Date.now() - lastTick >= 3000) {
      lastTick = Date.now();
      await tick();
    }
    if (Date.now() < lastAppearMs + pollIntervalMs + 200) continue;
    let busy = 0;
    for (const queue of queues) {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      busy += Object.values(c).reduce((a, b) => a + b, 0);
    }
    quiet = busy === 0 ? quiet + 1 : 0;
  }
}

/**
 * Redis's work and this process's CPU per delivery: the run's alerts posted again (new delivery
 * keys) by a deliver worker started in this process from the same configuration.
 */
async function deliveryCost(
  options: LatencyOptions,
  deployment: Deployment,
  env: Record<string, string>,
  messages: Message[],
): Promise<LatencyResult['perDelivery']> {
  const config = loadConfig({ path: deployment.configPath, env });
  const prefix = `${config.redis.keyPrefix}-deliver`;
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const service = await startBeatwatch({
    config: { ...config, redis: { keyPrefix: prefix } },
    redisUrl: options.redisUrl,
    roles: ['deliver'],
    logger: silentLogger(),
  });
  try {
    const before = await readRedisCounters(redis);
    const cpu = process.cpuUsage();
    await service.queues.deliver.addBulk(
      messages.map((message, i) => ({
        name: JOB_NAMES.deliver,
        data: { topic: message.topic, destinationId: 'desk', deliveryKey: `bench-${i}`, message },
      })),
    );
    // Checked sparingly: the check's own commands count in Redis's figures.
    for (;;) {
      const c = await service.queues.deliver.getJobCounts('waiting', 'active', 'delayed', 'completed');
      if (
        (c.completed ?? 0) >= messages.length ||
        (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0
      )
        break;
      await sleep(100);
    }
    const used = process.cpuUsage(cpu);
    const n = Math.max(1, messages.length);
    return {
      deliveries: messages.length,
      processCpuUs: (used.user + used.system) / n,
      redis: unitCost(before, await readRedisCounters(redis), n),
    };
  } finally {
    await service.stop();
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}
