/** Destinations with their settings, and keyword subscriptions, on Redis. */
import type { Redis } from 'ioredis';
import { storeKeys } from './keys.js';
import type { DestinationStore, StoredDestination, SubscriptionStore } from './types.js';

/** Destinations in one hash (id → JSON); settings survive a config reload. */
export function createRedisDestinationStore(redis: Redis, prefix: string): DestinationStore {
  const keys = storeKeys(prefix);
  const get = async (id: string): Promise<StoredDestination | null> => {
    const json = await redis.hget(keys.destinations, id);
    return json === null ? null : (JSON.parse(json) as StoredDestination);
  };
  return {
    async upsert(destination) {
      const current = await get(destination.id);
      const settings = current?.settings ?? {};
      // A new channel is a new chance: whatever made the old one fail does not apply to it.
      const paused = current?.channel === destination.channel ? (current?.paused ?? null) : null;
      await redis.hset(
        keys.destinations,
        destination.id,
        JSON.stringify({ ...destination, settings, paused }),
      );
    },
    get,
    async list() {
      return Object.values(await redis.hgetall(keys.destinations))
        .map((j) => JSON.parse(j) as StoredDestination)
        .sort((a, b) => a.id.localeCompare(b.id));
    },
    async setSetting(id, key, value) {
      const current = await get(id);
      if (!current)
        throw Object.assign(new Error(`unknown destination "${id}"`), { code: 'UNKNOWN_DESTINATION' });
      current.settings[key] = value;
      await redis.hset(keys.destinations, id, JSON.stringify(current));
    },
    async pause(id, pause) {
      const current = await get(id);
      if (!current) return;
      await redis.hset(keys.destinations, id, JSON.stringify({ ...current, paused: pause }));
    },
    async resume(id) {
      const current = await get(id);
      if (!current?.paused) return;
      await redis.hset(keys.destinations, id, JSON.stringify({ ...current, paused: null }));
    },
    async remove(id) {
      await redis.hdel(keys.destinations, id);
    },
  };
}

/** Keywords are kept trimmed and lower-cased, so "Abrego Garcia" and "abrego garcia" are one. */
function normaliseKeyword(keyword: string): string {
  return keyword.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Keyword subscriptions: one set per destination and beat, plus the beat's subscriber set. */
export function createRedisSubscriptionStore(redis: Redis, prefix: string): SubscriptionStore {
  const keys = storeKeys(prefix);
  const list = (destinationId: string, topic: string) =>
    redis.smembers(keys.subscriptions(destinationId, topic)).then((k) => k.sort());
  return {
    async add(destinationId, topic, keyword) {
      const k = normaliseKeyword(keyword);
      if (k === '') return;
      await redis
        .multi()
        .sadd(keys.subscriptions(destinationId, topic), k)
        .sadd(keys.subscribers(topic), destinationId)
        .exec();
    },
    async remove(destinationId, topic, keyword) {
      const removed = await redis.srem(keys.subscriptions(destinationId, topic), normaliseKeyword(keyword));
      if ((await redis.scard(keys.subscriptions(destinationId, topic))) === 0) {
        await redis.srem(keys.subscribers(topic), destinationId);
      }
      return removed === 1;
    },
    list,
    async forTopic(topic) {
      const out = new Map<string, string[]>();
      for (const id of await redis.smembers(keys.subscribers(topic))) {
        const words = await list(id, topic);
        if (words.length > 0) out.set(id, words);
      }
      return out;
    },
  };
}
