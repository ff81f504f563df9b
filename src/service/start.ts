/**
 * Composition of the service roles in one process: queues, stores, workers, schedulers, the HTTP
 * server, and an orderly shutdown. `beatwatch run`, `beatwatch worker`, the demo and the tests
 * all start beatwatch through {@link startBeatwatch}.
 */
import type { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { AnalysisEngine } from '../analysis-engine/engine.js';
import type { Destination } from '../chat/core/destination.js';
import type { Message } from '../chat/core/message.js';
import type { Config, DestinationConfig, Topic } from '../config/schema.js';
import type { FeedFetcher } from '../feeds/fetch/types.js';
import type { Logger } from '../log.js';
import { createCheckedWorker, failedForGood } from '../queue/job-worker.js';
import { type DeliverJob, deliverJobSchema } from '../queue/jobs/deliver.js';
import { type IngestJob, ingestJobSchema } from '../queue/jobs/ingest.js';
import { pollJobSchema } from '../queue/jobs/poll.js';
import { JOB_NAMES, QUEUE_NAMES } from '../queue/names.js';
import { processDeliver } from '../queue/workers/deliver.js';
import { type AlertReason, createIngestProcessor, releaseUnstoredItems } from '../queue/workers/ingest.js';
import { type FeedParser, processPoll } from '../queue/workers/poll.js';
import { createRedisStores, type StoredStory, type Stores } from '../store/index.js';
import { destinationsForTopic, resolveDestinations } from './destinations.js';
import { ServiceError } from './errors.js';
import { type HealthCheck, type RouteHandler, type RunningHttpServer, startHttpServer } from './http.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createQueues, type Queues, queuesAreIdle, readQueueDepths } from './queues.js';
import { scheduledFeeds, syncSchedulers } from './schedule.js';
import { feedHealth } from './sources.js';
import { resolveTimings, type ServiceTimings } from './timings.js';

export { destinationsForTopic } from './destinations.js';
export { ServiceError } from './errors.js';
export { DEFAULT_TIMINGS, type ServiceTimings } from './timings.js';

/**
 * Ingest jobs one worker process holds at once (see where the ingest worker starts). About twice
 * what one analysis batch takes at full speed, so the next batch is already waiting when the
 * analysis thread finishes one: `npm run bench` gave 32 → 1,060–1,100 jobs/s, 64 → 1,240,
 * 128 → 1,300–1,340, 256 → 1,200–1,230 (decision 007).
 */
export const DEFAULT_INGEST_CONCURRENCY = 128;

/** What a process does. `run` takes them all; `worker` all but `scheduler`. */
export type Role = 'scheduler' | 'poll' | 'ingest' | 'deliver' | 'http';
export const ALL_ROLES: readonly Role[] = ['scheduler', 'poll', 'ingest', 'deliver', 'http'];
export const WORKER_ROLES: readonly Role[] = ['poll', 'ingest', 'deliver', 'http'];

/** The pipeline steps the service runs; injected so the composition root chooses them. */
export interface Pipeline {
  fetcher: FeedFetcher;
  parse: FeedParser;
  /** Where the ingest worker's analysers run (created once per process with the ingest role). */
  createAnalysisEngine(topics: readonly Topic[]): AnalysisEngine;
  buildAlert(story: StoredStory, topic: Topic, earlier: StoredStory[], reason: AlertReason): Message;
  /** Builds a destination from its configuration, or null when this process cannot. */
  createDestination(config: DestinationConfig): Destination | null;
}

export interface ServiceOptions {
  config: Config;
  redisUrl: string;
  roles: readonly Role[];
  pipeline: Pipeline;
  /**
   * Destinations that replace (by id) or add to those built from the configuration. One not in
   * the configuration subscribes to no beat: it receives keyword follow-ups only.
   */
  destinations?: Destination[];
  logger: Logger;
  timings?: Partial<ServiceTimings>;
  /** HTTP port for /healthz and /metrics (0 picks a free one); default the config's. */
  httpPort?: number;
  /** Extra HTTP routes (chat adapters). */
  routes?: RouteHandler[];
  concurrency?: Partial<Record<'poll' | 'ingest' | 'deliver', number>>;
}

/** A running beatwatch. */
export interface Service {
  config: Config;
  stores: Stores;
  queues: Queues;
  metrics: Metrics;
  redis: Redis;
  /** Port of the HTTP server, when the `http` role runs. */
  httpPort: number | null;
  /** Queues a poll of every configured feed now (outside the schedulers). */
  pollNow(): Promise<void>;
  /** Resolves once no job is waiting, running or delayed (ignoring the schedulers' next polls). */
  waitUntilIdle(options?: { timeoutMs?: number; settleMs?: number }): Promise<void>;
  /** Closes workers (finishing or handing back their jobs), then queues, then connections. */
  stop(): Promise<void>;
}

/** Starts the requested roles. */
export async function startService(options: ServiceOptions): Promise<Service> {
  const timings = resolveTimings(options.timings);
  const { config, logger, pipeline } = options;
  const roles = new Set(options.roles);
  const prefix = config.redis.keyPrefix;
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
  const stores = createRedisStores(redis, prefix, config.retention.days);
  /** Connections some roles open besides `redis`; closed with it. */
  const extraConnections: Redis[] = [];
  const queues = createQueues(redis, prefix, {
    attempts: timings.attempts,
    backoffMs: timings.backoffMs,
    keepFailedMs: config.retention.days * 86_400_000,
  });
  for (const q of [queues.poll, queues.ingest, queues.deliver] as Queue[]) {
    // Without a listener an 'error' event would throw; a Redis blip is logged and retried.
    q.on('error', (err) => logger.warn({ err, queue: q.name }, 'queue connection error'));
  }
  const metrics = createMetrics(
    () => readQueueDepths(queues),
    async () => {
      const counts: Record<string, number> = { ok: 0, waiting: 0, failing: 0, paused: 0, 'never-polled': 0 };
      for (const state of await stores.feeds.list()) counts[feedHealth(state).status]! += 1;
      return counts;
    },
  );
  const topics = new Map(config.topics.map((t) => [t.id, t]));

  const { byId: destinations, configs: destinationConfigs } = resolveDestinations(
    config.destinations,
    (d) => pipeline.createDestination(d),
    options.destinations ?? [],
    logger,
  );

  const feeds = scheduledFeeds(config.topics, timings.pollIntervalMs);
  if (roles.has('scheduler')) {
    for (const f of feeds) await stores.feeds.register({ url: f.feedUrl, topic: f.topic, name: f.feedName });
    for (const t of config.topics) await stores.facts.seed(t.id, t.brief.facts);
    for (const d of destinationConfigs) await stores.destinations.upsert(d);
  }

  const workerOpts = {
    connection: redis,
    prefix,
    lockDuration: timings.lockDurationMs,
    stalledInterval: timings.stalledIntervalMs,
    maxStalledCount: timings.maxStalledCount,
    autorun: true,
  };
  const workers: Worker[] = [];
  let engine: AnalysisEngine | null = null;
  const watch = (worker: Worker, stage: string) => {
    worker.on('failed', (job, err) =>
      logger.warn(
        { err, queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, stage },
        'job failed',
      ),
    );
    worker.on('error', (err) => logger.warn({ err, queue: worker.name }, 'worker error'));
    workers.push(worker);
  };

  if (roles.has('poll')) {
    const deps = {
      redis,
      prefix,
      feeds: stores.feeds,
      fetcher: pipeline.fetcher,
      parse: pipeline.parse,
      enqueueIngest: async (job: IngestJob, jobId: string) => {
        await queues.ingest.add(JOB_NAMES.ingest, job, { jobId });
      },
      poll: config.poll,
      feedLockMs: timings.feedLockMs,
      metrics,
      logger,
    };
    watch(
      createCheckedWorker(QUEUE_NAMES.poll, pollJobSchema, (data, job) => processPoll(deps, data, job.id), {
        ...workerOpts,
        concurrency: options.concurrency?.poll ?? 4,
      }),
      'poll',
    );
  }
  if (roles.has('ingest')) {
    // Ingest's reads and writes on a connection of their own: on the shared one they would queue
    // behind every BullMQ command of every worker, and a beat's ingest waits on each round trip.
    const ingestRedis = redis.duplicate();
    ingestRedis.on('error', (err) => logger.warn({ err }, 'redis connection error (ingest)'));
    extraConnections.push(ingestRedis);
    engine = pipeline.createAnalysisEngine(config.topics);
    const ingest = createIngestProcessor({
      redis: ingestRedis,
      prefix,
      stores: createRedisStores(ingestRedis, prefix, config.retention.days),
      topics,
      engine,
      buildAlert: pipeline.buildAlert,
      destinationsFor: (topic) => destinationsForTopic(destinationConfigs, topic),
      enqueueDeliver: async (job: DeliverJob, jobId: string) => {
        await queues.deliver.add(JOB_NAMES.deliver, job, { jobId });
      },
      ingestLockMs: timings.ingestLockMs,
      ingestWaitMs: timings.ingestWaitMs,
      retentionMs: config.retention.days * 86_400_000,
      metrics,
      logger,
    });
    const ingestWorker = createCheckedWorker(QUEUE_NAMES.ingest, ingestJobSchema, (data) => ingest(data), {
      ...workerOpts,
      // A beat's jobs run one batch at a time under its lease; the jobs held while a batch runs
      // join the next one (one read, one analysis step, one write for all of them), so the
      // worker holds many at once. Holding one costs little: it waits in memory.
      concurrency: options.concurrency?.ingest ?? DEFAULT_INGEST_CONCURRENCY,
    });
    // Items whose ingest failed for good are handed over again by the feed's next poll.
    ingestWorker.on('failed', (job) => {
      if (failedForGood(job)) void releaseUnstoredItems({ stores, logger }, job.data);
    });
    watch(ingestWorker, 'ingest');
  }
  if (roles.has('deliver')) {
    const deps = {
      markers: stores.deliveries,
      destinations,
      markerTtlMs: timings.markerTtlMs,
      metrics,
      logger,
    };
    watch(
      createCheckedWorker(
        QUEUE_NAMES.deliver,
        deliverJobSchema,
        (data, job, token) => processDeliver(deps, data, job, token),
        { ...workerOpts, concurrency: options.concurrency?.deliver ?? 4 },
      ),
      'deliver',
    );
  }
  if (roles.has('scheduler')) {
    const n = await syncSchedulers(queues.poll, feeds);
    // A feed never polled is fetched now rather than at its slot, up to an interval away; the
    // job id keeps several starting processes from adding it twice.
    const fresh = [];
    for (const f of feeds) if ((await stores.feeds.get(f.feedUrl))?.lastPolledAtMs == null) fresh.push(f);
    await queues.poll.addBulk(
      fresh.map(({ schedulerId, offsetMs, ...data }) => ({
        name: JOB_NAMES.poll,
        data,
        opts: { jobId: `first-${schedulerId}` },
      })),
    );
    logger.info({ feeds: n, firstPolls: fresh.length }, 'poll schedulers in place');
  }

  // BullMQ relies on ioredis to reconnect; when a Redis restart ends a worker's main loop
  // anyway (a known failure mode), start it again rather than leave the process idle.
  let stopping: Promise<void> | null = null;
  const watchdog = setInterval(
    () => {
      if (stopping) return;
      for (const w of workers) {
        if (w.isRunning() || w.closing) continue;
        logger.warn({ queue: w.name }, 'worker loop had stopped; restarting it');
        w.run().catch((err) => logger.warn({ err, queue: w.name }, 'worker loop ended'));
      }
    },
    Math.max(500, Math.min(timings.stalledIntervalMs, 5000)),
  );
  watchdog.unref();

  let http: RunningHttpServer | null = null;
  if (roles.has('http')) {
    const health: HealthCheck = async () => {
      let redisUp = false;
      try {
        redisUp = (await redis.ping()) === 'PONG';
      } catch {
        redisUp = false;
      }
      const running = workers.every((w) => w.isRunning());
      return {
        ok: redisUp && running,
        details: { redis: redisUp ? 'up' : 'down', workers: workers.length, roles: [...roles] },
      };
    };
    http = await startHttpServer({
      port: options.httpPort ?? config.env.BEATWATCH_HTTP_PORT,
      registry: metrics.registry,
      health,
      routes: options.routes,
    });
    logger.info({ port: http.port }, 'http server listening (/healthz, /metrics)');
  }

  const service: Service = {
    config,
    stores,
    queues,
    metrics,
    redis,
    httpPort: http?.port ?? null,
    async pollNow() {
      const stamp = Date.now();
      await queues.poll.addBulk(
        feeds.map(({ schedulerId, offsetMs, ...data }) => ({
          name: JOB_NAMES.poll,
          data: { ...data, force: true },
          opts: { jobId: `manual-${schedulerId}-${stamp}` },
        })),
      );
    },
    async waitUntilIdle({ timeoutMs = 30_000, settleMs = 100 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      // Idle twice in a row: a job can be between queues (poll done, ingest not yet added).
      while (quiet < 2) {
        if (Date.now() > deadline) {
          const depths = (await readQueueDepths(queues)).filter(
            (d) => d.count > 0 && d.state !== 'failed' && !(d.queue === 'poll' && d.state === 'delayed'),
          );
          const busy = depths.map((d) => `${d.queue} ${d.state} ${d.count}`).join(', ');
          throw new ServiceError('SERVICE_IDLE_TIMEOUT', `queues still busy after ${timeoutMs} ms: ${busy}`);
        }
        await new Promise((r) => setTimeout(r, settleMs));
        quiet = (await queuesAreIdle(queues)) ? quiet + 1 : 0;
      }
    },
    stop() {
      stopping ??= (async () => {
        logger.info('shutting down');
        clearInterval(watchdog);
        await http?.close();
        await Promise.all(workers.map((w) => w.close()));
        await engine?.close();
        await Promise.all([queues.poll.close(), queues.ingest.close(), queues.deliver.close()]);
        await pipeline.fetcher.close().catch(() => undefined);
        for (const d of destinations.values()) await d.close?.().catch(() => undefined);
        for (const c of extraConnections) await c.quit().catch(() => c.disconnect());
        await redis.quit().catch(() => redis.disconnect());
      })();
      return stopping;
    },
  };
  return service;
}
