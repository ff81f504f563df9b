/** Payload of a `deliver` job: one message for one destination. */
import { z } from 'zod';

export const messageSchema = z.object({
  kind: z.enum(['alert', 'digest', 'reply']),
  topic: z.string(),
  title: z.string(),
  sections: z.array(
    z.object({
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
export type DeliverJob = z.infer<typeof deliverJobSchema>;
