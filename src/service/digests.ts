/**
 * Daily digests in the service: one BullMQ job scheduler per destination and beat (a cron pattern
 * with the destination's IANA time zone), kept in line with the configuration and the settings
 * chat channels store; the processor of the `digest` jobs those schedulers add; and what the
 * `digest` command needs. Why the schedule is built this way: docs/decisions/020.
 */
import type { Job, Queue } from 'bullmq';
import type { DigestControl } from '../chat/core/digest-command.js';
import type { DestinationConfig, Topic } from '../config/schema.js';
import {
  type DigestSchedule,
  dailyPattern,
  digestDestination,
  digestScheduleOf,
  digestSchedulerId,
  digestSettingKey,
  encodeDigestSetting,
  skippedRunJobId,
  skippedRuns,
} from '../digest/schedule.js';
import type { Logger } from '../log.js';
import type { DeliverJob } from '../queue/jobs/deliver.js';
import type { DigestJob } from '../queue/jobs/digest.js';
import { JOB_NAMES } from '../queue/names.js';
import { type DigestOutcome, processDigest } from '../queue/workers/digest.js';
import type { Stores } from '../store/index.js';

/** A digest started later than this after its time is marked late (every worker was down). */
export const DEFAULT_DIGEST_LATE_AFTER_MS = 10 * 60_000;

/** Settings of the digest schedule; the defaults suit production, tests move the clock. */
export interface DigestServiceOptions {
  /**
   * The clock digests are scheduled by: a scheduler's first run is the first after `now()`, and
   * lateness and periods are measured with it. Default `Date.now`.
   */
  now?: () => number;
  /** Default {@link DEFAULT_DIGEST_LATE_AFTER_MS}. */
  lateAfterMs?: number;
}

/** The queue, stores and configuration digests are scheduled and built from. */
export interface DigestServiceDeps {
  queue: Queue<DigestJob>;
  stores: Pick<Stores, 'destinations' | 'stories' | 'facts' | 'digests'>;
  topics: readonly Topic[];
  /** The destinations the configuration names. */
  configured: readonly DestinationConfig[];
  enqueueDeliver(job: DeliverJob, jobId: string): Promise<void>;
  logger: Logger;
  options?: DigestServiceOptions;
}

/** The digest schedule of one process. */
export interface DigestService {
  /** For `digest on/off/now`. */
  control: DigestControl;
  /**
   * Brings every digest scheduler in line with the configuration and the stored settings:
   * missing ones added, changed ones updated, unwanted ones removed. Returns how many are wanted.
   */
  syncAll(): Promise<number>;
  /** The `digest` worker's processor. */
  /** Runs one digest job, its data already checked against its schema. */
  process(data: DigestJob, job: Job): Promise<DigestOutcome>;
}

/** When a digest job was due: its scheduler's time for that run, else the time it carries. */
function dueMsOf(job: Job, data: DigestJob): number {
  return job.opts.prevMillis ?? data.dueMs ?? job.timestamp;
}

