/**
 * A Redis lock with an owner token: SET NX PX to take it, compare-and-delete to release, and
 * compare-and-extend to keep it while the holder is alive. A holder that dies stops extending,
 * so the lock expires after its TTL and another worker can take over.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { defineScript } from './redis-script.js';

// Takes the lock, or confirms it when it already holds this token. A plain SET NX is not safe to
// send twice, and ioredis re-sends a command left unanswered when the connection drops (a Redis
// restart): the first SET took the lock, its reply was lost, the re-sent one found the key taken
// and the caller gave up, leaving a lock nobody extends or releases until its TTL ran out (a
// poll skipped as "locked" by its own lock, its items never fetched).
/** Lua: `take(key, token, ttlMs)` takes or confirms the lock; 1 when `token` holds it now. */
export const TAKE_LOCK_LUA = `
local function take(key, token, ttl)
  local held = redis.call('GET', key)
  if held == false then
    redis.call('SET', key, token, 'PX', ttl)
    return 1
  end
  if held == token then
    redis.call('PEXPIRE', key, ttl)
    return 1
  end
  return 0
end
`;
/** Lua: `release(key, token)` deletes the lock if `token` holds it; 1 when it did. */
export const RELEASE_LOCK_LUA = `
local function release(key, token)
  if redis.call('GET', key) == token then return redis.call('DEL', key) end
  return 0
end
`;
const ACQUIRE = defineScript(`${TAKE_LOCK_LUA}return take(KEYS[1], ARGV[1], ARGV[2])`);
const RELEASE = defineScript(`${RELEASE_LOCK_LUA}return release(KEYS[1], ARGV[1])`);
const EXTEND = defineScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`,
);

/** A held lock. `lost` turns true when an extension finds the lock gone or taken. */
export interface HeldLock {
  readonly key: string;
  readonly token: string;
  readonly lost: boolean;
  release(): Promise<void>;
  /** Stops extending the lock without releasing it: for a script that releases it with other writes. */
  stop(): void;
}

/**
 * Takes `key` once; null if someone else holds it. Idempotent for one token: when `token`
 * already holds the lock (a re-sent command, a retry with the same token) it is taken again.
 */
export async function tryLock(
  redis: Redis,
  key: string,
  ttlMs: number,
  token: string = randomUUID(),
): Promise<string | null> {
  const ok = await ACQUIRE.run(redis, [key], [token, String(Math.ceil(ttlMs))]);
  return ok === 1 ? token : null;
}

/** Releases `key` if `token` still holds it. */
export async function unlock(redis: Redis, key: string, token: string): Promise<boolean> {
  return (await RELEASE.run(redis, [key], [token])) === 1;
}

/** Extends `key` if `token` still holds it. */
export async function extendLock(redis: Redis, key: string, token: string, ttlMs: number): Promise<boolean> {
  return (await EXTEND.run(redis, [key], [token, String(ttlMs)])) === 1;
}

/**
 * Takes the lock and keeps extending it every third of its TTL until released. Returns null when
 * another holder has it. `token` (default a random one) names the owner: the same owner taking
 * the lock again gets it back.
 */
export async function acquireKeptLock(
  redis: Redis,
  key: string,
  ttlMs: number,
  token: string = randomUUID(),
): Promise<HeldLock | null> {
  const taken = await tryLock(redis, key, ttlMs, token);
  return taken ? keepLock(redis, key, token, ttlMs) : null;
}

/**
 * Keeps a lock `token` has just taken (by {@link tryLock}, or by a script that takes it with
 * other work): extends it every third of its TTL until released or stopped.
 */
export function keepLock(redis: Redis, key: string, token: string, ttlMs: number): HeldLock {
  let lost = false;
  const timer = setInterval(
    () => {
      extendLock(redis, key, token, ttlMs).then(
        (ok) => {
          if (!ok) lost = true;
        },
        // A failed extension (Redis briefly away) is retried on the next tick; the TTL covers it.
        () => undefined,
      );
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    key,
    token,
    get lost() {
      return lost;
    },
    async release() {
      clearInterval(timer);
      await unlock(redis, key, token).catch(() => undefined);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/**
 * Waits for the lock, trying every `pollMs`, up to `waitMs`; null if it never came free.
 * Used for the per-beat ingest lock, where waiting a moment is cheaper than a job retry.
 */
export async function waitForKeptLock(
  redis: Redis,
  key: string,
  ttlMs: number,
  waitMs: number,
  pollMs = 25,
): Promise<HeldLock | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const held = await acquireKeptLock(redis, key, ttlMs);
    if (held || Date.now() >= deadline) return held;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
