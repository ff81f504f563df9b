import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type BeatLease, createBeatLanes, IngestLockError } from '../../../src/queue/workers/beat-lease.js';
import { acquireKeptLock } from '../../../src/store/lock.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';

const redis: Redis = connectTestRedis();
let prefix: string;
const prefixes: string[] = [];

beforeEach(() => {
  prefix = uniqueName('lanes');
  prefixes.push(prefix);
});
afterAll(async () => {
  for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
  redis.disconnect();
});

/** Lanes whose batches record what they saw; each job's result is its own value doubled. */
function recordingLanes(options: { maxBatchWeight?: number; maxHoldMs?: number; fail?: number } = {}) {
  const batches: Array<{ jobs: number[]; token: string; fresh: boolean }> = [];
  let acquired = 0;
  const lanes = createBeatLanes<number, number>({
    acquire: async (topic) => {
      acquired += 1;
      return acquireKeptLock(redis, `${prefix}:lock:ingest:${topic}`, 5_000);
    },
    maxBatchWeight: options.maxBatchWeight ?? 100,
    maxHoldMs: options.maxHoldMs ?? 60_000,
    yieldMs: 1,
    lingerMs: 1,
    async runBatch(_topic, lease: BeatLease, jobs) {
      batches.push({ jobs: [...jobs], token: lease.lock.token, fresh: lease.fresh });
      // Let the caller queue more jobs while this batch "works".
      await new Promise((r) => setTimeout(r, 5));
      return jobs.map((j) =>
        j === options.fail
          ? { status: 'rejected' as const, reason: new Error(`job ${j} failed`) }
          : { status: 'fulfilled' as const, value: j * 2 },
      );
    },
  });
  return { lanes, batches, acquisitions: () => acquired };
}

describe('createBeatLanes', () => {
  it('runs a beat’s jobs in order, batching those that wait, under one lease', async () => {
    const { lanes, batches, acquisitions } = recordingLanes();
    const results = await Promise.all([1, 2, 3, 4, 5].map((j) => lanes.submit('cecot', j, 1)));
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(batches.flatMap((b) => b.jobs)).toEqual([1, 2, 3, 4, 5]);
    // The first job runs alone; the four queued behind it go together.
    expect(batches.map((b) => b.jobs.length)).toEqual([1, 4]);
    expect(batches.map((b) => b.fresh)).toEqual([true, false]);
    expect(new Set(batches.map((b) => b.token)).size).toBe(1);
    expect(acquisitions()).toBe(1);
    // Given back once the lane ran dry (after lingering a moment for more jobs).
    await new Promise((r) => setTimeout(r, 30));
    expect(await redis.get(`${prefix}:lock:ingest:cecot`)).toBeNull();
  });

  it('keeps a batch within its weight, but runs a heavier job alone', async () => {
    const { lanes, batches } = recordingLanes({ maxBatchWeight: 3 });
    await Promise.all([
      lanes.submit('cecot', 1, 1),
      lanes.submit('cecot', 2, 2),
      lanes.submit('cecot', 3, 2),
      lanes.submit('cecot', 4, 9),
    ]);
    expect(batches.map((b) => b.jobs)).toEqual([[1], [2], [3], [4]]);
  });

  it('fails only the job that failed, then takes a fresh lease', async () => {
    const { lanes, batches, acquisitions } = recordingLanes({ fail: 2 });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((j) => lanes.submit('cecot', j, 1)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(batches.map((b) => b.jobs)).toEqual([[1], [2, 3, 4]]);
    expect(acquisitions()).toBe(1);
    await lanes.submit('cecot', 5, 1);
    expect(batches.at(-1)?.fresh).toBe(true);
  });

  it('gives the jobs back for a retry when another process holds the beat', async () => {
    const lanes = createBeatLanes<number, number>({
      acquire: async () => null,
      maxBatchWeight: 10,
      maxHoldMs: 1_000,
      yieldMs: 1,
      lingerMs: 1,
      runBatch: async () => {
        throw new Error('not reached');
      },
    });
    await expect(lanes.submit('cecot', 1, 1)).rejects.toBeInstanceOf(IngestLockError);
  });

  it('offers a long-held lease to other processes, then continues under a fresh one', async () => {
    const { lanes, batches, acquisitions } = recordingLanes({ maxHoldMs: 1 });
    await Promise.all([1, 2, 3].map((j) => lanes.submit('cecot', j, 1)));
    expect(batches.map((b) => b.jobs)).toEqual([[1], [2, 3]]);
    expect(acquisitions()).toBe(2);
    expect(batches[1]?.fresh).toBe(true);
    expect(batches[1]?.token).not.toBe(batches[0]?.token);
  });
});
