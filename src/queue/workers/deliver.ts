/**
 * The `deliver` job: post one message to one destination, exactly once as far as we can see.
 *
 * 1. "sent" marker present → done (a retry, a re-queued job, or a second worker got here first).
 * 2. Take the in-flight marker (SET NX PX, kept alive while posting). Held by someone else → come
 *    back later (a live worker is posting, or a dead worker's marker has yet to expire).
 * 3. Note the attempt (the first attempt's time is kept until "sent"), then post with the
 *    delivery's idempotency key. When an earlier attempt was noted and never marked sent, its
 *    post may have reached the platform (the worker died, or the call timed out, after the
 *    platform took it): the destination is told, and looks before posting again (decision 022).
 *    On success write "sent" and drop the marker in one step, then let BullMQ ack the job.
 *    On a 429 or a 5xx drop the marker and delay the job by Retry-After (not a failure, no
 *    attempt used). On a permanent refusal (channel gone, bot removed) drop the marker and pause
 *    the destination with the platform's reason: the job ends, and nothing more is sent there
 *    until someone resumes it. On any other error drop the marker and throw: BullMQ retries with
 *    exponential backoff.
 * A paused destination's jobs end at step 0 without posting. A reply in a thread whose first
 * message is still on its way waits for it a little (step 0), counted from when the reply was due
 * (after quiet hours, say, when its root is released with it), then goes out on its own.
 * A job may carry what to build its message from instead of the message (a follow's roll-up,
 * gathered until the job runs); it is built after step 2, once per post.
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, type Job } from 'bullmq';
import { type Destination, deliveryIdempotencyKey } from '../../chat/core/destination.js';
import type { Message } from '../../chat/core/message.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../service/metrics.js';
import type { DeliveryMarkers } from '../../store/types.js';
import type { ComposeRequest, DeliverJob } from '../jobs/deliver.js';

/** The destinations one process can post to, and their pauses. */
export interface DestinationDirectory {
  /** The destination with this id, or null when this process cannot post to it. */
  get(id: string): Promise<Destination | null>;
  /** Why the destination is paused, or null when it takes messages. */
  pausedReason(id: string): Promise<string | null>;
  /**
   * Stops posting to the destination until it is resumed; `cause` says the platform refused the
   * bot's token rather than the channel.
   */
  pause(id: string, reason: string, cause?: 'credentials'): Promise<void>;
}

/** Where thread roots are kept, and how messages asked for by `compose` are built. */
export interface DeliverThreads {
  setThreadRoot(destinationId: string, thread: string, ref: string, rememberMs: number): Promise<void>;
  threadRoot(destinationId: string, thread: string): Promise<string | null>;
}

export interface DeliverDeps {
  markers: DeliveryMarkers;
  destinations: DestinationDirectory;
  threads: DeliverThreads;
  /** Builds the message of a job that carries a `compose` request; null when there is nothing to send. */
  compose(request: ComposeRequest, topic: string): Promise<Message | null>;
  /** How long thread roots are remembered (the retention period). */
  rememberMs: number;
  /** TTL of the in-flight marker; a dead worker's marker frees the delivery after this long. */
  markerTtlMs: number;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
}

/** Thrown when the job names a destination this process does not have. */
export class UnknownDestinationError extends Error {
  readonly code = 'UNKNOWN_DESTINATION';
}

export type DeliverOutcome = 'sent' | 'already-sent' | 'paused' | 'nothing-to-send';

/** How long a reply waits for its thread's first message before it is posted on its own. */
const ROOT_WAIT_MS = 120_000;
/** How often a waiting reply looks again. */
const ROOT_RETRY_MS = 2_000;

/** The part of a BullMQ job the processor reads, and reschedules with. */
export type DeliverJobHandle = Pick<Job, 'moveToDelayed' | 'timestamp'> & {
  opts: Pick<Job['opts'], 'delay'>;
};

/**
 * When the job was first due: when it was added, plus the delay it was added with (quiet hours).
 * Rescheduling (`moveToDelayed`) leaves both as they were.
 */
function dueAtMs(job: DeliverJobHandle): number {
  return job.timestamp + (job.opts.delay ?? 0);
}

