/**
 * Delivery markers on Redis: an in-flight marker (SET NX PX, owner token) taken before posting,
 * and a "sent" marker written together with the marker's release once the post succeeded. The
 * protocol and its one remaining window are in docs/decisions/006-queues-and-store.md.
 */
import type { Redis } from 'ioredis';
import { storeKeys } from './keys.js';
import { extendLock, tryLock, unlock } from './lock.js';
import { defineScript } from './redis-script.js';
import type { DeliveryMarkers } from './types.js';

const MARK_SENT = defineScript(`
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
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
    async markSent(destinationId, key, token, ref, atMs) {
      await MARK_SENT.run(
        redis,
        [keys.deliveryLock(destinationId, key), keys.deliverySent(destinationId, key)],
        [token, JSON.stringify({ atMs, ref }), String(Math.ceil(options.retentionMs))],
      );
    },
  };
}
