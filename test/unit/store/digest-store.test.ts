import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisDigestStore } from '../../../src/store/digest-store.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';

const redis: Redis = connectTestRedis();
const prefix = uniqueName('digests');

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('digest periods', () => {
  it('claims each date once: the same period for every job of a date, the next date from where it ended', async () => {
    const store = createRedisDigestStore(redis, prefix);
    expect(await store.last('cecot', 'slack:T1:C1')).toBeNull();
    const first = await store.claim('cecot', 'slack:T1:C1', '2027-03-13', 2_000, 1_000);
    expect(first).toEqual({ date: '2027-03-13', fromMs: 1_000, toMs: 2_000 });
    // A retry or a second worker, later: the same period.
    expect(await store.claim('cecot', 'slack:T1:C1', '2027-03-13', 2_500, 1_500)).toEqual(first);
    const second = await store.claim('cecot', 'slack:T1:C1', '2027-03-14', 5_000, 4_000);
    expect(second).toEqual({ date: '2027-03-14', fromMs: 2_000, toMs: 5_000 });
    // A job for an earlier date than the last digest builds nothing.
    expect(await store.claim('cecot', 'slack:T1:C1', '2027-03-13', 6_000, 5_000)).toBeNull();
    expect(await store.last('cecot', 'slack:T1:C1')).toEqual(second);
    // Other destinations and beats keep their own.
    expect(await store.claim('cecot', 'discord:G:C', '2027-03-14', 5_000, 4_000)).toEqual({
      date: '2027-03-14',
      fromMs: 4_000,
      toMs: 5_000,
    });
  });

  it('gives concurrent claims of one date the same period', async () => {
    const store = createRedisDigestStore(redis, prefix);
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.claim('cecot', 'race', '2027-01-01', 10_000 + i, 9_000 + i)),
    );
    expect(new Set(claims.map((c) => JSON.stringify(c))).size).toBe(1);
  });
});
