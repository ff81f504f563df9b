/**
 * Follows on Redis: who follows what in a beat (keywords or one story), and the small pieces of
 * state that keep their alerts calm — which clusters each follow already got, one follow-up per
 * cluster per hour, a cap of new stories per hour with the rest rolled up, and where each thread
 * hangs. Decisions are made by one script per story and follow, and remembered, so a retried
 * ingest gets the same answer and queues the same delivery (whose job id makes it a no-op).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { storeKeys } from './keys.js';
import { defineScript } from './redis-script.js';

/** One follow of a beat. */
export interface Follow {
  /** Stable for the same destination, beat, kind and query. */
  id: string;
  topic: string;
  /** Where its alerts go: a user's direct messages (`slack:T1:@U1`) or a channel's destination. */
  destinationId: string;
  kind: 'keywords' | 'story';
  /** Keywords in canonical form; for a story, its short id as shown in chat. */
  query: string;
  /** For a story: the cluster it belongs to, whose later stories are its follow-ups. */
  cluster?: string;
  /** Who asked (`slack user U1`). */
  owner: string;
  createdAtMs: number;
}

/** What one story does for one follow. */
export type FollowDecision =
  /** The first story of a cluster for this follow: an alert that starts a thread. */
  | { kind: 'root' }
  /** A later story of the cluster: a reply in the thread started by `rootStoryKey`. */
  | { kind: 'reply'; rootStoryKey: string }
  /** Past the hourly cap: one line in the hour's roll-up. */
  | { kind: 'rollup'; hour: number }
  /** A follow-up of this cluster already went out this hour. */
  | { kind: 'skip' };

export interface FollowLimits {
  /** New clusters alerted to one follow per clock hour; the rest go in one roll-up. */
  maxPerHour: number;
  /** How long a follow remembers the clusters it got (the retention period). */
  rememberMs: number;
}

export interface FollowStore {
  /** Adds a follow, or finds the same one; `created` says which. */
  add(
    follow: Omit<Follow, 'id' | 'createdAtMs'>,
    nowMs: number,
  ): Promise<{ follow: Follow; created: boolean }>;
  /** Removes the follow of `destinationId` with this kind and query; false when there was none. */
  remove(topic: string, destinationId: string, kind: Follow['kind'], query: string): Promise<boolean>;
  /** Every follow of a beat, oldest first. */
  list(topic: string): Promise<Follow[]>;
  /**
   * Decides, once per story and follow, what the story does for the follow. A story past the cap
   * joins the hour's roll-up as `rollupEntry` in the same step, so a retried ingest (which gets
   * the decision it got before) never lists it twice.
   */
  decide(
    follow: Follow,
    cluster: string,
    storyKey: string,
    nowMs: number,
    limits: FollowLimits,
    rollupEntry: string,
  ): Promise<FollowDecision>;
  /** The roll-up entries of one hour, in order. */
  rollup(followId: string, hour: number): Promise<string[]>;
  /** Remembers the platform reference of a thread's first message. */
  setThreadRoot(destinationId: string, thread: string, ref: string, rememberMs: number): Promise<void>;
  threadRoot(destinationId: string, thread: string): Promise<string | null>;
}

/** Id of a follow: the same destination following the same thing gets the same id. */
export function followId(topic: string, destinationId: string, kind: Follow['kind'], query: string): string {
  return createHash('sha1')
    .update(`${topic}\n${destinationId}\n${kind}\n${query}`)
    .digest('hex')
    .slice(0, 16);
}

const HOUR_MS = 3_600_000;

// KEYS: decision, cluster, follow-up slot, hour counter, the hour's roll-up. ARGV: story key,
// remember ms, hour ms, max per hour, hour number, roll-up entry. Returns the decision as "root",
// "reply <root story key>", "rollup <hour>" or "skip", the same on every call for the same story;
// only the first call adds to the roll-up.
const DECIDE = defineScript(`
local decided = redis.call('GET', KEYS[1])
if decided then return decided end
local story, remember, hour, cap = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local decision
if redis.call('SET', KEYS[2], story, 'NX', 'PX', remember) then
  local n = redis.call('INCR', KEYS[4])
  if n == 1 then redis.call('PEXPIRE', KEYS[4], hour * 2) end
  if n > cap then
    decision = 'rollup ' .. ARGV[5]
    redis.call('DEL', KEYS[2])
    redis.call('RPUSH', KEYS[5], ARGV[6])
    redis.call('PEXPIRE', KEYS[5], remember)
  else
    decision = 'root'
  end
elseif redis.call('SET', KEYS[3], story, 'NX', 'PX', hour) then
  decision = 'reply ' .. redis.call('GET', KEYS[2])
else
  decision = 'skip'
end
redis.call('SET', KEYS[1], decision, 'PX', remember)
return decision
`);

function toDecision(reply: string): FollowDecision {
  const [kind, arg = ''] = reply.split(' ');
  if (kind === 'reply') return { kind: 'reply', rootStoryKey: arg };
  if (kind === 'rollup') return { kind: 'rollup', hour: Number(arg) };
  return kind === 'root' ? { kind: 'root' } : { kind: 'skip' };
}

/** Follows in one hash per beat, their alert state in small expiring keys. */
export function createRedisFollowStore(redis: Redis, prefix: string): FollowStore {
  const keys = storeKeys(prefix);
  const list = async (topic: string): Promise<Follow[]> =>
    Object.values(await redis.hgetall(keys.follows(topic)))
      .map((j) => JSON.parse(j) as Follow)
      .sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id));
  return {
    async add(follow, nowMs) {
      const id = followId(follow.topic, follow.destinationId, follow.kind, follow.query);
      const stored: Follow = { ...follow, id, createdAtMs: nowMs };
      const created = (await redis.hsetnx(keys.follows(follow.topic), id, JSON.stringify(stored))) === 1;
      if (created) return { follow: stored, created };
      const json = await redis.hget(keys.follows(follow.topic), id);
      return { follow: json ? (JSON.parse(json) as Follow) : stored, created };
    },
    async remove(topic, destinationId, kind, query) {
      return (await redis.hdel(keys.follows(topic), followId(topic, destinationId, kind, query))) === 1;
    },
    list,
    async decide(follow, cluster, storyKey, nowMs, limits, rollupEntry) {
      const hour = Math.floor(nowMs / HOUR_MS);
      const reply = (await DECIDE.run(
        redis,
        [
          keys.followDecision(follow.id, storyKey),
          keys.followCluster(follow.id, cluster),
          keys.followUpSlot(follow.id, cluster),
          keys.followHour(follow.id, hour),
          keys.followRollup(follow.id, hour),
        ],
        [storyKey, limits.rememberMs, HOUR_MS, limits.maxPerHour, hour, rollupEntry],
      )) as string;
      return toDecision(reply);
    },
    async rollup(id, hour) {
      return redis.lrange(keys.followRollup(id, hour), 0, -1);
    },
    async setThreadRoot(destinationId, thread, ref, rememberMs) {
      await redis.set(keys.threadRoot(destinationId, thread), ref, 'PX', rememberMs);
    },
    async threadRoot(destinationId, thread) {
      return redis.get(keys.threadRoot(destinationId, thread));
    },
  };
}
