/** Feed state and seen item ids on Redis. */
import type { Redis } from 'ioredis';
import { feedKey } from '../queue/feed-health.js';
import { inChunks, MAX_COMMAND_ARGS } from './chunks.js';
import { storeKeys } from './keys.js';
import { keepLock, RELEASE_LOCK_LUA, TAKE_LOCK_LUA } from './lock.js';
import { defineScript } from './redis-script.js';
import type { FeedPoll, FeedState, FeedStore } from './types.js';

// A poll of a 304 feed is mostly Redis round trips, so it takes its feed's fetch lock and reads
// the state in one script, and writes the outcome and releases the lock in another.
/** KEYS: lock, feed hash, seen set; ARGV: token, TTL. {1, hash, seen count}, or {0} when locked. */
const BEGIN_POLL = defineScript(`${TAKE_LOCK_LUA}
if take(KEYS[1], ARGV[1], ARGV[2]) == 0 then return {0} end
return {1, redis.call('HGETALL', KEYS[2]), redis.call('ZCARD', KEYS[3])}`);
/**
 * KEYS: feed hash, lock; ARGV: token, number of fields to set, then field and value pairs, then
 * fields to delete. The writes come first: whoever takes the lock next reads them.
 */
const FINISH_POLL = defineScript(`${RELEASE_LOCK_LUA}
local sets = tonumber(ARGV[2])
if sets > 0 then redis.call('HSET', KEYS[1], unpack(ARGV, 3, 2 + 2 * sets)) end
if #ARGV > 2 + 2 * sets then redis.call('HDEL', KEYS[1], unpack(ARGV, 3 + 2 * sets)) end
return release(KEYS[2], ARGV[1])`);

const NUMBER_FIELDS = [
  'lastStatus',
  'consecutiveFailures',
  'nextPollAtMs',
  'lastPolledAtMs',
  'lastSuccessAtMs',
] as const;
const STRING_FIELDS = [
  'topic',
  'name',
  'etag',
  'lastModified',
  'lastError',
  'pausedReason',
  'addedBy',
] as const;

function toState(url: string, hash: Record<string, string>): FeedState {
  const num = (k: string): number | null => (hash[k] === undefined ? null : Number(hash[k]));
  const str = (k: string): string | null => hash[k] ?? null;
  return {
    url,
    topic: hash.topic ?? '',
    name: hash.name ?? url,
    etag: str('etag'),
    lastModified: str('lastModified'),
    lastStatus: num('lastStatus'),
    lastError: str('lastError'),
    consecutiveFailures: num('consecutiveFailures') ?? 0,
    nextPollAtMs: num('nextPollAtMs'),
    lastPolledAtMs: num('lastPolledAtMs'),
    lastSuccessAtMs: num('lastSuccessAtMs'),
    paused: hash.paused === '1',
    pausedReason: str('pausedReason'),
    itemsSeen: num('itemsSeen') ?? 0,
    addedBy: str('addedBy'),
  };
}

/** Splits a patch into fields to set and fields to delete (null means "absent" in the hash). */
function toHash(patch: Partial<Omit<FeedState, 'url'>>): { set: Record<string, string>; del: string[] } {
  const set: Record<string, string> = {};
  const del: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) del.push(k);
    else if (k === 'paused') set[k] = v ? '1' : '0';
    else if (
      (NUMBER_FIELDS as readonly string[]).includes(k) ||
      (STRING_FIELDS as readonly string[]).includes(k)
    )
      set[k] = String(v);
  }
  return { set, del };
}

/** A hash as HGETALL answers it inside a script: field, value, field, value… */
function pairsToHash(pairs: string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) hash[pairs[i]!] = pairs[i + 1]!;
  return hash;
}

export interface FeedStoreOptions {
  /** How long seen item ids are remembered (`retention.days`). */
  retentionMs: number;
}

