/**
 * What one poll hands to ingest, pure: a feed's unseen items capped in number (newest first) and
 * in length, then cut into ingest jobs of a bounded size, oldest first.
 */
import type { PollSettings } from '../config/schema.js';
import { clip } from '../feeds/parse/fields.js';
import type { FeedItem } from '../feeds/types.js';
import { inChunks } from '../store/chunks.js';

/** Most items in one ingest job: a job's payload and its stories' write stay bounded however long the feed. */
export const MAX_ITEMS_PER_INGEST_JOB = 500;

/** Publication time of an item in epoch ms (its update time when unpublished); null when undated. */
function itemTimeMs(item: Pick<FeedItem, 'published' | 'updated'>): number | null {
  const ms = Date.parse(item.published ?? item.updated ?? '');
  return Number.isNaN(ms) ? null : ms;
}

/** `text` in at most `max` characters, the cut marked with an ellipsis. */
function cap(text: string, max: number): string {
  return text.length <= max ? text : clip(text, Math.max(1, max - 1));
}

/** The items a poll takes, and how many it skipped. */
export interface NewItems {
  /** Items to ingest, oldest first, titles and texts cut to the configured lengths. */
  taken: FeedItem[];
  /** Ids of the items beyond `poll.maxItemsPerPoll` (the oldest ones): skipped for good. */
  skipped: string[];
}

/**
 * Takes the newest `maxItemsPerPoll` of `items` (undated ones count as oldest) and cuts every
 * title, summary and content longer than its cap.
 */
export function selectNewItems(
  items: readonly FeedItem[],
  limits: Pick<PollSettings, 'maxItemsPerPoll' | 'maxTitleChars' | 'maxTextChars'>,
): NewItems {
  // A stable sort: items of the same time keep the feed's order.
  const oldestFirst = items
    .map((item) => ({ item, ms: itemTimeMs(item) ?? 0 }))
    .sort((a, b) => a.ms - b.ms)
    .map((x) => x.item);
  const cut = Math.max(0, oldestFirst.length - limits.maxItemsPerPoll);
  return {
    taken: oldestFirst.slice(cut).map((item) => ({
      ...item,
      title: cap(item.title, limits.maxTitleChars),
      summary: cap(item.summary, limits.maxTextChars),
      content: cap(item.content, limits.maxTextChars),
    })),
    skipped: oldestFirst.slice(0, cut).map((item) => item.id),
  };
}

/** `items` (oldest first) as the item lists of successive ingest jobs. */
export function ingestJobItems(items: readonly FeedItem[]): FeedItem[][] {
  return inChunks(items, MAX_ITEMS_PER_INGEST_JOB);
}
