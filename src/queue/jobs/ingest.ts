/**
 * Payload of an `ingest` job: the new items of one fetch of one feed, analysed in publication
 * order under the beat's ingest lock.
 */
import { z } from 'zod';

/** A {@link FeedItem} as it travels in a job (checked again, because Redis is a trust boundary). */
export const feedItemSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  link: z.string().nullable(),
  published: z.string().nullable(),
  updated: z.string().nullable(),
  author: z.string().nullable(),
  summary: z.string(),
  content: z.string(),
  language: z.string().nullable(),
  outlet: z.object({ name: z.string().min(1), url: z.string().nullable() }).optional(),
});

export const ingestJobSchema = z.object({
  topic: z.string().min(1),
  feedUrl: z.string().url(),
  feedName: z.string().min(1),
  items: z.array(feedItemSchema).min(1),
  /** When the poll that found these items started (epoch ms): the start of the latency histogram. */
  polledAtMs: z.number().int().nonnegative(),
  /**
   * False on a feed's first fetch (unless `poll.postOnFirstFetch`): the items are analysed and
   * stored but no alert is sent, so adding a feed never floods a channel.
   */
  announce: z.boolean(),
  /**
   * Items published before this time (epoch ms; `poll.maxAlertAgeDays` before the poll) are stored
   * but never alerted: an old story added to a feed today is not news. Absent: no age limit.
   */
  alertCutoffMs: z.number().int().optional(),
});
export type IngestJob = z.infer<typeof ingestJobSchema>;
