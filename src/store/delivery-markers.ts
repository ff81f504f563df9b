/**
 * Delivery markers on Redis: an in-flight marker (SET NX PX, owner token) taken before posting,
 * a note of the first attempt, and a "sent" marker written together with the marker's release
 * (and the note's removal) once the post succeeded. The protocol is in decisions 006 and 022.
 */
import type { Redis } from 'ioredis';
import { storeKeys } from './keys.js';
import { extendLock, tryLock, unlock } from './lock.js';
import { defineScript } from './redis-script.js';
import type { DeliveryMarkers } from './types.js';

const MARK_SENT = defineScript(`
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('DEL', KEYS[3])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`);

/** Keeps the first attempt's time; returns it when there was one (SET NX GET, on any Redis 6). */
const RECORD_ATTEMPT = defineScript(`
local earlier = redis.call('GET', KEYS[1])
if not earlier then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return earlier
`);

export interface DeliveryMarkerOptions {
  /** How long "sent" is remembered (`retention.days`): longer than any story can be re-ingested. */
  retentionMs: number;
}

export function createRedisDeliveryMarkers(
  redis: Redis,
  prefix: string,
  options: DeliveryMarkerOptions,
): DeliveryMarkers {
  const keys = storeKeys(prefix);
  return {
    async isSent(destinationId, key) {
      return (await redis.exists(keys.deliverySent(destinationId, key))) === 1;
    },
    async acquire(destinationId, key, token, ttlMs) {
      return (await tryLock(redis, keys.deliveryLock(destinationId, key), ttlMs, token)) !== null;
    },
    extend: (destinationId, key, token, ttlMs) =>
      extendLock(redis, keys.deliveryLock(destinationId, key), token, ttlMs),
    async release(destinationId, key, token) {
      await unlock(redis, keys.deliveryLock(destinationId, key), token);
    },
    async recordAttempt(destinationId, key, atMs) {
      const earlier = await RECORD_ATTEMPT.run(
        redis,
        [keys.deliveryAttempt(destinationId, key)],
        [String(atMs), String(Math.ceil(options.retentionMs))],
      );
      return earlier === null || earlier === undefined ? null : Number(earlier);
    },
    async markSent(destinationId, key, token, ref, atMs) {
      await MARK_SENT.run(
        redis,
        [
          keys.deliveryLock(destinationId, key),
          keys.deliverySent(destinationId, key),
          keys.deliveryAttempt(destinationId, key),
        ],
        [token, JSON.stringify({ atMs, ref }), String(Math.ceil(options.retentionMs))],
      );
    },
  };
}
