/**
 * The queue-and-store overhead: beatwatch's real ingest workers draining ingest jobs with the
 * analysis results computed beforehand and replayed (lease, record-stream catch-up, story, record,
 * cluster and fact writes, BullMQ), against a BullMQ worker that does nothing with the same
 * payloads and job options on the same Redis, at the same concurrency, in the same run. The
 * analysis itself is measured apart, on one core.
 *
 * Both are timed the same way: the worker is started and warmed up first (a service runs for
 * months, so start-up is not what is measured), the queue is paused while the measured jobs are
 * added, and the clock runs from resuming it to the last job's finish time. Redis's counters
 * around the ingest drain, and the memory of the keys it wrote, give the per-story unit costs of
 * the capacity estimate.
 */
import { randomBytes } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Analyser } from '../src/analysis.js';
import { createAnalyser } from '../src/analysis.js';
import { type AnalysisEngine, createLocalAnalysisEngine } from '../src/analysis-engine/engine.js';
import type { Config, Topic } from '../src/config/schema.js';
import { silentLogger } from '../src/log.js';
import { DEFAULT_TIMINGS, startBeatwatch } from '../src/main.js';
import type { IngestJob } from '../src/queue/jobs/ingest.js';
import { JOB_NAMES, QUEUE_NAMES } from '../src/queue/names.js';
import { deleteKeysWithPrefix } from '../src/runtime/redis-keys.js';
import { defaultJobOptions } from '../src/service/queues.js';
import { MB, trackPeakRss } from './memory.js';
import { memoryByFamily, type RedisUnitCost, readRedisCounters, unitCost } from './redis-stats.js';
import { syntheticItems } from './synthetic.js';

/** One timed drain of a queue. */
export interface DrainRun {
  jobs: number;
  ms: number;
  jobsPerSec: number;
  /** CPU time of this process (every thread) per job, in microseconds. */
  processCpuUs: number;
}

/** The queue-and-store run against the no-op worker, and the per-story costs it measured. */
export interface OverheadResult {
  concurrency: number;
  /** Jobs each worker ran before the timed part. */
  warmUpJobs: number;
  noop: DrainRun;
  /** Ingest with the analysis replayed: the queue and store work alone. */
  ingest: DrainRun & { failed: number };
  /** ingest jobs/s ÷ no-op jobs/s. */
  ratio: number;
  /** Redis's work per stored story (one item per job: the queue's share is at its largest). */
  perStory: RedisUnitCost;
  /** Memory of the beat's keys per stored story, by key family. */
  storyMemory: {
    stories: number;
    bytesPerStory: number;
    families: Array<{ family: string; bytesPerStory: number }>;
  };
  peakRssMb: number;
}

/** The same kind of payload for every run: one synthetic item per job, one feed per job. */
function ingestJobs(topic: string, jobs: number, seed: number): IngestJob[] {
  return syntheticItems(jobs, { seed }).map((s, j) => ({
    topic,
    feedUrl: `https://bench-${seed}-${j}.example/feed.xml`,
    feedName: s.source.name,
    items: [s.item],
    polledAtMs: Date.now(),
    // As on a feed's first fetch: analysed and stored, no alert (delivery is measured apart).
    announce: false,
  }));
}

/**
 * An engine that hands back results the real analyser computed beforehand, keyed by item id:
 * the workers then do everything but the analysis itself.
 */
function replayingEngine(topic: Topic, payloads: IngestJob[]): () => AnalysisEngine {
  const real = createAnalyser(topic);
  const results = new Map<string, ReturnType<Analyser['analyse']>>();
  for (const job of payloads)
    for (const item of job.items)
      results.set(item.id, real.analyse({ item, source: { feedUrl: job.feedUrl, name: job.feedName } }));
  const replay: Analyser = {
    analyse(input) {
      const result = results.get(input.item.id);
      if (!result) throw new Error(`bench: no precomputed analysis for ${input.item.id}`);
      return result;
    },
    remember: () => undefined,
    forget: () => 0,
    setKnownFacts: () => undefined,
    size: 0,
  };
  return () => createLocalAnalysisEngine(new Map([[topic.id, topic]]), () => replay);
}

