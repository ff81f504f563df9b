/**
 * Composition of the service roles in one process: queues, stores, workers, schedulers, the HTTP
 * server, and an orderly shutdown. `beatwatch run`, `beatwatch worker`, the demo and the tests
 * all start beatwatch through {@link startBeatwatch}.
 */
import { type Job, type Queue, WaitingError, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { buildRollup, parseRollupEntry, type RollupEntry } from '../alerts/rollup.js';
import type { AnalysisEngine } from '../analysis-engine/engine.js';
import { commandContextOf, createCommandHandler } from '../chat/core/commands.js';
import type { Destination } from '../chat/core/destination.js';
import type { Message } from '../chat/core/message.js';
import type { ChatPlatform } from '../chat/core/platform.js';
import type { CommandHandler } from '../chat/core/request.js';
import type { Config, DestinationConfig, Topic } from '../config/schema.js';
import type { FeedFetcher } from '../feeds/fetch/types.js';
import type { Logger } from '../log.js';
import { createCheckedWorker, failedForGood } from '../queue/job-worker.js';
import { type ComposeRequest, type DeliverJob, deliverJobSchema } from '../queue/jobs/deliver.js';
import { digestJobSchema } from '../queue/jobs/digest.js';
import { type IngestJob, ingestJobSchema } from '../queue/jobs/ingest.js';
import { pollJobSchema } from '../queue/jobs/poll.js';
import { JOB_NAMES, QUEUE_NAMES } from '../queue/names.js';
import { processDeliver } from '../queue/workers/deliver.js';
import { type AlertReason, createIngestProcessor, releaseUnstoredItems } from '../queue/workers/ingest.js';
import { type FeedParser, processPoll } from '../queue/workers/poll.js';
import { createRedisFeedStore, createRedisStores, type StoredStory, type Stores } from '../store/index.js';
import {
  createDestinationDirectory,
  destinationsForTopic,
  resolveDestinations,
  resumeCredentialPauses,
} from './destinations.js';
import { createDigestService, type DigestServiceOptions } from './digests.js';
import { ServiceError } from './errors.js';
import { createFeedAdmin } from './feed-admin.js';
import { createHealthCheck } from './health.js';
import { type RouteHandler, type RunningHttpServer, startHttpServer } from './http.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createQueues, type Queues, queuesAreIdle, readQueueDepths } from './queues.js';
import { isConnectionError, openRedisLink } from './redis-link.js';
import { addedFeeds, registerConfigured, scheduledFeeds, startSchedulers } from './schedule.js';
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

/**
 * What a process does. `run` takes them all; `worker` all but `scheduler` and `bot`; `bot` answers
 * slash commands (over HTTP, Socket Mode or the gateway) and needs `http` beside it.
 */
export type Role = 'scheduler' | 'poll' | 'ingest' | 'deliver' | 'http' | 'bot';
export const ALL_ROLES: readonly Role[] = ['scheduler', 'poll', 'ingest', 'deliver', 'http', 'bot'];
export const WORKER_ROLES: readonly Role[] = ['poll', 'ingest', 'deliver', 'http'];
export const BOT_ROLES: readonly Role[] = ['bot', 'http'];

/** What a chat platform needs from the service to answer commands. */
export interface ChatDeps {
  answer: CommandHandler;
  /** The service's Redis connection (the Discord gateway's lock lives there). */
  redis: Redis;
  prefix: string;
  logger: Logger;
}

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
  /** Extra HTTP routes. */
  routes?: RouteHandler[];
  concurrency?: Partial<Record<'poll' | 'ingest' | 'deliver', number>>;
  /** Builds the chat platforms this process has credentials for (none: console only). */
  chat?: (deps: ChatDeps) => ChatPlatform[];
  /** The digest schedule's clock and lateness threshold (tests move the clock). */
  digests?: DigestServiceOptions;
  /** The clock of follow decisions and quiet hours (tests hold it inside one hour). */
  follows?: FollowServiceOptions;
  /**
   * Aborting it during start-up (SIGTERM while Redis is still unreachable) stops what was started
   * and makes the start reject with `SERVICE_ABORTED`. Once started, call `stop()` instead.
   */
  signal?: AbortSignal;
}

/** How follows' alerts are timed. */
export interface FollowServiceOptions {
  /** When a story is ingested, for the hour a follow's cap counts in and for quiet hours. */
  now?: () => number;
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
  const topics = new Map(config.topics.map((t) => [t.id, t]));
  const retentionMs = config.retention.days * 86_400_000;
  const storeOptions = {
    adoption: (topic: string) => topics.get(topic)?.facts.adopt ?? 'two-outlets',
  } as const;
  const stores = createRedisStores(redis, prefix, config.retention.days, storeOptions);
  /** Connections some roles open besides `redis`; closed with it. */
  const extraConnections: Redis[] = [];
  const queues = createQueues(redis, prefix, {
    attempts: timings.attempts,
    backoffMs: timings.backoffMs,
    keepFailedMs: config.retention.days * 86_400_000,
  });
  for (const q of Object.values(queues) as Queue[]) {
    // Without a listener an 'error' event would throw; a Redis blip is logged and retried.
    q.on('error', report('queue error', { queue: q.name }));
  }
  const metrics = createMetrics(
    () => link.read(() => readQueueDepths(queues)),
    () => link.read(async () => countFeedHealth(await stores.feeds.list())),
    link.answers,
  );

