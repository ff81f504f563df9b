import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix } from '../../../src/runtime/redis-keys.js';
import { connectTestRedis, uniqueName } from '../../helpers/redis.js';

describe('deleteKeysWithPrefix', () => {
  const redis = connectTestRedis();
  afterAll(() => redis.disconnect());

  it('removes every key under the prefix and nothing else', async () => {
    const prefix = uniqueName('keys');
    const other = uniqueName('other');
    for (let i = 0; i < 1500; i++) await redis.set(`${prefix}:k${i}`, '1');
    await redis.set(other, 'keep');
    expect(await deleteKeysWithPrefix(redis, prefix)).toBe(1500);
    expect(await redis.exists(`${prefix}:k0`)).toBe(0);
    expect(await redis.get(other)).toBe('keep');
    await redis.del(other);
  });

  it('treats glob characters in the prefix literally and refuses an empty prefix', async () => {
    const base = uniqueName('glob');
    await redis.set(`${base}-x`, '1');
    await redis.set(`${base}*:y`, '1');
    expect(await deleteKeysWithPrefix(redis, `${base}*`)).toBe(1);
    expect(await redis.get(`${base}-x`)).toBe('1');
    await redis.del(`${base}-x`);
    await expect(deleteKeysWithPrefix(redis, '')).rejects.toThrow(/prefix must not be empty/);
  });
});
