/**
 * (c) Ingest throughput end to end through BullMQ: ingest jobs (one feed's new items each) are
 * queued, then beatwatch's real ingest workers (analysis, store, fact reports) drain the queue.
 * The reference is a no-op BullMQ worker draining the same number of jobs with the same payloads,
 * the same job options and the same concurrency, on the same Redis, in the same run.
 *
 * A second ingest run ("machinery") replays analysis results computed beforehand, outside the
 * timed part, through the same workers: the same story JSON, records, clusters and fact reports
 * are written, so it measures what ingest costs on top of the analysis (lease, stream catch-up,
 * store writes, BullMQ) — the part the analysis's own speed does not change.
 */
import { randomBytes } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Analyser } from '../src/analysis.js';
import { createAnalyser } from '../src/analysis.js';
import type { Config, Topic } from '../src/config/schema.js';
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
  /**
   * The same jobs with the analysis done beforehand (results replayed): ingest's own cost.
   * `ratio` is its jobs/s ÷ the no-op's jobs/s. Absent in runs saved before it was measured.
   */
  machinery?: { ms: number; jobsPerSec: number; itemsPerSec: number; failed: number; ratio: number };
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

/**
 * An analyser that hands back results the real analyser computed beforehand, keyed by item id:
 * the workers then do everything but the analysis itself.
 */
function replayingAnalyser(topic: Topic, payloads: IngestJob[]): () => Analyser {
  const real = createAnalyser(topic);
  const results = new Map<string, ReturnType<Analyser['analyse']>>();
  for (const job of payloads)
    for (const item of job.items)
      results.set(item.id, real.analyse({ item, source: { feedUrl: job.feedUrl, name: job.feedName } }));
  return () => ({
    analyse(input) {
      const result = results.get(input.item.id);
      if (!result) throw new Error(`bench: no precomputed analysis for ${input.item.id}`);
      return result;
    },
    remember: () => undefined,
    forget: () => 0,
    setKnownFacts: () => undefined,
    size: 0,
  });
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

    // beatwatch: the same number of payloads into its ingest queue, then its ingest workers;
    // first with the real analysis, then with its results replayed (ingest's own cost).
    const payloads = ingestJobs(topic.id, jobs, itemsPerJob, 2026);
    const runIngest = async (queueSuffix: string, createReplay?: () => Analyser) => {
      const runConfig: Config = { ...config, redis: { keyPrefix: `${prefix}${queueSuffix}` } };
      const ingestQueue = new Queue<IngestJob>(QUEUE_NAMES.ingest, {
        connection: redis,
        prefix: runConfig.redis.keyPrefix,
        defaultJobOptions: jobOptions,
      });
      await ingestQueue.addBulk(
        payloads.map((data, i) => ({ name: JOB_NAMES.ingest, data, opts: { jobId: `ingest-${i}` } })),
      );
      const rss = trackPeakRss();
      const start = performance.now();
      const service = await startBeatwatch({
        config: runConfig,
        redisUrl: options.redisUrl,
        roles: ['ingest'],
        logger: silentLogger(),
        concurrency: { ingest: concurrency },
        ...(createReplay ? { pipeline: { createAnalyser: createReplay } } : {}),
      });
      const failed = await drained(ingestQueue as Queue, jobs);
      const ms = performance.now() - start;
      const peak = rss.stop();
      await service.stop();
      await ingestQueue.close();
      return { ms, failed, peak };
    };
    const real = await runIngest('');
    const replay = replayingAnalyser(topic, payloads);
    const machinery = await runIngest('-machinery', replay);
    const { ms, failed, peak } = real;

    const noopRate = options.noopJobs / (noopMs / 1000);
    const rate = jobs / (ms / 1000);
    return {
      jobs,
      itemsPerJob,
      concurrency,
      noop: { jobs: options.noopJobs, ms: noopMs, jobsPerSec: noopRate },
      ingest: { ms, jobsPerSec: rate, itemsPerSec: rate * itemsPerJob, failed },
      ratio: rate / noopRate,
      machinery: {
        ms: machinery.ms,
        jobsPerSec: jobs / (machinery.ms / 1000),
        itemsPerSec: (jobs * itemsPerJob) / (machinery.ms / 1000),
        failed: machinery.failed,
        ratio: jobs / (machinery.ms / 1000) / noopRate,
      },
      peakRssMb: peak / MB,
    };
  } finally {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}
