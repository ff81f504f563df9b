/**
 * Real Redis for tests: each test gets its own key prefix (or queue name) so tests can run in
 * parallel against one server, and everything under the prefix is removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests use: `REDIS_URL`, else the local default. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh, unique name such as `test-3f9a1c0b`; use it as a key prefix or a queue name. */
export function uniqueName(label = 'test'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/**
 * Opens a connection to the test Redis, or to `url` (maxRetriesPerRequest null, as BullMQ
 * workers require).
 */
export function connectTestRedis(url = TEST_REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Deletes every key that starts with `prefix` (SCAN, never KEYS, so a shared server is not blocked). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
