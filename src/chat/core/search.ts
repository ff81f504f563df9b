/**
 * The answer to `/<command> search <words>`: stories whose title or summary contain every word
 * (accents and case folded, so "abrego garcia" finds "Ábrego García"), one entry per story.
 */
import type { Topic } from '../../config/schema.js';
import { foldText } from '../../text/fold.js';
import { withText } from './compose.js';
import { cleanText } from './escape.js';
import { buildLatestReply } from './latest.js';
import { MESSAGE_LIMITS } from './limits.js';
import type { Message } from './message.js';
import type { StoryItem } from './stories.js';

export interface SearchOptions {
  topic: Topic;
  items: readonly StoryItem[];
  query: string;
  /** Stories listed; default 5. */
  limit?: number;
  timeZone?: string;
}

/** The items whose title or summary contain every word of `query` (folded). */
export function matchingItems(items: readonly StoryItem[], query: string): StoryItem[] {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return items.filter((item) => {
    const text = foldText(`${item.title}\n${item.summary}`);
    return words.every((w) => text.includes(w));
  });
}

/** Builds the `/… search` reply. */
export function buildSearchReply(options: SearchOptions): Message {
  const query = cleanText(options.query, 100);
  const found = matchingItems(options.items, options.query);
  const reply = buildLatestReply({
    topic: options.topic,
    items: found,
    limit: options.limit ?? 5,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  const title = cleanText(`${options.topic.name} — stories mentioning "${query}"`, MESSAGE_LIMITS.title);
  const sections =
    found.length === 0 ? [{ lines: [`Nothing on this beat mentions "${query}" yet.`] }] : reply.sections;
  return withText({ kind: 'reply', topic: options.topic.id, title, sections });
}
