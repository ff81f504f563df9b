/**
 * Alerts: one message the moment a relevant story appears. A story that opens a new cluster gets
 * a "New story" alert; one that joins a cluster already reported gets a "Follow-up" alert that
 * says what it follows. Pure: the caller decides whether to send (copies are never alerted).
 */

import { dateTimeIn, plural, safeLink, withText } from '../chat/core/compose.js';
import { cleanText } from '../chat/core/escape.js';
import { describeFactChange } from '../chat/core/figures.js';
import { MESSAGE_LIMITS } from '../chat/core/limits.js';
import type { Message, MessageLink, MessageSection } from '../chat/core/message.js';
import { groupStories, type StoryItem, timeOf } from '../chat/core/stories.js';
import type { Topic } from '../config/schema.js';
import { quoteQuery } from '../follows/query.js';

export interface AlertOptions {
  /** Time zone for dates shown; default the topic's digest time zone. */
  timeZone?: string;
  /**
   * Earlier items of the same cluster (from the store), so a follow-up can say what it follows
   * and which outlets already reported the story.
   */
  earlier?: readonly StoryItem[];
  /** The follow of the destination that this story matched, when that is why it is sent. */
  follow?: { query: string; terms: readonly string[]; story: boolean };
  /** The story's short id, which `follow <id>` takes, when the story is stored. */
  storyId?: string;
}

/**
 * "What changed" lines: each reported figure against the known one, naming both sources. Worded
 * by {@link describeFactChange} (not the analysis's per-language line) so alerts, digests and
 * `/… stats` say it the same way.
 */
export function whatChangedLines(item: StoryItem, topic: Topic): string[] {
  // Differences and new figures first: they are the news; confirmations after.
  const ordered = [
    ...item.factChanges.filter((c) => c.status !== 'confirms'),
    ...item.factChanges.filter((c) => c.status === 'confirms'),
  ];
  const lines = ordered.map((c) =>
    cleanText(describeFactChange(c, topic, item.source.name), MESSAGE_LIMITS.line),
  );
  return [...new Set(lines)].filter(Boolean).slice(0, MESSAGE_LIMITS.figureLines);
}

/** A matcher's term without its scoring note: "Bukele(+1.5, title)" → "Bukele". */
function termOf(matched: string): string {
  return matched.replace(/\s*\([^)]*\)\s*$/, '');
}

/** Builds the alert for one relevant, original item: "New story" or "Follow-up". */
export function buildStoryAlert(item: StoryItem, topic: Topic, options: AlertOptions = {}): Message {
  const timeZone = options.timeZone ?? topic.digest.timezone;
  const outlet = cleanText(item.source.name, MESSAGE_LIMITS.outlet) || 'Unknown outlet';
  const headline = cleanText(item.title, MESSAGE_LIMITS.storyTitle) || '(untitled)';
  const when = timeOf(item);
  const earlier = (options.earlier ?? []).filter((e) => e.id !== item.id && e.cluster === item.cluster);
  const isFollowUp = item.followUp || earlier.some((e) => e.duplicateOf === null && e.relevant);

  const sections: MessageSection[] = [];
  const link = safeLink(outlet, item.link);
  const summary = cleanText(item.summary, MESSAGE_LIMITS.summary);
  sections.push({
    lines: [
      Number.isNaN(when) ? outlet : `${outlet} · ${dateTimeIn(when, timeZone, { zone: true })}`,
      ...(summary ? [summary] : []),
    ],
    ...(link ? { links: [link] } : {}),
  });

  if (isFollowUp && earlier.length > 0) {
    const [story] = groupStories(earlier.map((e) => ({ ...e, relevant: true })));
    if (story) {
      const links = story.outlets
        .map((o) => safeLink(o.name, o.url))
        .filter((l): l is MessageLink => l !== null)
        .slice(0, MESSAGE_LIMITS.linksPerStory);
      sections.push({
        heading: 'Follows',
        lines: [
          `${cleanText(story.lead.title, MESSAGE_LIMITS.storyTitle)} — already reported by ${plural(
            story.outlets.length,
            'outlet',
            'outlets',
          )}`,
        ],
        ...(links.length > 0 ? { links } : {}),
      });
    }
  }

  const changed = whatChangedLines(item, topic);
  if (changed.length > 0) sections.push({ heading: 'What changed against known figures', lines: changed });

  if (options.follow) {
    const { query, terms, story } = options.follow;
    const found = [...new Set(terms.map((t) => cleanText(t, 60)).filter(Boolean))].slice(
      0,
      MESSAGE_LIMITS.matchedTerms,
    );
    sections.push({
      heading: 'Your follow',
      lines: [
        story
          ? 'A new report on a story you follow'
          : `${quoteQuery(cleanText(query, 120))}${found.length > 0 ? ` — mentions ${found.map((t) => `"${t}"`).join(', ')}` : ''}`,
      ],
    });
  }

  // Only the beat's terms; the matcher's other notes ("figures: …") explain its score, not the story.
  const matched = [
    ...new Set(
      item.matched
        .filter((m) => !/^[a-z]+:/.test(m))
        .map((m) => cleanText(termOf(m), 60))
        .filter(Boolean),
    ),
  ];
  if (matched.length > 0) {
    const shown = matched.slice(0, MESSAGE_LIMITS.matchedTerms);
    const more = matched.length - shown.length;
    sections.push({
      heading: 'Matched',
      lines: [`${shown.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`],
    });
  }

  if (options.storyId) {
    sections.push({
      lines: [`Story ${options.storyId} · /${topic.command} follow ${options.storyId} to get its follow-ups`],
    });
  }

  return withText({
    kind: 'alert',
    topic: topic.id,
    title: cleanText(`${isFollowUp ? 'Follow-up' : 'New story'}: ${headline}`, MESSAGE_LIMITS.title),
    sections,
  });
}
