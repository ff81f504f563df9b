/**
 * The composition root: picks the real pipeline steps (fetcher, parser, analyser, alert builder,
 * destinations, chat platforms) and starts the service roles. `beatwatch run`, `beatwatch worker`,
 * `beatwatch bot`, the demo and the tests all start beatwatch through {@link startBeatwatch}.
 */
import { buildAlertForStory } from './alerts/index.js';
import { createThreadAnalysisEngine } from './analysis-engine/thread.js';
import { createConsoleDestination } from './chat/console/index.js';
import type { Destination } from './chat/core/destination.js';
import { chatPlatformsFor } from './chat/platforms.js';
import type { Config, DestinationConfig } from './config/schema.js';
import { createFeedFetcher } from './feeds/fetch/index.js';
import { parseFeed } from './feeds/parse/index.js';
import { createLogger, type Logger } from './log.js';
import type { DigestServiceOptions } from './service/digests.js';
import type { RouteHandler } from './service/http.js';
import {
  ALL_ROLES,
  BOT_ROLES,
  type FollowServiceOptions,
  type Pipeline,
  type Role,
  type Service,
  type ServiceOptions,
  type ServiceTimings,
  startService,
  WORKER_ROLES,
} from './service/start.js';

export type { Role, Service, ServiceTimings } from './service/start.js';
export { ALL_ROLES, BOT_ROLES, DEFAULT_TIMINGS, WORKER_ROLES } from './service/start.js';

export interface StartBeatwatchOptions {
  config: Config;
  /** Default: the config's `REDIS_URL`. */
  redisUrl?: string;
  /**
   * `'run'` (every role), `'worker'` (workers and HTTP), `'bot'` (slash commands and HTTP), or an
   * explicit list. Default `'run'`.
   */
  roles?: 'run' | 'worker' | 'bot' | readonly Role[];
  /**
   * Destinations that replace (by id) or add to those built from `config.destinations`; one not
   * in the configuration takes keyword follow-ups only.
   */
  destinations?: Destination[];
  logger?: Logger;
  timings?: Partial<ServiceTimings>;
  /** HTTP port for /healthz and /metrics; default `BEATWATCH_HTTP_PORT`; 0 picks a free port. */
  httpPort?: number;
  /** Extra HTTP routes (chat adapters receiving requests). */
  routes?: RouteHandler[];
  /** Replaces single pipeline steps (e.g. a fetcher with other settings). */
  pipeline?: Partial<Pipeline>;
  /** Jobs each worker runs at once (default poll 4, ingest `DEFAULT_INGEST_CONCURRENCY`, deliver 4). */
  concurrency?: Partial<Record<'poll' | 'ingest' | 'deliver', number>>;
  /**
   * Builds the chat platforms (Slack, Discord) this process uses. Default: those the environment
   * has credentials for (none: the console only).
   */
  chat?: ServiceOptions['chat'];
  /** The digest schedule's clock and lateness threshold (tests move the clock). */
  digests?: DigestServiceOptions;
  /** The clock of follow decisions and quiet hours (tests hold it inside one hour). */
  follows?: FollowServiceOptions;
  /** Aborting it during start-up stops what was started; the start rejects with `SERVICE_ABORTED`. */
  signal?: AbortSignal;
}

/**
 * Builds a destination from its configuration. Only the console is built here; Slack and Discord
 * channels are reached through their platform (`chat/platforms.ts`).
 */
export function createConfiguredDestination(config: DestinationConfig): Destination | null {
  return config.type === 'console' ? createConsoleDestination({ id: config.id }) : null;
}

/** The real pipeline for a configuration, with any step replaced by `overrides`. */
export function defaultPipeline(config: Config, overrides: Partial<Pipeline> = {}): Pipeline {
  return {
    // Built only when not replaced: a fetcher holds a connection pool.
    fetcher: overrides.fetcher ?? createFeedFetcher(config.fetch),
    parse:
      overrides.parse ?? ((bytes, { baseUrl, contentType }) => parseFeed(bytes, { baseUrl, contentType })),
    createAnalysisEngine: overrides.createAnalysisEngine ?? createThreadAnalysisEngine,
    buildAlert: overrides.buildAlert ?? buildAlertForStory,
    createDestination: overrides.createDestination ?? createConfiguredDestination,
  };
}

/** Starts beatwatch in this process and returns a handle to stop it or wait for it. */
export async function startBeatwatch(options: StartBeatwatchOptions): Promise<Service> {
  const { config } = options;
  const roles =
    options.roles === 'worker'
      ? WORKER_ROLES
      : options.roles === 'bot'
        ? BOT_ROLES
        : options.roles === 'run' || !options.roles
          ? ALL_ROLES
          : options.roles;
  const pipeline = defaultPipeline(config, options.pipeline);
  return startService({
    config,
    redisUrl: options.redisUrl ?? config.env.REDIS_URL,
    roles,
    pipeline,
    destinations: options.destinations,
    logger: options.logger ?? createLogger(),
    timings: options.timings,
    httpPort: options.httpPort,
    routes: options.routes,
    concurrency: options.concurrency,
    chat: options.chat ?? (await chatPlatformsFor(config)),
    digests: options.digests,
    follows: options.follows,
    signal: options.signal,
  });
}
