/** Payload of a `deliver` job: one message for one destination. */
import { z } from 'zod';
import type { Message } from '../../chat/core/message.js';

/**
 * A {@link Message} as it travels in a job. Loose objects: a field added to messages later must
 * reach the platform renderer, not be stripped on the way through the queue.
 */
export const messageSchema = z.looseObject({
  kind: z.enum(['alert', 'digest', 'reply']),
  topic: z.string(),
  title: z.string(),
  sections: z.array(
    z.looseObject({
      heading: z.string().optional(),
      lines: z.array(z.string()),
      links: z.array(z.object({ label: z.string(), url: z.string() })).optional(),
    }),
  ),
  text: z.string(),
});

/**
 * Where a message sits in a thread: the first message of a follow's story (`root`, whose platform
 * reference is kept), or a later one posted as a reply to it (`reply`; `rootDeliveryKey` is the
 * root's delivery, waited for briefly when it is still on its way).
 */
export const deliverThreadSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('root'), key: z.string().min(1) }),
  z.object({ role: z.literal('reply'), key: z.string().min(1), rootDeliveryKey: z.string().min(1) }),
]);
export type DeliverThread = z.infer<typeof deliverThreadSchema>;

/** A message built when the job runs, from state gathered until then (a follow's hourly roll-up). */
export const composeSchema = z.object({
  kind: z.literal('rollup'),
  followId: z.string().min(1),
  hour: z.number().int().nonnegative(),
  /** The follow's query, as shown. */
  query: z.string(),
});
export type ComposeRequest = z.infer<typeof composeSchema>;

export const deliverJobSchema = z
  .object({
    topic: z.string().min(1),
    destinationId: z.string().min(1),
    /**
     * What the delivery markers key on: the same story (or digest) for the same destination always
     * has the same key, whichever worker or retry produced the job.
     */
    deliveryKey: z.string().min(1),
    message: messageSchema.optional(),
    compose: composeSchema.optional(),
    thread: deliverThreadSchema.optional(),
    /** When the poll that found the story started (epoch ms), for the poll-to-delivery histogram. */
    polledAtMs: z.number().int().nonnegative().optional(),
  })
  .refine((job) => (job.message === undefined) !== (job.compose === undefined), {
    message: 'a deliver job carries either a message or what to compose one from',
  });
/** The payload; `message` typed as the {@link Message} contract rather than its loose schema. */
export type DeliverJob = Omit<z.infer<typeof deliverJobSchema>, 'message'> & { message?: Message };
