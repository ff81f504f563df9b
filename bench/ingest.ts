/**
 * (c) Ingest throughput end to end through BullMQ: ingest jobs (one feed's new items each) are
 * drained by beatwatch's real ingest workers (analysis, story store, record log, fact reports).
 * The reference is a no-op BullMQ worker draining jobs with the same payloads and job options on
 * the same Redis, in the same run: at the same concurrency as ingest, and at the reference
 * concurrency; the faster of the two is the one ingest is held against.
 *
 * Both are timed the same way: the worker is started and warmed up first (a service is meant to
 * run for months, so start-up is not what is measured), the queue is paused while the measured jobs
 * are added, and the clock runs from resuming it to the last job's finish time.
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
import { type AnalysisEngine, createLocalAnalysisEngine } from '../src/analysis-engine/engine.js';
import type { Config, Topic } from '../src/config/schema.js';
import { silentLogger } from '../src/log.js';
import { DEFAULT_TIMINGS, startBeatwatch } from '../src/main.js';
import type { IngestJob } from '../src/queue/jobs/ingest.js';
import { JOB_NAMES, QUEUE_NAMES } from '../src/queue/names.js';
import { deleteKeysWithPrefix } from '../src/runtime/redis-keys.js';
import { defaultJobOptions } from '../src/service/queues.js';
import { MB, trackPeakRss } from './memory.js';
import { syntheticItems } from './synthetic.js';

/** CPU time per job of one timed drain, in microseconds. */
export interface CpuPerJob {
  /** This process, every thread (workers, analysis thread, the bench's own polling). */
  processUs: number;
  /** The Redis server (its INFO cpu counters; other clients of a shared Redis count too). */
  redisUs: number;
}

/** One timed drain of a queue. */
export interface DrainRun {
  concurrency: number;
  jobs: number;
  ms: number;
  jobsPerSec: number;
  cpu?: CpuPerJob;
}

export interface IngestResult {
  jobs: number;
  /** Jobs each worker ran before the timed part (absent in runs saved before it was set). */
  warmUpJobs?: number;
  itemsPerJob: number;
  concurrency: number;
  /** The reference ingest is compared with: the fastest of `noopRuns`. */
  noop: { jobs: number; ms: number; jobsPerSec: number; concurrency?: number };
  /** Every no-op run (absent in runs saved before there were several). */
  noopRuns?: DrainRun[];
  ingest: { ms: number; jobsPerSec: number; itemsPerSec: number; failed: number; cpu?: CpuPerJob };
  /** ingest jobs/s ÷ no-op jobs/s. */
  ratio: number;
  /**
   * The same jobs with the analysis done beforehand (results replayed): ingest's own cost.
   * `ratio` is its jobs/s ÷ the no-op's jobs/s. Absent in runs saved before it was measured.
   */
  machinery?: {
    ms: number;
    jobsPerSec: number;
    itemsPerSec: number;
    failed: number;
    ratio: number;
    cpu?: CpuPerJob;
  };
  peakRssMb: number;
}

