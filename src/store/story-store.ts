/**
 * Stories, clusters and the record log on Redis. A story's JSON, its place in the beat's and the
 * cluster's indexes and its StoryRecord in the log are written by one script, and only while the
 * ingest lock is still ours: a worker that lost the lock (paused too long, say) cannot append a
 * record that another worker's analyser has not taken into account.
 */
import type { Redis } from 'ioredis';
import type { StoryRecord } from '../analysis.js';
import { inChunks, MAX_COMMAND_ARGS } from './chunks.js';
import { storeKeys } from './keys.js';
import { defineScript } from './redis-script.js';
import type { ClusterStore, StoredStory, StoryStore } from './types.js';

// Saves stories in order while the fence holds (a batch's stories in chunks; see saveMany).
// KEYS: fence, beat's stories zset, beat's clusters zset, record stream, then per story its JSON
// key and its cluster's zset. ARGV: token, retention ms, cutoff, then per story JSON, story key,
// stored time, record JSON, cluster id. Returns one id per story, '0-0' for a story already stored
// (a script re-sent by the client after a dropped connection must not log the record twice;
// ioredis resends unanswered commands), or false when the fence is no longer ours.
const SAVE_MANY = defineScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
local ids = {}
local n = (#KEYS - 4) / 2
for i = 1, n do
  local storyKey, clusterKey = KEYS[3 + 2 * i], KEYS[4 + 2 * i]
  local a = 3 + 5 * (i - 1)
  if redis.call('EXISTS', storyKey) == 1 then
    ids[i] = '0-0'
  else
    redis.call('SET', storyKey, ARGV[a + 1], 'PX', ARGV[2])
    redis.call('ZADD', KEYS[2], ARGV[a + 3], ARGV[a + 2])
    redis.call('ZADD', clusterKey, ARGV[a + 3], ARGV[a + 2])
    redis.call('PEXPIRE', clusterKey, ARGV[2])
    redis.call('ZADD', KEYS[3], ARGV[a + 3], ARGV[a + 5])
    ids[i] = redis.call('XADD', KEYS[4], 'MINID', '~', ARGV[3], '*', 'r', ARGV[a + 4])
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[3])
return ids
`);

/** Stories per script call: two keys and five arguments each, within a command's bound. */
const SAVE_CHUNK_STORIES = Math.floor(MAX_COMMAND_ARGS / 7);

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
  /** Stories by key, in the order asked (null where not stored); all slices in one round trip. */
  const getMany = async (topic: string, storyKeys: readonly string[]): Promise<Array<StoredStory | null>> => {
    const slices = await Promise.all(
      inChunks(storyKeys, MAX_COMMAND_ARGS).map((slice) =>
        redis.mget(...slice.map((k) => keys.story(topic, k))),
      ),
    );
    return slices.flat().map(parseStory);
  };
  const load = async (topic: string, storyKeys: string[]): Promise<StoredStory[]> =>
    (await getMany(topic, storyKeys)).filter((s): s is StoredStory => s !== null);
  /** One script call for `entries`, with the batch's common arguments. */
  const saveChunk = async (
    topic: string,
    entries: ReadonlyArray<{ story: StoredStory; record: StoryRecord }>,
    fence: { key: string; token: string },
    cutoffMs: number,
  ): Promise<string[] | null> => {
    const storyKeys: string[] = [];
    const args: string[] = [fence.token, String(Math.ceil(options.retentionMs)), String(cutoffMs)];
    for (const { story, record } of entries) {
      storyKeys.push(keys.story(topic, story.key), keys.cluster(topic, story.item.cluster));
      args.push(
        JSON.stringify(story),
        story.key,
        String(story.storedAtMs),
        JSON.stringify(record),
        story.item.cluster,
      );
    }
    const ids = (await SAVE_MANY.run(
      redis,
      [fence.key, keys.stories(topic), keys.clusters(topic), keys.records(topic), ...storyKeys],
      args,
    )) as string[] | null;
    return Array.isArray(ids) ? ids : null;
  };
  const saveMany: StoryStore['saveMany'] = async (topic, entries, fence) => {
    if (entries.length === 0) return [];
    let storedAtMs = 0;
    for (const { story } of entries) storedAtMs = Math.max(storedAtMs, story.storedAtMs);
    // Every chunk is sent before any reply is read: still one round trip, and Redis runs them in
    // order, each checking the fence, so a lost fence stops the chunks after it.
    const results = await Promise.all(
      inChunks(entries, SAVE_CHUNK_STORIES).map((chunk) =>
        saveChunk(topic, chunk, fence, storedAtMs - options.retentionMs),
      ),
    );
    return results.some((ids) => ids === null) ? null : results.flatMap((ids) => ids!);
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
    getMany,
    async save(story, record, fence) {
      const ids = await saveMany(story.topic, [{ story, record }], fence);
      return ids === null ? null : ids[0]!;
    },
    saveMany,
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
