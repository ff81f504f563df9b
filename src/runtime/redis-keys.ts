/** Removing what a run left in a shared Redis (the demo and the benchmark use a unique prefix). */
import type { Redis } from 'ioredis';

/**
 * Deletes every key that starts with `prefix` (SCAN, never KEYS, so a shared server is not
 * blocked). Returns how many keys were deleted. An empty prefix is refused: it would mean "all".
 */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  if (prefix.length === 0) throw new RangeError('prefix must not be empty');
  // Glob characters in the prefix would widen the match; escape them.
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
