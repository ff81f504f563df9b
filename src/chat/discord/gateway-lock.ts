/**
 * One gateway holder at a time across processes. Discord sends every gateway event to every
 * session of a bot, so two processes logged in with one token would both answer each command.
 * Each process tries a Redis lock (SET NX with a TTL) every third of the TTL; the holder renews
 * it on the same beat and runs the gateway. A holder that fails to renew (the lock lapsed or was
 * taken, or Redis is unreachable) closes its gateway at once, before anyone else can take over;
 * when a holder stops or dies, another process takes the lock within a TTL and opens its own.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import { extendLock, tryLock, unlock } from '../../store/lock.js';

export interface GatewayLockOptions {
  redis: Redis;
  key: string;
  ttlMs: number;
  /** Starts the work the lock guards; resolves with how to stop it. */
  start(): Promise<() => Promise<void>>;
  logger: Logger;
}

/** A running contender for the lock. */
export interface GatewayLock {
  /** Whether this process holds the lock and its work has started. */
  readonly holding: boolean;
  /** Gives the work up and lets another process take the lock now (not after the TTL). */
  resign(reason: string): Promise<void>;
  /** Stops trying, stops the work, and releases the lock. */
  stop(): Promise<void>;
}

/** Longest wait before trying again after the gateway failed. */
const MAX_BACKOFF_MS = 60_000;

type State =
  | { name: 'standby' }
  | { name: 'starting'; started: Promise<(() => Promise<void>) | null> }
  | { name: 'holding'; stopWork: () => Promise<void> };

/** Starts contending for the lock; the first attempt is made at once. */
export function contendForGatewayLock(options: GatewayLockOptions): GatewayLock {
  const { redis, key, ttlMs, logger } = options;
  // One token for this process's whole life: taking the lock again after a Redis blip finds it ours.
  const token = randomUUID();
  let state: State = { name: 'standby' };
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
    const current = state;
    state = { name: 'standby' };
    if (current.name === 'standby') return;
    logger.info({ reason }, 'closing the discord gateway');
    const stop = current.name === 'holding' ? current.stopWork : await current.started;
    await stop?.().catch((err) =>
      logger.warn({ err: { message: (err as Error).message } }, 'gateway close failed'),
    );
  };

  const begin = () => {
    const started = options.start().then(
      (stop) => stop,
      async (err: Error) => {
        logger.warn({ err: { message: err.message } }, 'could not open the discord gateway; will try again');
        backOff();
        await unlock(redis, key, token).catch(() => undefined);
        return null;
      },
    );
    const starting: State = { name: 'starting', started };
    state = starting;
    void started.then((stop) => {
      // Lost or resigned while starting: the stop was already asked for through `started`.
      if (state !== starting) return;
      state = stop ? { name: 'holding', stopWork: stop } : { name: 'standby' };
      if (stop) failures = 0;
    });
  };

  const attempt = async () => {
    if (stopped) return;
    if (state.name === 'standby') {
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
    get holding() {
      return state.name === 'holding';
    },
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
