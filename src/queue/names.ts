/**
 * Every queue name in one place. Producers and workers import these constants, never string
 * literals, so a renamed queue cannot leave jobs waiting where nobody listens.
 */

/**
 * The three queues of the pipeline: poll a feed → ingest its new items → deliver a message; and
 * the daily digests, each built on its schedule and handed to `deliver`.
 */
export const QUEUE_NAMES = {
  poll: 'poll',
  ingest: 'ingest',
  deliver: 'deliver',
  digest: 'digest',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Every queue, in pipeline order (used for depth metrics and idleness checks). */
export const ALL_QUEUES: readonly QueueName[] = [
  QUEUE_NAMES.poll,
  QUEUE_NAMES.ingest,
  QUEUE_NAMES.deliver,
  QUEUE_NAMES.digest,
];

/** Job names inside the queues (BullMQ names each job; one kind of job per queue). */
export const JOB_NAMES = {
  poll: 'poll-feed',
  ingest: 'ingest-items',
  deliver: 'deliver-message',
  digest: 'build-digest',
} as const;
