/**
 * Stories, clusters and the record log on Redis. A story's JSON, its place in the beat's and the
 * cluster's indexes and its StoryRecord in the log are written by one script, and only while the
 * ingest lock is still ours: a worker that lost the lock (paused too long, say) cannot append a
 * record that another worker's analyser has not taken into account.
 */
import type { Redis } from 'ioredis';
import type { StoryRecord } from '../analysis.js';
import { storeKeys } from './keys.js';
import type { ClusterStore, StoredStory, StoryStore } from './types.js';

// A story already stored returns '0-0' and appends nothing: a script re-sent by the client after
// a dropped connection (ioredis resends unanswered commands) must not log the record twice.
const SAVE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
if redis.call('EXISTS', KEYS[2]) == 1 then return '0-0' end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[7])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[3])
redis.call('PEXPIRE', KEYS[4], ARGV[6])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[8])
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', ARGV[7])
return redis.call('XADD', KEYS[6], 'MINID', '~', ARGV[7], '*', 'r', ARGV[5])
`;

export interface StoryStoreOptions {
  /** How long stories, clusters and records are kept (`retention.days`). */
  retentionMs: number;
}

/** Parses the JSON of a stored story, or null when the key has expired in the meantime. */
function parseStory(json: string | null): StoredStory | null {
  return json === null ? null : (JSON.parse(json) as StoredStory);
}

/** Stories and the record log, on Redis. */
export function createRedisStoryStore(redis: Redis, prefix: string, options: StoryStoreOptions): StoryStore {
  const keys = storeKeys(prefix);
  const load = async (topic: string, storyKeys: string[]): Promise<StoredStory[]> => {
    if (storyKeys.length === 0) return [];
    const jsons = await redis.mget(...storyKeys.map((k) => keys.story(topic, k)));
    return jsons.map(parseStory).filter((s): s is StoredStory => s !== null);
  };
  return {
    async get(topic, key) {
      return parseStory(await redis.get(keys.story(topic, key)));
    },
    async latest(topic, limit) {
      return load(topic, await redis.zrevrange(keys.stories(topic), 0, limit - 1));
    },
    async since(topic, sinceMs) {
      return load(topic, await redis.zrangebyscore(keys.stories(topic), sinceMs, '+inf'));
    },
    async save(story, record, fence) {
      const t = story.topic;
      const cutoff = story.storedAtMs - options.retentionMs;
      const id = await redis.eval(
        SAVE,
        6,
        fence.key,
        keys.story(t, story.key),
        keys.stories(t),
        keys.cluster(t, story.item.cluster),
        keys.clusters(t),
        keys.records(t),
        fence.token,
        JSON.stringify(story),
        story.key,
        String(story.storedAtMs),
        JSON.stringify(record),
        String(Math.ceil(options.retentionMs)),
        String(cutoff),
        story.item.cluster,
      );
      return typeof id === 'string' ? id : null;
    },
    async recordsAfter(topic, afterId) {
      const out: Array<{ id: string; record: StoryRecord }> = [];
      let start = afterId === '0' ? '-' : `(${afterId}`;
      for (;;) {
        const page = await redis.xrange(keys.records(topic), start, '+', 'COUNT', 1000);
        for (const [id, fields] of page) {
          const json = fields[fields.indexOf('r') + 1];
          if (json !== undefined) out.push({ id, record: JSON.parse(json) as StoryRecord });
        }
        if (page.length < 1000) return out;
        start = `(${page[page.length - 1]![0]}`;
      }
    },
  };
}

/** Clusters, read from the indexes the story store writes. */
export function createRedisClusterStore(redis: Redis, prefix: string): ClusterStore {
  const keys = storeKeys(prefix);
  return {
    members: (topic, cluster) => redis.zrange(keys.cluster(topic, cluster), 0, -1),
    recent: (topic, limit) => redis.zrevrange(keys.clusters(topic), 0, limit - 1),
  };
}
