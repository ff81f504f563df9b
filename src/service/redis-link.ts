/**
 * The service's Redis connection, and what the service knows about Redis being there. Commands
 * on it wait through an outage (BullMQ needs that); health checks and metrics must not, so they
 * read through {@link RedisLink.read}, which gives up at once while Redis is away and after a
 * short deadline otherwise. An outage is told once, clearly, then one line per backoff step.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { redactUrlCredentials } from '../redact.js';
import { ServiceError } from './errors.js';

/** How long a health or metrics read waits for Redis before calling it down. */
export const REDIS_READ_DEADLINE_MS = 1500;

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/** Wait before reconnection attempt `attempt` (1, 2…): 0.5 s, doubling, at most 30 s. */
export function redisRetryDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 16));
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * True for an error that only says Redis cannot be reached. Every connection (queues, workers'
 * blocking connections) reports the same outage; the link tells it once for all of them.
 */
export function isConnectionError(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  return typeof message === 'string' && /^(Connection is closed|Stream isn't writeable)/.test(message);
}

/** The service's connection to Redis with its state. */
export interface RedisLink {
  readonly redis: Redis;
  /** The URL without its password, for messages. */
  readonly shownUrl: string;
  /** True while the connection is ready for commands. */
  isUp(): boolean;
  /** Resolves once Redis answers (at once when it already does). */
  ready(): Promise<void>;
  /** Resolves once the connection is lost (at once when it is not up). */
  lost(): Promise<void>;
  /** Runs a read for health or metrics: rejects at once while Redis is down, or at the deadline. */
  read<T>(work: () => Promise<T>): Promise<T>;
  /**
   * True when Redis answers a PING within the read deadline. Unlike {@link isUp}, false too for a
   * Redis that keeps its connection open but does not answer (frozen, or swapping hard).
   */
  answers(): Promise<boolean>;
  /** Quits (or, with Redis away, just disconnects: a quit would wait for Redis to come back). */
  close(): Promise<void>;
}

function reasonOf(err: Error | null): string {
  if (!err) return 'connection closed';
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

/** Opens the connection; it keeps retrying with backoff until Redis answers or it is closed. */
export function openRedisLink(
  url: string,
  logger: Logger,
  readDeadlineMs = REDIS_READ_DEADLINE_MS,
): RedisLink {
  const shownUrl = redactUrlCredentials(url);
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: redisRetryDelayMs });
  let everReady = false;
  let downSinceMs: number | null = null;
  let lastError: Error | null = null;

  redis.on('error', (err: Error) => {
    lastError = err;
    // Unreachable is told by 'reconnecting' below, once per backoff step, not once per error.
    if (!isConnectionError(err)) logger.warn({ err }, 'redis error');
  });
  redis.on('reconnecting', (delayMs: number) => {
    const reason = reasonOf(lastError);
    const next = `next attempt in ${(delayMs / 1000).toFixed(1)} s`;
    if (downSinceMs === null) {
      downSinceMs = Date.now();
      if (everReady)
        logger.warn({ redis: shownUrl, reason }, `lost the connection to Redis at ${shownUrl}; ${next}`);
      else
        logger.error(
          { redis: shownUrl, reason },
          `cannot reach Redis at ${shownUrl} (${reason}); retrying until it answers. ` +
            'Is Redis running? Set REDIS_URL, or start one with `docker compose up redis`.',
        );
      return;
    }
    const downForS = Math.round((Date.now() - downSinceMs) / 1000);
    logger.warn(
      { redis: shownUrl, reason, downForS },
      `Redis still unreachable after ${downForS} s; ${next}`,
    );
  });
  redis.on('ready', () => {
    if (downSinceMs !== null) {
      const downForS = Math.round((Date.now() - downSinceMs) / 1000);
      logger.info({ redis: shownUrl, downForS }, `Redis at ${shownUrl} answers again`);
    }
    everReady = true;
    downSinceMs = null;
    lastError = null;
  });

  const isUp = () => redis.status === 'ready';
  const read = <T>(work: () => Promise<T>): Promise<T> => {
    if (!isUp())
      return Promise.reject(new ServiceError('SERVICE_REDIS_DOWN', `Redis at ${shownUrl} is down`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new ServiceError(
              'SERVICE_REDIS_DOWN',
              `Redis at ${shownUrl} did not answer within ${readDeadlineMs} ms`,
            ),
          ),
        readDeadlineMs,
      );
      work().then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  };
  return {
    redis,
    shownUrl,
    isUp,
    read,
    answers: () =>
      read(() => redis.ping()).then(
        (pong) => pong === 'PONG',
        () => false,
      ),
    ready() {
      if (isUp()) return Promise.resolve();
      return new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    },
    lost() {
      if (!isUp()) return Promise.resolve();
      return new Promise<void>((resolve) => redis.once('close', () => resolve()));
    },
    async close() {
      if (!isUp()) {
        redis.disconnect();
        return;
      }
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
