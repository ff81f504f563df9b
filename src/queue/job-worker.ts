/**
 * BullMQ workers that check a job's data before running it. Redis is a trust boundary: a job may
 * have been written by another version of beatwatch, by hand, or damaged, so its data may not
 * match its schema, or not even be JSON. Either way the job fails at once with the reason, never
 * retried (the same data would fail again) and never left to stalled-job recovery.
 */
import { type Job, type JobJsonRaw, UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import { type ZodType, z } from 'zod';

/** Why a job's data was refused. */
export type JobDataErrorCode = 'JOB_DATA_INVALID' | 'JOB_DATA_NOT_JSON';

/**
 * A job whose data cannot be run. An {@link UnrecoverableError}, so BullMQ fails the job without
 * using its remaining attempts; the message (the job's `failedReason`) says what was wrong.
 */
export class JobDataError extends UnrecoverableError {
  constructor(
    readonly code: JobDataErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'JobDataError';
  }
}

/** What runs a job once its data is checked; `signal` is BullMQ's (aborted when the job is cancelled). */
export type CheckedProcessor<T, R> = (data: T, job: Job, token?: string, signal?: AbortSignal) => Promise<R>;

/** Jobs whose stored data was not JSON, with the parser's message (set where the job is read). */
const unreadable = new WeakMap<Job, string>();

/**
 * A worker that reads a job whose data is not JSON as a job to fail, instead of throwing where
 * BullMQ reads it: there the error escapes the processor, the job stays active with nobody
 * running it, and stalled-job recovery hands it out again and again.
 */
class CheckedWorker<T, R> extends Worker<T, R> {
  protected override createJob(raw: JobJsonRaw, jobId: string): Job<T, R> {
    try {
      return super.createJob(raw, jobId);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      // Read with empty data: the processor then fails it with the reason below.
      const job = super.createJob({ ...raw, data: 'null' }, jobId);
      unreadable.set(job, err.message);
      return job;
    }
  }
}

const REMEDY =
  'Jobs are written by beatwatch itself: look for another version of beatwatch or another program ' +
  'writing under the same Redis key prefix, and remove the failed job once read.';

/** The job's data checked against `schema`, or a {@link JobDataError} naming what is wrong. */
export function readJobData<T>(schema: ZodType<T>, job: Job): T {
  const notJson = unreadable.get(job);
  if (notJson !== undefined) {
    throw new JobDataError(
      'JOB_DATA_NOT_JSON',
      `${job.queueName} job ${job.id} has data that is not JSON (${notJson}); it was failed without running. ${REMEDY}`,
    );
  }
  const parsed = schema.safeParse(job.data);
  if (parsed.success) return parsed.data;
  throw new JobDataError(
    'JOB_DATA_INVALID',
    `${job.queueName} job ${job.id} does not match its schema; it was failed without retrying:\n` +
      `${z.prettifyError(parsed.error)}\n${REMEDY}`,
  );
}

/**
 * Starts a worker on queue `name` whose jobs run `process` with their data checked against
 * `schema` (see {@link readJobData}).
 */
export function createCheckedWorker<T, R>(
  name: string,
  schema: ZodType<T>,
  process: CheckedProcessor<T, R>,
  options: WorkerOptions,
): Worker<T, R> {
  return new CheckedWorker<T, R>(
    name,
    (job, token, signal) => process(readJobData(schema, job), job, token, signal),
    options,
  );
}

/**
 * Whether a `failed` event is the job's last failure (no attempt left, an unrecoverable error,
 * or too many stalls), not one attempt that BullMQ will retry.
 */
export function failedForGood(job: Job | undefined): job is Job {
  return job?.finishedOn !== undefined;
}
