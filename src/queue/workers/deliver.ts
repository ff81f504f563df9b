/**
 * The `deliver` job: post one message to one destination, exactly once as far as we can see.
 *
 * 1. "sent" marker present → done (a retry, a re-queued job, or a second worker got here first).
 * 2. Take the in-flight marker (SET NX PX, kept alive while posting). Held by someone else → come
 *    back later (a live worker is posting, or a dead worker's marker has yet to expire).
 * 3. Post. On success write "sent" and drop the marker in one step, then let BullMQ ack the job.
 *    On a 429 drop the marker and delay the job by Retry-After (not a failure, no attempt used).
 *    On an error drop the marker and throw: BullMQ retries with exponential backoff.
 * The window this leaves (a crash between the platform accepting the post and "sent" being
 * written) is described in docs/decisions/006-queues-and-store.md.
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, type Job } from 'bullmq';
import type { Destination } from '../../chat/core/destination.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../service/metrics.js';
import type { DeliveryMarkers } from '../../store/types.js';
import type { DeliverJob } from '../jobs/deliver.js';

export interface DeliverDeps {
  markers: DeliveryMarkers;
  destinations: ReadonlyMap<string, Destination>;
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

export type DeliverOutcome = 'sent' | 'already-sent';

/** Delivers one message; `job` and `token` let it reschedule itself on a 429. */
export async function processDeliver(
  deps: DeliverDeps,
  data: DeliverJob,
  job: Pick<Job, 'moveToDelayed'>,
  jobToken: string | undefined,
): Promise<DeliverOutcome> {
  const now = deps.now ?? Date.now;
  const { destinationId, deliveryKey } = data;
  const destination = deps.destinations.get(destinationId);
  if (!destination) {
    throw new UnknownDestinationError(
      `destination "${destinationId}" is not configured in this process; check config destinations`,
    );
  }
  const labels = { destination: destinationId };
  if (await deps.markers.isSent(destinationId, deliveryKey)) {
    deps.metrics.deliveries.inc({ ...labels, result: 'already-sent' });
    return 'already-sent';
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
  try {
    result = await destination.send(data.message);
  } catch (err) {
    clearInterval(keepAlive);
    await deps.markers.release(destinationId, deliveryKey, token);
    deps.metrics.deliveries.inc({ ...labels, result: 'failed' });
    deps.metrics.failures.inc({ stage: 'deliver' });
    throw err;
  }
  clearInterval(keepAlive);
  if (result.ok) {
    await deps.markers.markSent(destinationId, deliveryKey, token, result.ref ?? null, now());
    deps.metrics.deliveries.inc({ ...labels, result: 'sent' });
    deps.logger.info(
      { destination: destinationId, topic: data.topic, story: deliveryKey, title: data.message.title },
      'message delivered',
    );
    if (data.polledAtMs !== undefined) {
      deps.metrics.pollToDelivery.observe(labels, Math.max(0, now() - data.polledAtMs) / 1000);
    }
    return 'sent';
  }
  await deps.markers.release(destinationId, deliveryKey, token);
  deps.metrics.deliveries.inc({ ...labels, result: 'rate-limited' });
  deps.logger.info(
    { destination: destinationId, retryAfterMs: result.retryAfterMs, reason: result.reason },
    'rate limited; rescheduled',
  );
  await job.moveToDelayed(now() + Math.max(0, result.retryAfterMs), jobToken);
  throw new DelayedError();
}
