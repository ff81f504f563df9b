/** Destinations with their settings, on Redis. */
import type { Redis } from 'ioredis';
import { storeKeys } from './keys.js';
import type { DestinationStore, StoredDestination } from './types.js';

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
