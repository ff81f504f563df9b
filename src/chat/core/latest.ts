/**
 * The answer to `/<command> latest`: the most recent stories, one entry per story cluster with
 * the outlets that reported it. Pure: the caller reads the items from the store.
 */
import type { Topic } from '../../config/schema.js';
import { dateTimeIn, plural, safeLink, withText } from './compose.js';
import { cleanText } from './escape.js';
import { MESSAGE_LIMITS } from './limits.js';
import type { Message, MessageLink, MessageSection } from './message.js';
import { groupStories, type StoryItem } from './stories.js';

export interface LatestOptions {
  topic: Topic;
  items: readonly StoryItem[];
  /** Stories listed; default 5, at most {@link MESSAGE_LIMITS.latestStories}. */
  limit?: number;
  /** Default: the topic's digest time zone. */
  timeZone?: string;
}

/** Builds the `/… latest` reply. */
export function buildLatestReply(options: LatestOptions): Message {
  const { topic } = options;
  const limit = Math.min(options.limit ?? 5, MESSAGE_LIMITS.latestStories);
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  const timeZone = options.timeZone ?? topic.digest.timezone;
  const stories = groupStories(options.items).slice(0, limit);
  const title = cleanText(`${topic.name} — latest stories`, MESSAGE_LIMITS.title);
  if (stories.length === 0) {
    return withText({ kind: 'reply', topic: topic.id, title, sections: [{ lines: ['No stories yet.'] }] });
  }
  const sections: MessageSection[] = stories.map((story) => {
    const names = story.outlets.map((o) => cleanText(o.name, MESSAGE_LIMITS.outlet));
    const when = Number.isNaN(story.lastMs) ? '' : `${dateTimeIn(story.lastMs, timeZone)} · `;
    const links = story.outlets
      .map((o) => safeLink(o.name, o.url))
      .filter((l): l is MessageLink => l !== null)
      .slice(0, 5);
    const summary = cleanText(story.lead.summary, MESSAGE_LIMITS.summary);
    return {
      heading: cleanText(story.lead.title, MESSAGE_LIMITS.storyTitle) || '(untitled)',
      lines: [
        `${when}${plural(names.length, 'outlet', 'outlets')}: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}` +
          (story.lead.storyId ? ` · id ${story.lead.storyId}` : ''),
        ...(summary ? [summary] : []),
      ],
      ...(links.length > 0 ? { links } : {}),
    };
  });
  return withText({ kind: 'reply', topic: topic.id, title, sections });
}
