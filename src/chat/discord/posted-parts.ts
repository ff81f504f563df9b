/**
 * Progress of a message split into several Discord messages. When part 2 of 3 is refused with a
 * 429, the deliver worker tries the whole delivery again later; without a record of what was
 * already posted, part 1 would be posted twice. Parts posted are counted in Redis under a hash of
 * the rendered payloads, so the retry, in this process or another, starts where the last stopped.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { storeKeys } from '../../store/keys.js';

/** How far a split message got: parts posted, and the id of the first one. */
export interface PartsPosted {
  parts: number;
  ref?: string;
}

/** Records the parts of split messages already posted to a destination. */
export interface PostedParts {
  read(destinationId: string, payloads: readonly unknown[]): Promise<PartsPosted>;
  record(destinationId: string, payloads: readonly unknown[], posted: PartsPosted): Promise<void>;
  clear(destinationId: string, payloads: readonly unknown[]): Promise<void>;
}

/** A record outlives any retry of a delivery, and then goes. */
const KEEP_MS = 2 * 86_400_000;

/** Parts posted, kept in Redis under the deployment's prefix. */
export function createRedisPostedParts(redis: Redis, prefix: string): PostedParts {
  const keys = storeKeys(prefix);
  const key = (destinationId: string, payloads: readonly unknown[]) =>
    keys.postedParts(destinationId, createHash('sha256').update(JSON.stringify(payloads)).digest('hex'));
  return {
    async read(destinationId, payloads) {
      const json = await redis.get(key(destinationId, payloads));
      return json ? (JSON.parse(json) as PartsPosted) : { parts: 0 };
    },
    async record(destinationId, payloads, posted) {
      await redis.set(key(destinationId, payloads), JSON.stringify(posted), 'PX', KEEP_MS);
    },
    async clear(destinationId, payloads) {
      await redis.del(key(destinationId, payloads));
    },
  };
}