/** Feed state in one hash per feed, seen ids in a sorted set per feed trimmed by retention. */
export function createRedisFeedStore(redis: Redis, prefix: string, options: FeedStoreOptions): FeedStore {
  const keys = storeKeys(prefix);
  // Counted from the seen set (not a counter), so a command re-sent after a reconnect cannot
  // inflate it; it is the number of items seen within the retention period.
  const stateOf = (url: string, hash: Record<string, string>, seen: number): FeedState | null =>
    Object.keys(hash).length === 0 ? null : { ...toState(url, hash), itemsSeen: seen };
  const get = async (url: string): Promise<FeedState | null> => {
    const fk = feedKey(url);
    const [hash, seen] = await Promise.all([redis.hgetall(keys.feed(fk)), redis.zcard(keys.feedSeen(fk))]);
    return stateOf(url, hash, seen);
  };
  const update = async (url: string, patch: Partial<Omit<FeedState, 'url'>>): Promise<void> => {
    const { set, del } = toHash(patch);
    const key = keys.feed(feedKey(url));
    const tx = redis.multi();
    if (Object.keys(set).length > 0) tx.hset(key, set);
    if (del.length > 0) tx.hdel(key, ...del);
    await tx.exec();
  };
  return {
    async register({ url, topic, name, addedBy }) {
      await redis
        .multi()
        .hset(keys.feeds, url, JSON.stringify({ topic, name }))
        .hset(keys.feed(feedKey(url)), { topic, name, ...(addedBy ? { addedBy } : {}) })
        .exec();
    },
    get,
    async list() {
      const all = await redis.hgetall(keys.feeds);
      const states = await Promise.all(Object.keys(all).map((url) => get(url)));
      return states
        .filter((s): s is FeedState => s !== null)
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.name.localeCompare(b.name));
    },
    update,
    async beginPoll(url, token, lockTtlMs) {
      const fk = feedKey(url);
      const lockKey = keys.feedLock(fk);
      const reply = (await BEGIN_POLL.run(
        redis,
        [lockKey, keys.feed(fk), keys.feedSeen(fk)],
        [token, Math.ceil(lockTtlMs)],
      )) as [0] | [1, string[], number];
      if (reply[0] === 0) return null;
      const lock = keepLock(redis, lockKey, token, lockTtlMs);
      const poll: FeedPoll = {
        state: stateOf(url, pairsToHash(reply[1]), reply[2]),
        release: () => lock.release(),
        async finish(patch) {
          lock.stop();
          const { set, del } = toHash(patch);
          const pairs = Object.entries(set).flat();
          await FINISH_POLL.run(redis, [keys.feed(fk), lockKey], [token, pairs.length / 2, ...pairs, ...del]);
        },
      };
      return poll;
    },
    async unseen(url, ids) {
      if (ids.length === 0) return [];
      const key = keys.feedSeen(feedKey(url));
      const slices = inChunks(ids, MAX_COMMAND_ARGS);
      const scores = (await Promise.all(slices.map((slice) => redis.zmscore(key, ...slice)))).flat();
      return ids.filter((_, i) => scores[i] === null);
    },
    async markSeen(url, ids, nowMs) {
      if (ids.length === 0) return;
      const key = keys.feedSeen(feedKey(url));
      const tx = redis.multi();
      for (const slice of inChunks(ids, MAX_COMMAND_ARGS / 2)) {
        const args: Array<string | number> = [];
        for (const id of slice) args.push(nowMs, id);
        // NX keeps the first-seen time, so retention counts from when an item first appeared.
        tx.zadd(key, 'NX', ...args);
      }
      await tx.zremrangebyscore(key, '-inf', nowMs - options.retentionMs).exec();
    },
    async markUnseen(url, ids) {
      const fk = feedKey(url);
      const tx = redis.multi();
      for (const slice of inChunks(ids, MAX_COMMAND_ARGS)) tx.zrem(keys.feedSeen(fk), ...slice);
      // Without validators the next poll fetches the whole feed (no 304) and finds the items again.
      await tx.hdel(keys.feed(fk), 'etag', 'lastModified').exec();
    },
    async pause(url, reason) {
      await update(url, { paused: true, pausedReason: reason, nextPollAtMs: null });
    },
    async resume(url) {
      await update(url, { paused: false, pausedReason: null, consecutiveFailures: 0, nextPollAtMs: null });
    },
    async remove(url) {
      const fk = feedKey(url);
      await redis.multi().hdel(keys.feeds, url).del(keys.feed(fk), keys.feedSeen(fk)).exec();
    },
  };
}