  const digests = createDigestService({
    queue: queues.digest,
    stores,
    topics: config.topics,
    configured: config.destinations,
    enqueueDeliver: async (job, jobId) => {
      await queues.deliver.add(JOB_NAMES.deliver, job, { jobId });
    },
    logger,
    options: options.digests,
  });
  const answer = createCommandHandler(
    commandContextOf(stores, {
      topics: config.topics,
      retentionMs,
      feedAdmin: createFeedAdmin({
        topics: config.topics,
        feeds: stores.feeds,
        fetcher: pipeline.fetcher,
        parse: pipeline.parse,
        pollQueue: queues.poll,
        pollIntervalMs: timings.pollIntervalMs,
        logger,
      }),
      digests: digests.control,
      now: Date.now,
    }),
  );
  const platforms = options.chat?.({ answer, redis, prefix, logger }) ?? [];
  const { byId: destinations, configs: destinationConfigs } = resolveDestinations(
    config.destinations,
    (d) => pipeline.createDestination(d),
    options.destinations ?? [],
    logger,
    new Set(platforms.map((p) => p.type)),
  );
  const directory = createDestinationDirectory({
    built: destinations,
    configs: destinationConfigs,
    store: stores.destinations,
    platforms: new Map(platforms.map((p) => [p.type, p])),
  });

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
      await Promise.all(Object.values(queues).map((q: Queue) => q.close()));
      await pipeline.fetcher.close().catch(() => undefined);
      for (const d of destinations.values()) await d.close?.().catch(() => undefined);
      for (const p of platforms) await p.close().catch(() => undefined);
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
        routes: [...(options.routes ?? []), ...(roles.has('bot') ? platforms.flatMap((p) => p.routes) : [])],
      }),
    );
    logger.info({ port: http.port }, 'http server listening (/healthz, /metrics)');
  }
  await step(link.ready());
  if (roles.has('scheduler'))
    await step(registerConfigured(stores, feeds, config.topics, destinationConfigs));
  if (platforms.length > 0) {
    const resumed = await step(resumeCredentialPauses(stores.destinations, platforms));
    if (resumed.length > 0)
      logger.info({ destinations: resumed }, 'resumed destinations paused for a bot token since replaced');
  }

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
    // The polls' feed-state commands on a connection of their own that sends those issued in one
    // turn of the event loop in one write: a poll of an unchanged feed is mostly Redis round
    // trips, and the system call per command cost more than the command (decision 025).
    const pollRedis = redis.duplicate({ enableAutoPipelining: true });
    pollRedis.on('error', report('redis error (poll)'));
    extraConnections.push(pollRedis);
    const deps = {
      feeds: createRedisFeedStore(pollRedis, prefix, { retentionMs }),
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
      createCheckedWorker(
        QUEUE_NAMES.poll,
        pollJobSchema,
        async (data, job: Job, token) => {
          const summary = await processPoll(deps, data, job.id);
          if (summary.outcome !== 'interrupted') return summary;
          // Shutting down mid-fetch: the job goes back to the queue as it was, no attempt used.
          await job.moveToWait(token);
          throw new WaitingError();
        },
        { ...workerOpts, concurrency: options.concurrency?.poll ?? 4 },
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
      stores: createRedisStores(ingestRedis, prefix, config.retention.days, storeOptions),
      topics,
      engine,
      buildAlert: pipeline.buildAlert,
      destinationsFor: async (topic) =>
        destinationsForTopic(destinationConfigs, await stores.destinations.list(), topic),
      enqueueDeliver: async (job: DeliverJob, jobId: string, delayMs = 0) => {
        await queues.deliver.add(JOB_NAMES.deliver, job, {
          jobId,
          ...(delayMs > 0 ? { delay: delayMs } : {}),
        });
      },
      followLimits: { maxPerHour: config.follows.maxPerHour, rememberMs: retentionMs },
      ...(options.follows?.now ? { followClock: options.follows.now } : {}),
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
      destinations: directory,
      threads: stores.follows,
      compose: async (request: ComposeRequest, topicId: string) => {
        const topic = topics.get(topicId);
        const entries = (await stores.follows.rollup(request.followId, request.hour))
          .map(parseRollupEntry)
          .filter((e): e is RollupEntry => e !== null);
        return topic ? buildRollup(topic, request.query, entries) : null;
      },
      rememberMs: retentionMs,
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
  if (roles.has('deliver')) {
    watch(
      createCheckedWorker(QUEUE_NAMES.digest, digestJobSchema, (data, job) => digests.process(data, job), {
        ...workerOpts,
        concurrency: 2,
      }),
      'digest',
    );
  }
  if (roles.has('scheduler')) {
    logger.info({ digests: await step(digests.syncAll()) }, 'digest schedulers in place');
    const added = addedFeeds(await step(stores.feeds.list()), config.topics, timings.pollIntervalMs);
    const scheduled = await step(startSchedulers(queues.poll, stores.feeds, [...feeds, ...added]));
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

  if (roles.has('bot')) {
    for (const p of platforms) await step(p.startCommands());
    logger.info({ platforms: platforms.map((p) => p.type) }, 'answering slash commands');
  }
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
