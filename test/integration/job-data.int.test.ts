/**
 * Jobs with bad data, on real queues and workers: a payload that does not match its schema fails
 * at its first attempt with the schema's message; data that is not JSON fails with that reason
 * instead of cycling through stalled-job recovery. The workers keep running other jobs.
 */
import type { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_NAMES } from '../../src/queue/names.js';
import type { Service } from '../../src/service/start.js';
import { readRound, startTestBeatwatch, type TestBeatwatch } from './service-support.js';

let bw: TestBeatwatch;
let service: Service;

beforeAll(async () => {
  // Three attempts: a bad job that is retried would show attemptsMade 3.
  bw = await startTestBeatwatch({ files: readRound(1), roles: 'worker', timings: { attempts: 3 } });
  service = bw.service;
});

afterAll(async () => {
  await bw?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the job has failed for good (no deadline of its own: the test's timeout applies). */
async function failedJob(queue: Queue, id: string): Promise<Job> {
  for (;;) {
    const job = await queue.getJob(id);
    if (job && (await job.getState()) === 'failed') return job;
    await sleep(100);
  }
}

describe('a job with bad data', () => {
  it('fails at its first attempt with the schema message when it does not match its schema', async () => {
    const bad = {
      topic: 'cecot',
      feedUrl: 'not a url',
      feedName: 'X',
      items: [],
      polledAtMs: 1,
      announce: true,
    };
    // biome-ignore lint/suspicious/noExplicitAny: the point is data the types would refuse.
    await service.queues.ingest.add(JOB_NAMES.ingest, bad as any, { jobId: 'bad-schema' });
    const job = await failedJob(service.queues.ingest, 'bad-schema');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^JOB_DATA_INVALID: ingest job bad-schema does not match its schema/);
    expect(job.failedReason).toMatch(/feedUrl/);
    expect(job.failedReason).toMatch(/items/);
  });

  it('fails with its reason when its data is not JSON, and the worker goes on', async () => {
    const data = { topic: 'cecot', feedUrl: bw.server.urls()[0]!.url, feedName: 'X', intervalMs: 60_000 };
    // Written as a delayed job, damaged in Redis, then released to the workers. BullMQ cannot read
    // such a job back (getJob throws too), so the test reads its hash.
    const added = await service.queues.poll.add(JOB_NAMES.poll, data, {
      jobId: 'not-json',
      delay: 3_600_000,
    });
    const key = `${bw.prefix}:poll:not-json`;
    await service.redis.hset(key, 'data', '{"topic": "cecot", ');
    await added.promote();
    while ((await service.redis.zscore(`${bw.prefix}:poll:failed`, 'not-json')) === null) await sleep(100);
    const hash = await service.redis.hgetall(key);
    expect(hash.failedReason).toMatch(/^JOB_DATA_NOT_JSON: poll job not-json has data that is not JSON/);
    expect(hash.atm).toBe('1');
    expect(hash.stc ?? '0').toBe('0');

    const good = await service.queues.poll.add(JOB_NAMES.poll, { ...data, force: true }, { jobId: 'good' });
    await service.waitUntilIdle({ timeoutMs: 30_000 });
    expect(await good.getState()).toBe('completed');
  });
});
