/**
 * One gateway holder at a time across processes. Discord sends every gateway event to every
 * session of a bot, so two processes logged in with one token would both answer each command.
 * Each process tries a Redis lock (SET NX with a TTL) every third of the TTL; the holder renews
 * it on the same beat and runs the gateway. A holder that fails to renew (the lock lapsed or was
 * taken, or Redis is unreachable) closes its gateway at once, even one still logging in, before
 * anyone else can take over; when a holder stops or dies, another process takes the lock and opens
 * its own.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import { extendLock, tryLock, unlock } from '../../store/lock.js';

/** The work the lock guards, started: it can be stopped at any time, even before it is ready. */
export interface GuardedWork {
  /** Resolves once the work runs; rejects when it could not start. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface GatewayLockOptions {
  redis: Redis;
  key: string;
  ttlMs: number;
  /** Starts the work the lock guards. */
  start(): GuardedWork;
  logger: Logger;
}

/** A running contender for the lock. */
export interface GatewayLock {
  /** Gives the work up and lets another process take the lock now (not after the TTL). */
  resign(reason: string): Promise<void>;
  /** Stops trying, stops the work, and releases the lock. */
  stop(): Promise<void>;
}

/** Longest wait before trying again after the gateway failed. */
const MAX_BACKOFF_MS = 60_000;

/** Starts contending for the lock; the first attempt is made at once. */
export function contendForGatewayLock(options: GatewayLockOptions): GatewayLock {
  const { redis, key, ttlMs, logger } = options;
  // One token for this process's whole life: taking the lock again after a Redis blip finds it ours.
  const token = randomUUID();
  let work: GuardedWork | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let tick: Promise<void> = Promise.resolve();
  // After a gateway that would not open or closed for good (a refused token), wait longer each time.
  let failures = 0;
  let retryAtMs = 0;
  const backOff = () => {
    failures += 1;
    retryAtMs = Date.now() + Math.min(MAX_BACKOFF_MS, ttlMs * 2 ** failures);
  };

  const stopWork = async (reason: string) => {
    const current = work;
    work = null;
    if (!current) return;
    logger.info({ reason }, 'closing the discord gateway');
    await current
      .stop()
      .catch((err: Error) => logger.warn({ err: { message: err.message } }, 'gateway close failed'));
  };

  const begin = () => {
    const started = options.start();
    work = started;
    started.ready.then(
      () => {
        if (work === started) failures = 0;
      },
      async (err: Error) => {
        // Stopped on purpose while starting: nothing more to do.
        if (work !== started) return;
        logger.warn({ err: { message: err.message } }, 'could not open the discord gateway; will try again');
        backOff();
        await stopWork('it did not open');
        await unlock(redis, key, token).catch(() => undefined);
      },
    );
  };

  const attempt = async () => {
    if (stopped) return;
    if (!work) {
      if (Date.now() < retryAtMs) return;
      const taken = await tryLock(redis, key, ttlMs, token).catch(() => null);
      if (taken && !stopped) {
        logger.info('took the discord gateway lock; opening the gateway');
        begin();
      }
      return;
    }
    const kept = await extendLock(redis, key, token, ttlMs).catch(() => false);
    if (!kept) await stopWork('the gateway lock could not be renewed');
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        tick = attempt().finally(schedule);
      },
      Math.max(50, Math.floor(ttlMs / 3)),
    );
  };
  tick = attempt().finally(schedule);

  return {
    async resign(reason) {
      backOff();
      await stopWork(reason);
      await unlock(redis, key, token).catch(() => undefined);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await tick;
      await stopWork('stopping');
      await unlock(redis, key, token).catch(() => undefined);
    },
  };
}