/** Builds the digest schedule of one process (its schedulers live in Redis, shared by all). */
export function createDigestService(deps: DigestServiceDeps): DigestService {
  const { queue, stores, logger } = deps;
  const now = deps.options?.now ?? Date.now;
  const topics = new Map(deps.topics.map((t) => [t.id, t]));
  const configured = new Map(deps.configured.map((d) => [d.id, d]));

  async function scheduleOf(topic: Topic, destinationId: string): Promise<DigestSchedule | null> {
    const destination = digestDestination(
      configured.get(destinationId),
      await stores.destinations.get(destinationId),
    );
    return destination ? digestScheduleOf(destination, topic, destination.configured) : null;
  }

  /**
   * Adds a one-off run for each day the scheduler's next run skips (clocks that jump over the
   * digest's time at midnight), due at the first minute of that day after its time; its job id
   * is made from the day, so however many processes see the gap, it is added once.
   */
  async function coverSkippedDays(
    topic: string,
    destinationId: string,
    schedule: DigestSchedule,
    fromMs: number,
    nextMs: number | null | undefined,
  ): Promise<void> {
    if (nextMs == null) return;
    for (const { date, dueMs } of skippedRuns(schedule.time, schedule.timezone, fromMs, nextMs)) {
      await queue.add(
        JOB_NAMES.digest,
        { topic, destinationId, dueMs },
        { jobId: skippedRunJobId(topic, destinationId, date), delay: Math.max(0, dueMs - now()) },
      );
      logger.info(
        { topic, destination: destinationId, date },
        'the clocks skip the digest time that day; a run is added at the first minute after it',
      );
    }
  }

  /** One scheduler in line with `schedule` (null: removed). Returns its next run, or null. */
  async function syncOne(topic: string, destinationId: string, schedule: DigestSchedule | null) {
    const id = digestSchedulerId(topic, destinationId);
    const existing = await queue.getJobScheduler(id);
    if (!schedule) {
      if (existing) await queue.removeJobScheduler(id);
      return null;
    }
    const pattern = dailyPattern(schedule.time);
    // Unchanged: keep it, with its pending run, which may be one missed while every worker was down.
    if (existing?.pattern === pattern && existing.tz === schedule.timezone) {
      await coverSkippedDays(topic, destinationId, schedule, now(), existing.next);
      return existing.next ?? null;
    }
    const nowMs = now();
    if (existing?.next != null && existing.next < nowMs) {
      // Replacing the scheduler drops its pending run; one that was already due goes out anyway.
      await queue.add(
        JOB_NAMES.digest,
        { topic, destinationId, dueMs: existing.next },
        { jobId: `${id}-due-${existing.next}` },
      );
    }
    await queue.upsertJobScheduler(
      id,
      { pattern, tz: schedule.timezone, startDate: nowMs },
      { name: JOB_NAMES.digest, data: { topic, destinationId } },
    );
    logger.info({ topic, destination: destinationId, ...schedule }, 'digest scheduled');
    const next = (await queue.getJobScheduler(id))?.next ?? null;
    await coverSkippedDays(topic, destinationId, schedule, nowMs, next);
    return next;
  }

  return {
    control: {
      async set(destinationId, topicId, setting) {
        await stores.destinations.setSetting(
          destinationId,
          digestSettingKey(topicId),
          encodeDigestSetting(setting),
        );
        const topic = topics.get(topicId);
        return syncOne(topicId, destinationId, topic ? await scheduleOf(topic, destinationId) : null);
      },
      last: (topic, destinationId) => stores.digests.last(topic, destinationId),
    },

    async syncAll() {
      const stored = new Map((await stores.destinations.list()).map((d) => [d.id, d]));
      const wanted = new Map<string, { topic: string; destinationId: string; schedule: DigestSchedule }>();
      for (const destinationId of new Set([...configured.keys(), ...stored.keys()])) {
        const destination = digestDestination(configured.get(destinationId), stored.get(destinationId));
        if (!destination) continue;
        for (const topic of topics.values()) {
          const schedule = digestScheduleOf(destination, topic, destination.configured);
          if (schedule)
            wanted.set(digestSchedulerId(topic.id, destinationId), {
              topic: topic.id,
              destinationId,
              schedule,
            });
        }
      }
      for (const existing of await queue.getJobSchedulers()) {
        if (existing.key && !wanted.has(existing.key)) await queue.removeJobScheduler(existing.key);
      }
      for (const { topic, destinationId, schedule } of wanted.values())
        await syncOne(topic, destinationId, schedule);
      return wanted.size;
    },

    async process(data, job) {
      const dueMs = dueMsOf(job, data);
      const outcome = await processDigest(
        {
          topics,
          configured,
          destinations: stores.destinations,
          stories: stores.stories,
          facts: stores.facts,
          digests: stores.digests,
          enqueueDeliver: deps.enqueueDeliver,
          unschedule: async (topic, destinationId) => {
            await queue.removeJobScheduler(digestSchedulerId(topic, destinationId));
          },
          lateAfterMs: deps.options?.lateAfterMs ?? DEFAULT_DIGEST_LATE_AFTER_MS,
          now,
          logger,
        },
        data,
        dueMs,
      );
      // BullMQ has scheduled the next run by now; a day it skips gets a run of its own.
      const topic = topics.get(data.topic);
      const schedule = topic && outcome !== 'off' ? await scheduleOf(topic, data.destinationId) : null;
      if (schedule) {
        const next = (await queue.getJobScheduler(digestSchedulerId(data.topic, data.destinationId)))?.next;
        await coverSkippedDays(data.topic, data.destinationId, schedule, Math.max(dueMs, now()), next);
      }
      return outcome;
    },
  };
}
