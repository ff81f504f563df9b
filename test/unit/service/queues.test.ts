import { type Job, QueueEvents, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { JOB_NAMES, QUEUE_NAMES } from '../../../src/queue/names.js';
import { createQueues, queuesAreIdle } from '../../../src/service/queues.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';

const redis: Redis = connectTestRedis();
const prefix = uniqueName('queues');

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('queues', () => {
  it('retry with backoff, then keep the failed job with its error; idle once nothing waits', async () => {
    const queues = createQueues(redis, prefix, { attempts: 3, backoffMs: 20, keepFailedMs: 60_000 });
    const eventsConnection = redis.duplicate();
    const events = new QueueEvents(QUEUE_NAMES.deliver, { connection: eventsConnection, prefix });
    await events.waitUntilReady();
    let calls = 0;
    const worker = new Worker(
      QUEUE_NAMES.deliver,
      async () => {
        calls += 1;
        throw Object.assign(new Error('chat API unreachable'), { code: 'ECONNREFUSED' });
      },
      { connection: redis, prefix },
    );
    try {
      const failed = new Promise<string>((resolve) => events.on('failed', ({ jobId }) => resolve(jobId)));
      const job = await queues.deliver.add(JOB_NAMES.deliver, {
        topic: 'cecot',
        destinationId: 'd',
        deliveryKey: 'k',
        message: { kind: 'alert', topic: 'cecot', title: 't', sections: [], text: 't' },
      });
      expect(await failed).toBe(job.id);
      const kept = (await queues.deliver.getJob(job.id!)) as Job;
      expect(kept.attemptsMade).toBe(3);
      expect(kept.failedReason).toBe('chat API unreachable');
      expect(kept.stacktrace?.length ?? 0).toBeGreaterThan(0);
      expect(calls).toBe(3);
      expect(await queuesAreIdle(queues)).toBe(true);
    } finally {
      await worker.close();
      await events.close();
      eventsConnection.disconnect();
      await Promise.all(Object.values(queues).map((q) => q.close()));
    }
  });
});
