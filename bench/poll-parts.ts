/**
 * Where a poll cycle's time goes: each part of a poll of a 304 feed measured alone, at the cycle's
 * concurrency, against the same feed server and Redis — queueing the jobs (as `pollNow` does), a
 * BullMQ worker draining them without doing anything, the service's fetcher alone, the feed's
 * lock and state alone (`beginPoll` and `finish`), and `processPoll` without BullMQ. Each is
 * timed `rounds` times after one pass that warms it up, and the fastest pass kept.
 */
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../src/config/schema.js';
import { createFeedFetcher } from '../src/feeds/fetch/index.js';
import { parseFeed } from '../src/feeds/parse/index.js';
import { silentLogger } from '../src/log.js';
import type { PollJob } from '../src/queue/jobs/poll.js';
import { JOB_NAMES, QUEUE_NAMES } from '../src/queue/names.js';
import { type PollDeps, processPoll } from '../src/queue/workers/poll.js';
import { createMetrics } from '../src/service/metrics.js';
import { defaultJobOptions } from '../src/service/queues.js';
import { DEFAULT_TIMINGS } from '../src/service/timings.js';
import { createRedisFeedStore } from '../src/store/feed-store.js';
import type { BenchFeedServer } from './feed-server.js';

/** One part: the fastest pass over every feed, and this process's CPU time per feed in it. */
export interface PollPart {
  part: string;
  ms: number;
  cpuUs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `work(i)` for every feed with `concurrency` at once. */
async function pool(feeds: number, concurrency: number, work: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < feeds) await work(next++);
    }),
  );
}

/** Times `work`, which may give its own end time (the last job's finish). */
async function clocked(feeds: number, work: () => Promise<number | undefined>) {
  const cpu = process.cpuUsage();
  const start = Date.now();
  const end = (await work()) ?? Date.now();
  const used = process.cpuUsage(cpu);
  return { ms: end - start, cpuUs: (used.user + used.system) / feeds };
}

/** The fastest of `rounds` passes, after one that warms up. */
async function fastest(
  part: string,
  rounds: number,
  pass: (round: number) => Promise<{ ms: number; cpuUs: number }>,
): Promise<PollPart> {
  await pass(-1);
  let best: PollPart = { part, ms: Number.POSITIVE_INFINITY, cpuUs: 0 };
  for (let round = 0; round < rounds; round++) {
    const timed = await pass(round);
    if (timed.ms < best.ms) best = { part, ...timed };
  }
  return best;
}

/** Measures each part of a poll alone against `server`'s feeds (which must answer 304 to `"<feed>-0"`). */
export async function measurePollParts(options: {
  config: Config;
  redisUrl: string;
  server: BenchFeedServer;
  concurrency: number;
  rounds: number;
  prefix: string;
}): Promise<PollPart[]> {
  const { server, concurrency, rounds, prefix } = options;
  const urls = server.feedUrls;
  const feeds = urls.length;
  const topic = options.config.topics[0]!.id;
  const jobData = (i: number): PollJob => ({
    topic,
    feedUrl: urls[i]!,
    feedName: `Bench feed ${i}`,
    intervalMs: 900_000,
    force: true,
  });
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const pollRedis = new Redis(options.redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining: true });
  const fetcher = createFeedFetcher({ ...options.config.fetch, allowPrivateNetworks: true });
  const store = createRedisFeedStore(pollRedis, prefix, { retentionMs: 86_400_000 });
  const queue = new Queue<PollJob>(QUEUE_NAMES.poll, {
    connection: redis,
    prefix,
    defaultJobOptions: defaultJobOptions({
      attempts: DEFAULT_TIMINGS.attempts,
      backoffMs: DEFAULT_TIMINGS.backoffMs,
      keepFailedMs: 86_400_000,
    }),
  });
  const addAll = (round: number) =>
    queue.addBulk(
      urls.map((_, i) => ({ name: JOB_NAMES.poll, data: jobData(i), opts: { jobId: `part-${round}-${i}` } })),
    );
  try {
    const parts: PollPart[] = [];
    // Queueing, into a paused queue so that nothing runs meanwhile.
    await queue.pause();
    parts.push(
      await fastest('queue the polls (`addBulk`, as `pollNow`)', rounds, (round) =>
        clocked(feeds, async () => {
          await addAll(round);
          return undefined;
        }),
      ),
    );
    await queue.obliterate({ force: true });

    // A worker that does nothing, from resuming the queue to the last job's finish.
    let done = 0;
    const worker = new Worker<PollJob>(QUEUE_NAMES.poll, async (_job: Job) => ({ outcome: 'not-modified' }), {
      connection: new Redis(options.redisUrl, { maxRetriesPerRequest: null }),
      prefix,
      concurrency,
      autorun: true,
    });
    worker.on('completed', () => {
      done += 1;
    });
    parts.push(
      await fastest('a BullMQ worker doing nothing', rounds, async (round) => {
        // Queueing is measured above: the clock starts when the queue resumes.
        await queue.pause();
        await addAll(round + rounds + 1);
        const target = done + feeds;
        return clocked(feeds, async () => {
          await queue.resume();
          while (done < target) await sleep(5);
          const [last] = await queue.getJobs(['completed'], 0, 0);
          return last?.finishedOn;
        });
      }),
    );
    await worker.close();
    await worker.disconnect();

    const etag = (i: number) => `"${i}-0"`;
    parts.push(
      await fastest("the service's fetcher alone", rounds, () =>
        clocked(feeds, async () => {
          await pool(feeds, concurrency, (i) =>
            fetcher.fetch({ url: urls[i]!, etag: etag(i), lastModified: null }),
          );
          return undefined;
        }),
      ),
    );
    for (let i = 0; i < feeds; i++) await store.register({ url: urls[i]!, topic, name: `Bench feed ${i}` });
    parts.push(
      await fastest("the feed's lock and state alone (`beginPoll`, `finish`)", rounds, (round) =>
        clocked(feeds, async () => {
          await pool(feeds, concurrency, async (i) => {
            const poll = await store.beginPoll(urls[i]!, `part:${round}:${i}`, DEFAULT_TIMINGS.feedLockMs);
            await poll?.finish({ etag: etag(i), lastStatus: 304, consecutiveFailures: 0, lastError: null });
          });
          return undefined;
        }),
      ),
    );
    const deps: PollDeps = {
      feeds: store,
      fetcher,
      parse: (bytes, { baseUrl, contentType }) => parseFeed(bytes, { baseUrl, contentType }),
      enqueueIngest: async () => undefined,
      poll: options.config.poll,
      feedLockMs: DEFAULT_TIMINGS.feedLockMs,
      metrics: createMetrics(),
      logger: silentLogger(),
    };
    parts.push(
      await fastest('`processPoll` without BullMQ', rounds, (round) =>
        clocked(feeds, async () => {
          await pool(feeds, concurrency, (i) => processPoll(deps, jobData(i), `part-${round}-${i}`));
          return undefined;
        }),
      ),
    );
    return parts;
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await fetcher.close();
    pollRedis.disconnect();
    redis.disconnect();
  }
}
