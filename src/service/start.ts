/**
 * Composition of the service roles in one process: queues, stores, workers, schedulers, the HTTP
 * server, and an orderly shutdown. `beatwatch run`, `beatwatch worker`, the demo and the tests
 * all start beatwatch through {@link startBeatwatch}.
 */
import { type Job, type Queue, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AnalysisEngine } from '../analysis-engine/engine.js';
import type { Destination } from '../chat/core/destination.js';
import type { Message } from '../chat/core/message.js';
import type { Config, DestinationConfig, Topic } from '../config/schema.js';
import type { FeedFetcher } from '../feeds/fetch/types.js';
import type { Logger } from '../log.js';
import { type DeliverJob, deliverJobSchema } from '../queue/jobs/deliver.js';
import { type IngestJob, ingestJobSchema } from '../queue/jobs/ingest.js';
import { type PollJob, pollJobSchema } from '../queue/jobs/poll.js';
import { JOB_NAMES, QUEUE_NAMES } from '../queue/names.js';
import { processDeliver } from '../queue/workers/deliver.js';
import { type AlertReason, createIngestProcessor } from '../queue/workers/ingest.js';
import { type FeedParser, processPoll } from '../queue/workers/poll.js';
import { createRedisStores, type StoredStory, type Stores } from '../store/index.js';
import { destinationsForTopic, resolveDestinations } from './destinations.js';
import { ServiceError } from './errors.js';
import { createHealthCheck } from './health.js';
import { type RouteHandler, type RunningHttpServer, startHttpServer } from './http.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createQueues, type Queues, queuesAreIdle, readQueueDepths } from './queues.js';
import { isConnectionError, openRedisLink } from './redis-link.js';
import { registerConfigured, scheduledFeeds, startSchedulers } from './schedule.js';
import { countFeedHealth } from './sources.js';
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
  /**
   * Aborting it during start-up (SIGTERM while Redis is still unreachable) stops what was started
   * and makes the start reject with `SERVICE_ABORTED`. Once started, call `stop()` instead.
   */
  signal?: AbortSignal;
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
  /**
   * Cancels fetches in flight (their poll jobs go back to the queue), closes workers (finishing
   * or handing back their jobs), then queues, then connections. Also works while Redis is away.
   */
  stop(): Promise<void>;
}

