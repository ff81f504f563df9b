/**
 * Stories written to a real Redis the way ingest writes them (fenced by the beat's ingest lock),
 * for tests of what reads them: commands, digests, alerts.
 */
import type { Redis } from 'ioredis';
import { storeKeys } from '../../src/store/keys.js';
import { tryLock } from '../../src/store/lock.js';
import type { StoredStory, StoryStore } from '../../src/store/types.js';

/** Saves `stories` (all of one beat) in order under the beat's ingest lock, then frees the lock. */
export async function storeStories(
  redis: Redis,
  prefix: string,
  stories: StoryStore,
  batch: readonly StoredStory[],
): Promise<void> {
  const topic = batch[0]?.topic;
  if (!topic) return;
  const fence = { key: storeKeys(prefix).ingestLock(topic), token: `test-${Date.now()}` };
  if ((await tryLock(redis, fence.key, 10_000, fence.token)) === null) throw new Error('ingest lock is held');
  try {
    const saved = await stories.saveMany(
      topic,
      batch.map((story) => ({
        story,
        record: { id: story.item.id, cluster: story.item.cluster, publishedMs: story.storedAtMs },
      })),
      fence,
    );
    if (!saved) throw new Error('fence lost while saving test stories');
  } finally {
    await redis.del(fence.key);
  }
}
