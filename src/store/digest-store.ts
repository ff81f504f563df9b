/** The period of each destination's last digest of a beat, on Redis (one hash each). */
import type { Redis } from 'ioredis';
import { storeKeys } from './keys.js';
import { defineScript } from './redis-script.js';
import type { DigestStore } from './types.js';

// The same date again: its period as claimed. An earlier date than the last claimed: nothing
// (a stale job). A new date: from the end of the last period (or ARGV[3]) to now.
const CLAIM = defineScript(`
local date = redis.call('HGET', KEYS[1], 'date')
if date == ARGV[1] then return redis.call('HMGET', KEYS[1], 'fromMs', 'toMs') end
if date and date > ARGV[1] then return false end
local from = redis.call('HGET', KEYS[1], 'toMs') or ARGV[3]
redis.call('HSET', KEYS[1], 'date', ARGV[1], 'fromMs', from, 'toMs', ARGV[2])
return {from, ARGV[2]}
`);

/** The digest periods of one deployment. */
export function createRedisDigestStore(redis: Redis, prefix: string): DigestStore {
  const keys = storeKeys(prefix);
  return {
    async claim(topic, destinationId, date, nowMs, firstFromMs) {
      const reply = (await CLAIM.run(
        redis,
        [keys.digestPeriod(topic, destinationId)],
        [date, Math.floor(nowMs), Math.floor(firstFromMs)],
      )) as [string, string] | null;
      return reply ? { date, fromMs: Number(reply[0]), toMs: Number(reply[1]) } : null;
    },
    async last(topic, destinationId) {
      const stored = await redis.hgetall(keys.digestPeriod(topic, destinationId));
      if (!stored.date) return null;
      return { date: stored.date, fromMs: Number(stored.fromMs), toMs: Number(stored.toMs) };
    },
  };
}