/** Starts the requested roles. */
export async function startService(options: ServiceOptions): Promise<Service> {
  const timings = resolveTimings(options.timings);
  const { config, logger, pipeline } = options;
  const roles = new Set(options.roles);
  const prefix = config.redis.keyPrefix;
  const link = openRedisLink(options.redisUrl, logger);
  const { redis } = link;
  /** Logs an error unless it only says Redis is unreachable, which the link tells once. */
  const report =
    (message: string, fields: Record<string, unknown> = {}) =>
    (err: Error) => {
      if (!isConnectionError(err)) logger.warn({ err, ...fields }, message);
    };
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
    q.on('error', report('queue error', { queue: q.name }));
  }
  const metrics = createMetrics(
    () => link.read(() => readQueueDepths(queues)),
    () => link.read(async () => countFeedHealth(await stores.feeds.list())),
    link.isUp,
  );
  const topics = new Map(config.topics.map((t) => [t.id, t]));

  const { byId: destinations, configs: destinationConfigs } = resolveDestinations(
    config.destinations,
    (d) => pipeline.createDestination(d),
    options.destinations ?? [],
    logger,
  );

  const feeds = scheduledFeeds(config.topics, timings.pollIntervalMs);
  const workers: Worker[] = [];
  let engine: AnalysisEngine | null = null;
  let http: RunningHttpServer | null = null;
  let watchdog: NodeJS.Timeout | undefined;
  let started = false;
  let stopping: Promise<void> | null = null;
  /** Aborted on shutdown: cancels fetches in flight so their jobs are handed back at once. */
  const shutdown = new AbortController();
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      logger.info('shutting down');
      clearInterval(watchdog);
      shutdown.abort();
      await http?.close();
      // With Redis away a worker cannot finish its jobs (stalled-job recovery hands them back
      // later), and waiting for it to would hang: close it at once, and stop waiting if Redis
      // goes away meanwhile.
      await Promise.race([Promise.all(workers.map((w) => w.close(!link.isUp()))), link.lost()]);
      await engine?.close();
      await Promise.all([queues.poll.close(), queues.ingest.close(), queues.deliver.close()]);
      await pipeline.fetcher.close().catch(() => undefined);
      for (const d of destinations.values()) await d.close?.().catch(() => undefined);
      for (const c of extraConnections)
        await (link.isUp() ? c.quit().catch(() => c.disconnect()) : c.disconnect());
      await link.close();
    })();
    return stopping;
  };
  const aborted = whenAborted(options.signal);
  /**
   * A start-up step, given up when `options.signal` aborts (it may be waiting for Redis); when it
   * fails, what was started is stopped before the error is passed on.
   */
  const step = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await Promise.race([work, aborted]);
    } catch (err) {
      await stop();
      throw err;
    }
  };

  // HTTP first: /healthz answers 503 while Redis is unreachable, and a busy port fails at once.
  if (roles.has('http')) {
    http = await step(
      startHttpServer({
        port: options.httpPort ?? config.env.BEATWATCH_HTTP_PORT,
        registry: metrics.registry,
        health: createHealthCheck({
          link,
          listFeeds: () => stores.feeds.list(),
          roles: [...roles],
          topics: config.topics.map((t) => t.id),
          workers: () => workers,
          started: () => started,
        }),
        routes: options.routes,
      }),
    );
    logger.info({ port: http.port }, 'http server listening (/healthz, /metrics)');
  }
  await step(link.ready());
  if (roles.has('scheduler'))
    await step(registerConfigured(stores, feeds, config.topics, destinationConfigs));

  const workerOpts = {
    connection: redis,
    prefix,
    lockDuration: timings.lockDurationMs,
    stalledInterval: timings.stalledIntervalMs,
    maxStalledCount: timings.maxStalledCount,
    autorun: true,
  };
  const watch = (worker: Worker, stage: string) => {
    worker.on('failed', (job, err) =>
      logger.warn(
        { err, queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, stage },
        'job failed',
      ),
    );
    worker.on('error', report('worker error', { queue: worker.name }));
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
      signal: shutdown.signal,
    };
    watch(
      new Worker<PollJob>(
        QUEUE_NAMES.poll,
        async (job: Job, token?: string) => {
          const summary = await processPoll(deps, pollJobSchema.parse(job.data), job.id);
          if (summary.outcome !== 'interrupted') return summary;
          // Shutting down mid-fetch: the job goes back to the queue as it was, no attempt used.
          await job.moveToWait(token);
          throw new WaitingError();
        },
        {
          ...workerOpts,
          concurrency: options.concurrency?.poll ?? 4,
        },
      ),
      'poll',
    );
  }
  if (roles.has('ingest')) {
    // Ingest's reads and writes on a connection of their own: on the shared one they would queue
    // behind every BullMQ command of every worker, and a beat's ingest waits on each round trip.
    const ingestRedis = redis.duplicate();
    ingestRedis.on('error', report('redis error (ingest)'));
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
    watch(
      new Worker<IngestJob>(QUEUE_NAMES.ingest, (job: Job) => ingest(ingestJobSchema.parse(job.data)), {
        ...workerOpts,
        // A beat's jobs run one batch at a time under its lease; the jobs held while a batch runs
        // join the next one (one read, one analysis step, one write for all of them), so the
        // worker holds many at once. Holding one costs little: it waits in memory.
        concurrency: options.concurrency?.ingest ?? DEFAULT_INGEST_CONCURRENCY,
      }),
      'ingest',
    );
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
      new Worker<DeliverJob>(
        QUEUE_NAMES.deliver,
        (job: Job, token?: string) => processDeliver(deps, deliverJobSchema.parse(job.data), job, token),
        { ...workerOpts, concurrency: options.concurrency?.deliver ?? 4 },
      ),
      'deliver',
    );
  }
  if (roles.has('scheduler')) {
    const scheduled = await step(startSchedulers(queues.poll, stores.feeds, feeds));
    logger.info(scheduled, 'poll schedulers in place');
  }

  // BullMQ relies on ioredis to reconnect; when a Redis restart ends a worker's main loop
  // anyway (a known failure mode), start it again rather than leave the process idle.
  watchdog = setInterval(
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

  // Stopped between the last step and here: nothing may run on.
  if (options.signal?.aborted) await step(aborted);
  started = true;

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
    stop,
  };
  return service;
}

/** Rejects with `SERVICE_ABORTED` once `signal` aborts; never settles without a signal. */
function whenAborted(signal: AbortSignal | undefined): Promise<never> {
  const aborted = new Promise<never>((_resolve, reject) => {
    const fail = () => reject(new ServiceError('SERVICE_ABORTED', 'stopped during start-up'));
    if (signal?.aborted) fail();
    else signal?.addEventListener('abort', fail, { once: true });
  });
  // Only awaited through the start-up steps; an abort after start-up is no error.
  aborted.catch(() => undefined);
  return aborted;
}
