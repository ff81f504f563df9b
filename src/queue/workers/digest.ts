/**
 * The `digest` job: build one destination's digest of one beat and queue it for delivery.
 *
 * 1. The destination's schedule is read again: one turned off (or gone) gets nothing, and its
 *    scheduler is removed, so a stale scheduler cannot keep posting.
 * 2. The local date the digest is for is the date of its due time in the destination's zone.
 *    The period it covers is claimed once per date (`DigestStore.claim`): from the end of the last
 *    digest to now. Every job for that date (a retry, a second worker, a missed run caught up)
 *    gets the same period, and a job for an earlier date than the last digest's builds nothing.
 * 3. The digest goes to `deliver` with the delivery key `digest:<topic>:<date>` and a job id made
 *    from it, so the day's digest is posted once whatever built it (decision 020).
 * A job that starts more than `lateAfterMs` after its due time (every worker was down) says so in
 * its title. A paused destination (its channel gone, the bot removed) gets no digest built, so the
 * first one after it is resumed covers the time it was paused.
 */

import { dayIn } from '../../chat/core/compose.js';
import type { DestinationConfig, Topic } from '../../config/schema.js';
import { digestFromStores } from '../../digest/collect.js';
import { digestDeliveryKey, digestDestination, digestScheduleOf } from '../../digest/schedule.js';
import type { Logger } from '../../log.js';
import type { DestinationStore, DigestStore, FactStore, StoryStore } from '../../store/types.js';
import type { DeliverJob } from '../jobs/deliver.js';
import type { DigestJob } from '../jobs/digest.js';
import { deliverJobId } from './ingest.js';

const DAY = 86_400_000;

/** What the digest job reads and where it hands the digest on. */
export interface DigestDeps {
  topics: ReadonlyMap<string, Topic>;
  /** The destinations the configuration names now, by id. */
  configured: ReadonlyMap<string, DestinationConfig>;
  destinations: Pick<DestinationStore, 'get'>;
  stories: Pick<StoryStore, 'since'>;
  facts: Pick<FactStore, 'known'>;
  digests: Pick<DigestStore, 'claim'>;
  enqueueDeliver(job: DeliverJob, jobId: string): Promise<void>;
  /** Removes the scheduler of a digest nobody wants any more. */
  unschedule(topic: string, destinationId: string): Promise<void>;
  /** A digest started more than this long after its due time is marked late. */
  lateAfterMs: number;
  now(): number;
  logger: Logger;
}

/** What one job did. */
export type DigestOutcome = 'queued' | 'quiet' | 'off' | 'paused' | 'superseded';

/** Builds and queues the digest due at `dueMs` (epoch ms). */
export async function processDigest(
  deps: DigestDeps,
  data: DigestJob,
  dueMs: number,
): Promise<DigestOutcome> {
  const topic = deps.topics.get(data.topic);
  const stored = await deps.destinations.get(data.destinationId);
  const destination = digestDestination(deps.configured.get(data.destinationId), stored);
  const schedule = topic && destination ? digestScheduleOf(destination, topic, destination.configured) : null;
  const log = { topic: data.topic, destination: data.destinationId };
  if (!topic || !schedule) {
    await deps.unschedule(data.topic, data.destinationId);
    deps.logger.info(log, 'digest no longer wanted; its scheduler is removed');
    return 'off';
  }
  if (stored?.paused) {
    // Nothing can be posted there; the first digest after it is resumed covers the time paused.
    deps.logger.info({ ...log, reason: stored.paused.reason }, 'destination paused; no digest built');
    return 'paused';
  }
  const nowMs = deps.now();
  const date = dayIn(dueMs, schedule.timezone);
  const window = await deps.digests.claim(topic.id, data.destinationId, date, nowMs, nowMs - DAY);
  if (!window) {
    deps.logger.info({ ...log, date }, 'a later digest was already built; nothing to send for this date');
    return 'superseded';
  }
  const late = nowMs - dueMs > deps.lateAfterMs;
  const message = await digestFromStores(deps, {
    topic,
    window,
    date,
    timeZone: schedule.timezone,
    quietDay: schedule.quietDay,
    ...(late ? { lateDueMs: dueMs } : {}),
  });
  if (!message) {
    deps.logger.info({ ...log, date }, 'quiet period; no digest sent (quietDay: skip)');
    return 'quiet';
  }
  const deliveryKey = digestDeliveryKey(topic.id, date);
  await deps.enqueueDeliver(
    { topic: topic.id, destinationId: data.destinationId, deliveryKey, message },
    deliverJobId(data.destinationId, deliveryKey),
  );
  deps.logger.info({ ...log, date, late }, 'digest queued for delivery');
  return 'queued';
}
