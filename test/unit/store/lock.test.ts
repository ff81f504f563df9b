import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireKeptLock, tryLock } from '../../../src/store/lock.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';

const redis: Redis = connectTestRedis();
const prefix = uniqueName('lock');

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('locks', () => {
  it('taking a lock twice with one token succeeds (a re-sent command), another token is refused', async () => {
    const key = `${prefix}:a`;
    expect(await tryLock(redis, key, 5_000, 'mine')).toBe('mine');
    // ioredis re-sends a command whose reply was lost: the same token must find the lock its own.
    expect(await tryLock(redis, key, 5_000, 'mine')).toBe('mine');
    expect(await tryLock(redis, key, 5_000, 'theirs')).toBeNull();
    expect(await redis.get(key)).toBe('mine');
  });

  it('an owner whose release failed takes its own kept lock back; others still wait', async () => {
    const key = `${prefix}:b`;
    const first = await acquireKeptLock(redis, key, 5_000, 'poll:job-1');
    expect(first).not.toBeNull();
    // The job failed and could not release (Redis away); its retry runs with the same owner.
    const retry = await acquireKeptLock(redis, key, 5_000, 'poll:job-1');
    expect(retry?.token).toBe('poll:job-1');
    expect(await acquireKeptLock(redis, key, 5_000, 'poll:job-2')).toBeNull();
    await first?.release();
    await retry?.release();
    expect(await redis.exists(key)).toBe(0);
  });
});
