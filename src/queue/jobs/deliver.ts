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

export const deliverJobSchema = z.object({
  topic: z.string().min(1),
  destinationId: z.string().min(1),
  /**
   * What the delivery markers key on: the same story (or digest) for the same destination always
   * has the same key, whichever worker or retry produced the job.
   */
  deliveryKey: z.string().min(1),
  message: messageSchema,
  /** When the poll that found the story started (epoch ms), for the poll-to-delivery histogram. */
  polledAtMs: z.number().int().nonnegative().optional(),
});
/** The payload; `message` typed as the {@link Message} contract rather than its loose schema. */
export type DeliverJob = Omit<z.infer<typeof deliverJobSchema>, 'message'> & { message: Message };