/** Delivers one message; `job` and `token` let it reschedule itself on a 429. */
export async function processDeliver(
  deps: DeliverDeps,
  data: DeliverJob,
  job: DeliverJobHandle,
  jobToken: string | undefined,
): Promise<DeliverOutcome> {
  const now = deps.now ?? Date.now;
  const { destinationId, deliveryKey } = data;
  const destination = await deps.destinations.get(destinationId);
  if (!destination) {
    throw new UnknownDestinationError(
      `destination "${destinationId}" is not configured in this process; check config destinations ` +
        "and that this process has the chat platform's token",
    );
  }
  const labels = { destination: destinationId };
  if ((await deps.destinations.pausedReason(destinationId)) !== null) {
    deps.metrics.deliveries.inc({ ...labels, result: 'paused' });
    return 'paused';
  }
  if (await deps.markers.isSent(destinationId, deliveryKey)) {
    deps.metrics.deliveries.inc({ ...labels, result: 'already-sent' });
    return 'already-sent';
  }
  let replyTo: string | undefined;
  if (data.thread?.role === 'reply') {
    const { key, rootDeliveryKey } = data.thread;
    replyTo = (await deps.threads.threadRoot(destinationId, key)) ?? undefined;
    if (replyTo === undefined) {
      if (await deps.markers.isSent(destinationId, rootDeliveryKey)) {
        // A root writes its reference before its "sent" marker: it may have landed since the read.
        replyTo = (await deps.threads.threadRoot(destinationId, key)) ?? undefined;
      } else if (now() - dueAtMs(job) < ROOT_WAIT_MS) {
        await job.moveToDelayed(now() + ROOT_RETRY_MS, jobToken);
        throw new DelayedError();
      }
    }
  }
  const token = randomUUID();
  if (!(await deps.markers.acquire(destinationId, deliveryKey, token, deps.markerTtlMs))) {
    await job.moveToDelayed(now() + deps.markerTtlMs, jobToken);
    throw new DelayedError();
  }
  // "Sent" may have been written between the check above and taking the marker.
  if (await deps.markers.isSent(destinationId, deliveryKey)) {
    await deps.markers.release(destinationId, deliveryKey, token);
    deps.metrics.deliveries.inc({ ...labels, result: 'already-sent' });
    return 'already-sent';
  }
  const keepAlive = setInterval(
    () =>
      void deps.markers.extend(destinationId, deliveryKey, token, deps.markerTtlMs).catch(() => undefined),
    Math.max(50, Math.floor(deps.markerTtlMs / 3)),
  );
  keepAlive.unref();
  let result: Awaited<ReturnType<Destination['send']>>;
  let message: Message | null = null;
  try {
    message = data.message ?? (data.compose ? await deps.compose(data.compose, data.topic) : null);
    if (!message) {
      clearInterval(keepAlive);
      await deps.markers.markSent(destinationId, deliveryKey, token, null, now());
      return 'nothing-to-send';
    }
    const earlierAttemptAtMs = await deps.markers.recordAttempt(destinationId, deliveryKey, now());
    result = await destination.send(message, {
      ...(replyTo === undefined ? {} : { replyTo }),
      idempotency: { key: deliveryIdempotencyKey(destinationId, deliveryKey), earlierAttemptAtMs },
    });
  } catch (err) {
    clearInterval(keepAlive);
    await deps.markers.release(destinationId, deliveryKey, token);
    deps.metrics.deliveries.inc({ ...labels, result: 'failed' });
    deps.metrics.failures.inc({ stage: 'deliver' });
    throw err;
  }
  clearInterval(keepAlive);
  if (result.ok) {
    // The thread's reference first: a reply that finds the root sent then finds it too.
    if (data.thread?.role === 'root' && result.ref) {
      await deps.threads.setThreadRoot(destinationId, data.thread.key, result.ref, deps.rememberMs);
    }
    await deps.markers.markSent(destinationId, deliveryKey, token, result.ref ?? null, now());
    deps.metrics.deliveries.inc({ ...labels, result: 'sent' });
    deps.logger.info(
      { destination: destinationId, topic: data.topic, story: deliveryKey, title: message?.title },
      'message delivered',
    );
    if (data.polledAtMs !== undefined) {
      deps.metrics.pollToDelivery.observe(labels, Math.max(0, now() - data.polledAtMs) / 1000);
    }
    return 'sent';
  }
  await deps.markers.release(destinationId, deliveryKey, token);
  if (result.kind === 'permanent') {
    await deps.destinations.pause(destinationId, result.reason, result.cause);
    deps.metrics.deliveries.inc({ ...labels, result: 'paused' });
    deps.logger.warn(
      { destination: destinationId, reason: result.reason, deliveryKey },
      'destination refused the post for good; paused until it is resumed',
    );
    return 'paused';
  }
  deps.metrics.deliveries.inc({ ...labels, result: 'rate-limited' });
  deps.logger.info(
    { destination: destinationId, retryAfterMs: result.retryAfterMs, reason: result.reason },
    'rate limited; rescheduled',
  );
  await job.moveToDelayed(now() + Math.max(0, result.retryAfterMs), jobToken);
  throw new DelayedError();
}
