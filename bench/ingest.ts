/**
 * (c) Ingest throughput end to end through BullMQ: ingest jobs (one feed's new items each) are
 * queued, then beatwatch's real ingest workers (analysis, store, fact reports) drain the queue.
 * The reference is a no-op BullMQ worker draining the same number of jobs with the same payloads,
 * the same job options and the same concurrency, on the same Redis, in the same run.
 */
import { randomBytes } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../src/config/schema.js';
import { silentLogger } from '../src/log.js';
import { DEFAULT_TIMINGS, startBeatwatch } from '../src/main.js';
import type { IngestJob } from '../src/queue/jobs/ingest.js';
import { JOB_NAMES, QUEUE_NAMES } from '../src/queue/names.js';
import { deleteKeysWithPrefix } from '../src/runtime/redis-keys.js';
import { defaultJobOptions } from '../src/service/queues.js';
import { MB, trackPeakRss } from './memory.js';
import { syntheticItems } from './synthetic.js';

export interface IngestResult {
  jobs: number;
  itemsPerJob: number;
  concurrency: number;
  noop: { jobs: number; ms: number; jobsPerSec: number };
  ingest: { ms: number; jobsPerSec: number; itemsPerSec: number; failed: number };
  /** ingest jobs/s ÷ no-op jobs/s. */
  ratio: number;
  peakRssMb: number;
}

/** The same kind of payload for both runs: synthetic items grouped as one poll would. */
function ingestJobs(topic: string, jobs: number, itemsPerJob: number, seed: number): IngestJob[] {
  const items = syntheticItems(jobs * itemsPerJob, seed);
  const out: IngestJob[] = [];
  for (let j = 0; j < jobs; j++) {
    const chunk = items.slice(j * itemsPerJob, (j + 1) * itemsPerJob);
    out.push({
      topic,
      // One feed per job: wire copies of the synthetic set come from other outlets' feeds anyway.
      feedUrl: `https://bench-${j}.example/feed.xml`,
      feedName: chunk[0]!.source.name,
      items: chunk.map((c) => c.item),
      polledAtMs: Date.now(),
      // As on a feed's first fetch: analysed and stored, no alert (delivery is not measured here).
      announce: false,
    });
  }
  return out;
}

async function drained(queue: Queue, expected: number): Promise<number> {
  for (;;) {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    if ((c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0)
      return c.failed ?? 0;
    if ((c.completed ?? 0) + (c.failed ?? 0) >= expected && (c.active ?? 0) === 0) return c.failed ?? 0;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function benchIngest(options: {
  config: Config;
  redisUrl: string;
  jobs: number;
  noopJobs: number;
  itemsPerJob: number;
  concurrency: number;
}): Promise<IngestResult> {
  const { jobs, itemsPerJob, concurrency } = options;
  const prefix = `beatwatch-bench-${randomBytes(4).toString('hex')}`;
  const topic = options.config.topics[0]!;
  const config: Config = {
    ...options.config,
    redis: { keyPrefix: prefix },
    topics: [{ ...topic, feeds: [] }],
    destinations: [],
  };
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  // Completed jobs are kept (count large enough) so the drain check can count them.
  const jobOptions = {
    ...defaultJobOptions({
      attempts: DEFAULT_TIMINGS.attempts,
      backoffMs: DEFAULT_TIMINGS.backoffMs,
      keepFailedMs: 86_400_000,
    }),
    removeOnComplete: { count: Math.max(options.noopJobs, jobs) + 10 },
  };
  try {
    // Reference: a BullMQ worker that does nothing.
    const noopQueue = new Queue('bench-noop', { connection: redis, prefix, defaultJobOptions: jobOptions });
    const noopPayloads = ingestJobs(topic.id, options.noopJobs, itemsPerJob, 7);
    await noopQueue.addBulk(
      noopPayloads.map((data, i) => ({ name: JOB_NAMES.ingest, data, opts: { jobId: `noop-${i}` } })),
    );
    const noopStart = performance.now();
    const noopWorker = new Worker('bench-noop', async (_job: Job) => undefined, {
      connection: new Redis(options.redisUrl, { maxRetriesPerRequest: null }),
      prefix,
      concurrency,
    });
    await drained(noopQueue, options.noopJobs);
    const noopMs = performance.now() - noopStart;
    await noopWorker.close();
    await noopWorker.disconnect();
    await noopQueue.close();

    // beatwatch: the same number of payloads into its ingest queue, then its ingest workers.
    const ingestQueue = new Queue<IngestJob>(QUEUE_NAMES.ingest, {
      connection: redis,
      prefix,
      defaultJobOptions: jobOptions,
    });
    const payloads = ingestJobs(topic.id, jobs, itemsPerJob, 2026);
    await ingestQueue.addBulk(
      payloads.map((data, i) => ({ name: JOB_NAMES.ingest, data, opts: { jobId: `ingest-${i}` } })),
    );
    const rss = trackPeakRss();
    const start = performance.now();
    const service = await startBeatwatch({
      config,
      redisUrl: options.redisUrl,
      roles: ['ingest'],
      logger: silentLogger(),
      concurrency: { ingest: concurrency },
    });
    const failed = await drained(ingestQueue as Queue, jobs);
    const ms = performance.now() - start;
    const peak = rss.stop();
    await service.stop();
    await ingestQueue.close();

    const noopRate = options.noopJobs / (noopMs / 1000);
    const rate = jobs / (ms / 1000);
    return {
      jobs,
      itemsPerJob,
      concurrency,
      noop: { jobs: options.noopJobs, ms: noopMs, jobsPerSec: noopRate },
      ingest: { ms, jobsPerSec: rate, itemsPerSec: rate * itemsPerJob, failed },
      ratio: rate / noopRate,
      peakRssMb: peak / MB,
    };
  } finally {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}
