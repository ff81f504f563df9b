/** Payload of a `poll` job: which feed of which beat to fetch. One job scheduler per feed. */
import { z } from 'zod';

export const pollJobSchema = z.object({
  topic: z.string().min(1),
  feedUrl: z.string().url(),
  feedName: z.string().min(1),
  /** The feed's regular interval; backoff and health decisions are relative to it. */
  intervalMs: z.number().int().positive(),
  /** A poll asked for by hand (`pollNow`, a chat command): fetches now unless the feed is paused. */
  force: z.boolean().optional(),
});
export type PollJob = z.infer<typeof pollJobSchema>;