/** The same kind of payload for every run: synthetic items grouped as one poll would. */
function ingestJobs(topic: string, jobs: number, itemsPerJob: number, seed: number): IngestJob[] {
  const items = syntheticItems(jobs * itemsPerJob, seed);
  const out: IngestJob[] = [];
  for (let j = 0; j < jobs; j++) {
    const chunk = items.slice(j * itemsPerJob, (j + 1) * itemsPerJob);
    out.push({
      topic,
      // One feed per job: wire copies of the synthetic set come from other outlets' feeds anyway.
      feedUrl: `https://bench-${seed}-${j}.example/feed.xml`,
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

/** The latest finish time (epoch ms) of the queue's finished jobs. */
async function lastFinish(queue: Queue): Promise<number> {
  const jobs = await queue.getJobs(['completed', 'failed']);
  return Math.max(...jobs.map((j) => j.finishedOn ?? 0));
}

/** Adds `payloads` as ingest jobs with ids `<idPrefix>-<n>`. */
async function addJobs(queue: Queue, payloads: IngestJob[], idPrefix: string): Promise<void> {
  await queue.addBulk(
    payloads.map((data, i) => ({ name: JOB_NAMES.ingest, data, opts: { jobId: `${idPrefix}-${i}` } })),
  );
}

/** Runs `payloads` through the queue's worker before the timed part and waits for them. */
async function warmUp(queue: Queue, payloads: IngestJob[]): Promise<void> {
  await addJobs(queue, payloads, 'w');
  await drained(queue, payloads.length);
}

/** Seconds of CPU the Redis server has used so far. */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const read = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return read('used_cpu_user') + read('used_cpu_sys');
}

/**
 * Adds `payloads` to the paused queue, resumes it and waits until every job (and the `before`
 * already finished) is done; the time runs from the resume to the last finish. CPU is counted
 * from the resume to the end of the wait.
 */
async function timedDrain(
  queue: Queue,
  redis: Redis,
  payloads: IngestJob[],
  before: number,
  idPrefix: string,
): Promise<{ ms: number; failed: number; cpu: CpuPerJob }> {
  await queue.pause();
  await addJobs(queue, payloads, idPrefix);
  const redisBefore = await redisCpuSeconds(redis);
  const cpuBefore = process.cpuUsage();
  const start = Date.now();
  await queue.resume();
  const failed = await drained(queue, before + payloads.length);
  const used = process.cpuUsage(cpuBefore);
  const redisUsed = (await redisCpuSeconds(redis)) - redisBefore;
  return {
    ms: (await lastFinish(queue)) - start,
    failed,
    cpu: {
      processUs: (used.user + used.system) / payloads.length,
      redisUs: (redisUsed * 1e6) / payloads.length,
    },
  };
}

export async function benchIngest(options: {
  config: Config;
  redisUrl: string;
  jobs: number;
  noopJobs: number;
  itemsPerJob: number;
  /** Ingest worker concurrency (the service's default in the headline run). */
  concurrency: number;
  /** The no-op is measured at this concurrency too, when it differs. */
  referenceConcurrency?: number;
  /**
   * No-op runs measured earlier in the same run, with the same sizes: a level found here is not
   * measured again.
   */
  noopMeasured?: readonly DrainRun[];
  /**
   * Jobs each worker runs before the timed part, so that connections and the JIT are warm: the
   * analysis reaches its steady speed only after a few thousand items.
   */
  warmUpJobs: number;
}): Promise<IngestResult> {
  const { jobs, itemsPerJob, concurrency, warmUpJobs } = options;
  const prefix = `beatwatch-bench-${randomBytes(4).toString('hex')}`;
  const topic = options.config.topics[0]!;
  const config: Config = {
    ...options.config,
    redis: { keyPrefix: prefix },
    topics: [{ ...topic, feeds: [] }],
    destinations: [],
  };
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  // Finished jobs are kept (count large enough) so the drain can count them and read their times.
  const keep = { count: Math.max(options.noopJobs, jobs) + warmUpJobs + 10 };
  const jobOptions = {
    ...defaultJobOptions({
      attempts: DEFAULT_TIMINGS.attempts,
      backoffMs: DEFAULT_TIMINGS.backoffMs,
      keepFailedMs: 86_400_000,
    }),
    removeOnComplete: keep,
    removeOnFail: keep,
  };
  try {
    // Reference: a BullMQ worker that does nothing, at each concurrency.
    // The same warm-up payloads for every worker.
    const warm = ingestJobs(topic.id, warmUpJobs, itemsPerJob, 5);
    const noopRuns: DrainRun[] = [];
    const levels = [...new Set([concurrency, options.referenceConcurrency ?? concurrency])];
    const noopPayloads = ingestJobs(topic.id, options.noopJobs, itemsPerJob, 7);
    for (const level of levels) {
      const earlier = options.noopMeasured?.find((r) => r.concurrency === level);
      if (earlier) {
        noopRuns.push(earlier);
        continue;
      }
      const name = `bench-noop-${level}`;
      const queue = new Queue(name, { connection: redis, prefix, defaultJobOptions: jobOptions });
      const worker = new Worker(name, async (_job: Job) => undefined, {
        connection: new Redis(options.redisUrl, { maxRetriesPerRequest: null }),
        prefix,
        concurrency: level,
      });
      await warmUp(queue, warm);
      const { ms, cpu } = await timedDrain(queue, redis, noopPayloads, warmUpJobs, 'noop');
      noopRuns.push({
        concurrency: level,
        jobs: options.noopJobs,
        ms,
        jobsPerSec: options.noopJobs / (ms / 1000),
        cpu,
      });
      await worker.close();
      await worker.disconnect();
      await queue.close();
    }
    const fastest = noopRuns.reduce((a, b) => (b.jobsPerSec > a.jobsPerSec ? b : a));

    // beatwatch: warmed-up ingest workers drain the same number of payloads; first with the real
    // analysis, then with its results replayed (ingest's own cost).
    const payloads = ingestJobs(topic.id, jobs, itemsPerJob, 2026);
    const runIngest = async (queueSuffix: string, createReplay?: () => AnalysisEngine) => {
      const runConfig: Config = { ...config, redis: { keyPrefix: `${prefix}${queueSuffix}` } };
      const ingestQueue = new Queue<IngestJob>(QUEUE_NAMES.ingest, {
        connection: redis,
        prefix: runConfig.redis.keyPrefix,
        defaultJobOptions: jobOptions,
      });
      const rss = trackPeakRss();
      const service = await startBeatwatch({
        config: runConfig,
        redisUrl: options.redisUrl,
        roles: ['ingest'],
        logger: silentLogger(),
        concurrency: { ingest: concurrency },
        ...(createReplay ? { pipeline: { createAnalysisEngine: createReplay } } : {}),
      });
      await warmUp(ingestQueue as Queue, warm);
      const { ms, failed, cpu } = await timedDrain(
        ingestQueue as Queue,
        redis,
        payloads,
        warmUpJobs,
        'ingest',
      );
      const peak = rss.stop();
      await service.stop();
      await ingestQueue.close();
      return { ms, failed, peak, cpu };
    };
    const real = await runIngest('');
    const replay = replayingEngine(topic, [...warm, ...payloads]);
    const machinery = await runIngest('-machinery', replay);
    const { ms, failed, peak, cpu } = real;

    const rate = jobs / (ms / 1000);
    return {
      jobs,
      warmUpJobs,
      itemsPerJob,
      concurrency,
      noop: {
        jobs: fastest.jobs,
        ms: fastest.ms,
        jobsPerSec: fastest.jobsPerSec,
        concurrency: fastest.concurrency,
      },
      noopRuns,
      ingest: { ms, jobsPerSec: rate, itemsPerSec: rate * itemsPerJob, failed, cpu },
      ratio: rate / fastest.jobsPerSec,
      machinery: {
        ms: machinery.ms,
        jobsPerSec: jobs / (machinery.ms / 1000),
        itemsPerSec: (jobs * itemsPerJob) / (machinery.ms / 1000),
        failed: machinery.failed,
        ratio: jobs / (machinery.ms / 1000) / fastest.jobsPerSec,
        cpu: machinery.cpu,
      },
      peakRssMb: peak / MB,
    };
  } finally {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}
