/**
 * Payload of a `digest` job: build one destination's digest of one beat and queue its delivery.
 * One job scheduler per destination and beat adds these at the digest's time.
 */
import { z } from 'zod';

/** The payload as checked when a worker takes the job (Redis is a trust boundary). */
export const digestJobSchema = z.object({
  topic: z.string().min(1),
  destinationId: z.string().min(1),
  /**
   * When the digest was due (epoch ms), for a job added outside its scheduler (a run that was
   * overdue when its schedule changed); a scheduler's job carries its time in its options.
   */
  dueMs: z.number().int().nonnegative().optional(),
});
/** The payload. */
export type DigestJob = z.infer<typeof digestJobSchema>;