/** Waits until `expected` jobs have finished; returns how many failed. */
async function drained(queue: Queue, expected: number): Promise<number> {
  for (;;) {
    const c = await queue.getJobCounts('active', 'completed', 'failed');
    if ((c.completed ?? 0) + (c.failed ?? 0) >= expected && (c.active ?? 0) === 0) return c.failed ?? 0;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Adds `payloads` as ingest jobs with ids `<idPrefix>-<n>`. */
async function addJobs(queue: Queue, payloads: IngestJob[], idPrefix: string): Promise<void> {
  await queue.addBulk(
    payloads.map((data, i) => ({ name: JOB_NAMES.ingest, data, opts: { jobId: `${idPrefix}-${i}` } })),
  );
}

/**
 * Warms the queue's worker up with `warm`, then adds `payloads` to the paused queue, resumes it
 * and waits until every job is done; the time runs from the resume to the last finish.
 */
async function timedDrain(queue: Queue, warm: IngestJob[], payloads: IngestJob[]) {
  await addJobs(queue, warm, 'w');
  await drained(queue, warm.length);
  await queue.pause();
  await addJobs(queue, payloads, 'm');
  const cpu = process.cpuUsage();
  const start = Date.now();
  await queue.resume();
  const failed = await drained(queue, warm.length + payloads.length);
  const used = process.cpuUsage(cpu);
  const [last] = await queue.getJobs(['completed', 'failed'], 0, 0);
  const ms = (last?.finishedOn ?? Date.now()) - start;
  const run: DrainRun = {
    jobs: payloads.length,
    ms,
    jobsPerSec: payloads.length / (ms / 1000),
    processCpuUs: (used.user + used.system) / payloads.length,
  };
  return { run, failed };
}

/** Drains the same jobs through a no-op worker and through ingest with the analysis replayed. */
export async function benchOverhead(options: {
  config: Config;
  redisUrl: string;
  jobs: number;
  warmUpJobs: number;
  /** Ingest worker concurrency (the service's default). */
  concurrency: number;
}): Promise<OverheadResult> {
  const { jobs, concurrency, warmUpJobs } = options;
  const prefix = `beatwatch-bench-${randomBytes(4).toString('hex')}`;
  const topic = options.config.topics[0]!;
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  // Finished jobs are kept so the drain can count them and read their finish times.
  const keep = { count: jobs + warmUpJobs + 10 };
  const jobOptions = {
    ...defaultJobOptions({
      attempts: DEFAULT_TIMINGS.attempts,
      backoffMs: DEFAULT_TIMINGS.backoffMs,
      keepFailedMs: 86_400_000,
    }),
    removeOnComplete: keep,
    removeOnFail: keep,
  };
  const warm = ingestJobs(topic.id, warmUpJobs, 5);
  const payloads = ingestJobs(topic.id, jobs, 2026);
  try {
    // Reference: a BullMQ worker that does nothing.
    const noopQueue = new Queue('bench-noop', { connection: redis, prefix, defaultJobOptions: jobOptions });
    const noopWorker = new Worker('bench-noop', async (_job: Job) => undefined, {
      connection: new Redis(options.redisUrl, { maxRetriesPerRequest: null }),
      prefix,
      concurrency,
    });
    const noop = (await timedDrain(noopQueue, warm, payloads)).run;
    await noopWorker.close();
    await noopWorker.disconnect();
    await noopQueue.close();

    // beatwatch's ingest workers with the analysis replayed.
    const ingestPrefix = `${prefix}-ingest`;
    const config: Config = {
      ...options.config,
      redis: { keyPrefix: ingestPrefix },
      topics: [{ ...topic, feeds: [] }],
      destinations: [],
    };
    const ingestQueue = new Queue<IngestJob>(QUEUE_NAMES.ingest, {
      connection: redis,
      prefix: ingestPrefix,
      defaultJobOptions: jobOptions,
    });
    const rss = trackPeakRss();
    const service = await startBeatwatch({
      config,
      redisUrl: options.redisUrl,
      roles: ['ingest'],
      logger: silentLogger(),
      concurrency: { ingest: concurrency },
      pipeline: { createAnalysisEngine: replayingEngine(topic, [...warm, ...payloads]) },
    });
    const before = await readRedisCounters(redis);
    const ingest = await timedDrain(ingestQueue as Queue, warm, payloads);
    const after = await readRedisCounters(redis);
    const peak = rss.stop();
    await service.stop();
    await ingestQueue.close();

    const stories = warm.length + payloads.length;
    const families = await memoryByFamily(redis, `${ingestPrefix}:topic:`);
    const storyBytes = families.reduce((n, f) => n + f.bytes, 0);
    return {
      concurrency,
      warmUpJobs,
      noop,
      ingest: { ...ingest.run, failed: ingest.failed },
      ratio: ingest.run.jobsPerSec / noop.jobsPerSec,
      // Counted over warm-up and timed drain together: both store one story per job.
      perStory: unitCost(before, after, stories),
      storyMemory: {
        stories,
        bytesPerStory: storyBytes / stories,
        families: families.map((f) => ({ family: f.family, bytesPerStory: f.bytes / stories })),
      },
      peakRssMb: peak / MB,
    };
  } finally {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}
