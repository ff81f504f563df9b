/**
 * The BullMQ queues of one deployment, under the config's key prefix so several deployments (or
 * tests) can share one Redis. Default job options live here: retries with exponential backoff,
 * failed jobs kept with their error, finished jobs trimmed.
 */
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { isFutureRunJobId } from '../digest/schedule.js';
import type { DeliverJob } from '../queue/jobs/deliver.js';
import type { DigestJob } from '../queue/jobs/digest.js';
import type { IngestJob } from '../queue/jobs/ingest.js';
import type { PollJob } from '../queue/jobs/poll.js';
import { ALL_QUEUES, QUEUE_NAMES } from '../queue/names.js';

export interface Queues {
  poll: Queue<PollJob>;
  ingest: Queue<IngestJob>;
  deliver: Queue<DeliverJob>;
  digest: Queue<DigestJob>;
}

export interface QueueOptions {
  /** Attempts per job before it is kept as failed (with its error). */
  attempts: number;
  /** First retry delay; doubled on each attempt. */
  backoffMs: number;
  /** How long failed jobs are kept for inspection. */
  keepFailedMs: number;
}

/** Job options shared by every queue. */
export function defaultJobOptions(options: QueueOptions): JobsOptions {
  return {
    attempts: options.attempts,
    backoff: { type: 'exponential', delay: options.backoffMs },
    // Completed jobs are only history; the store holds what matters. Keep a few for inspection.
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: Math.ceil(options.keepFailedMs / 1000) },
  };
}

/** Opens every queue on a shared connection. */
export function createQueues(connection: Redis, prefix: string, options: QueueOptions): Queues {
  const opts = { connection, prefix, defaultJobOptions: defaultJobOptions(options) };
  return {
    poll: new Queue<PollJob>(QUEUE_NAMES.poll, opts),
    ingest: new Queue<IngestJob>(QUEUE_NAMES.ingest, opts),
    deliver: new Queue<DeliverJob>(QUEUE_NAMES.deliver, opts),
    digest: new Queue<DigestJob>(QUEUE_NAMES.digest, opts),
  };
}

const DEPTH_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/** Jobs per queue and state, for the queue-depth gauge. */
export async function readQueueDepths(
  queues: Queues,
): Promise<Array<{ queue: string; state: string; count: number }>> {
  const out: Array<{ queue: string; state: string; count: number }> = [];
  for (const name of ALL_QUEUES) {
    const counts = await queues[name].getJobCounts(...DEPTH_STATES);
    for (const state of DEPTH_STATES) out.push({ queue: name, state, count: counts[state] ?? 0 });
  }
  return out;
}

/**
 * True when no work is waiting or running. The poll and digest queues always hold one delayed
 * job per scheduler (ids `repeat:<scheduler>:<time>`: the next poll of a feed, the next digest of
 * a destination), which does not count, nor does the run of a day a digest scheduler skips; any
 * other delayed poll or digest (waiting for its retry after a Redis error) does, as do delayed
 * ingest or deliver jobs (a retry, a 429): their work is still to come.
 */
export async function queuesAreIdle(queues: Queues): Promise<boolean> {
  for (const q of [queues.poll, queues.digest] as Queue[]) {
    const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
    if (Object.values(counts).some((n) => n > 0)) return false;
    const delayed = await q.getRanges(['delayed'], 0, -1);
    if (delayed.some((id) => !isFutureRunJobId(id))) return false;
  }
  for (const q of [queues.ingest, queues.deliver] as Queue[]) {
    const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(c).some((n) => n > 0)) return false;
  }
  return true;
}
