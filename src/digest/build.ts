/**
 * The daily digest: one message per topic and day, the day's developments grouped by story
 * cluster (never one line per wire copy), what changed against the known figures, and a link to
 * every outlet that reported each story. Pure: the scheduler picks the items and the day.
 */

import { dateTimeIn, dayIn, plural, safeLink, withText } from '../chat/core/compose.js';
import { cleanText } from '../chat/core/escape.js';
import { describeFactChange } from '../chat/core/figures.js';
import { MESSAGE_LIMITS } from '../chat/core/limits.js';
import type { Message, MessageLink, MessageSection } from '../chat/core/message.js';
import { groupStories, type StoryCluster, type StoryItem, timeOf } from '../chat/core/stories.js';
import type { Topic } from '../config/schema.js';

export interface DigestOptions {
  topic: Topic;
  /** Candidate items (e.g. the last two days from the store); only those in the period are used. */
  items: readonly StoryItem[];
  /** The calendar day to digest, `YYYY-MM-DD` in `timeZone`; or give `window`. */
  day?: string;
  /**
   * A period instead of a calendar day, `fromMs` exclusive, `toMs` inclusive: a digest sent at
   * 08:00 covers the 24 hours before it.
   */
  window?: { fromMs: number; toMs: number };
  /** Default: the topic's digest time zone. */
  timeZone?: string;
  /** Most clusters listed; the rest are counted. Default {@link MESSAGE_LIMITS.digestClusters}. */
  maxStories?: number;
}

/** The items of `items` whose time falls on `day` in `timeZone`. */
export function itemsOnDay(items: readonly StoryItem[], day: string, timeZone: string): StoryItem[] {
  return items.filter((item) => {
    const t = timeOf(item);
    return !Number.isNaN(t) && dayIn(t, timeZone) === day;
  });
}

/** The items of `items` whose time is in `(fromMs, toMs]`. */
export function itemsInWindow(items: readonly StoryItem[], fromMs: number, toMs: number): StoryItem[] {
  return items.filter((item) => {
    const t = timeOf(item);
    return !Number.isNaN(t) && t > fromMs && t <= toMs;
  });
}

function describeWindow(window: { fromMs: number; toMs: number }): string {
  const hours = Math.round((window.toMs - window.fromMs) / 3_600_000);
  return hours === 1 ? 'hour' : `${hours} hours`;
}

/** Most-covered stories first, then the most recent. */
function byImportance(a: StoryCluster, b: StoryCluster): number {
  return b.outlets.length - a.outlets.length || (b.lastMs || 0) - (a.lastMs || 0);
}

function storySection(story: StoryCluster): MessageSection {
  const lines: string[] = [];
  const summary = cleanText(story.lead.summary, MESSAGE_LIMITS.summary);
  if (summary) lines.push(summary);
  const names = story.outlets.map((o) => cleanText(o.name, MESSAGE_LIMITS.outlet));
  const copies = story.items.length - story.articles.length;
  lines.push(
    `Reported by ${plural(names.length, 'outlet', 'outlets')}: ${names.slice(0, MESSAGE_LIMITS.linksPerStory).join(', ')}` +
      `${names.length > MESSAGE_LIMITS.linksPerStory ? ', …' : ''}` +
      (copies > 0 ? ` (${plural(copies, 'copy', 'copies')} folded in)` : ''),
  );
  for (const followUp of story.followUps.slice(0, 3)) {
    lines.push(
      `Also: ${cleanText(followUp.title, MESSAGE_LIMITS.storyTitle)} (${cleanText(followUp.source.name, MESSAGE_LIMITS.outlet)})`,
    );
  }
  const links = story.outlets
    .map((o) => safeLink(o.name, o.url))
    .filter((l): l is MessageLink => l !== null)
    .slice(0, MESSAGE_LIMITS.linksPerStory);
  return {
    heading: cleanText(story.lead.title, MESSAGE_LIMITS.storyTitle) || '(untitled)',
    lines,
    ...(links.length > 0 ? { links } : {}),
  };
}

/** Builds the digest of one day for one topic. A quiet day gives a short "nothing new" digest. */
export function buildDigest(options: DigestOptions): Message {
  const { topic, window } = options;
  const timeZone = options.timeZone ?? topic.digest.timezone;
  const maxStories = options.maxStories ?? MESSAGE_LIMITS.digestClusters;
  if (!Number.isInteger(maxStories) || maxStories < 1) {
    throw new RangeError('maxStories must be a positive integer');
  }
  if ((options.day === undefined) === (window === undefined)) {
    throw new RangeError('give either day or window');
  }
  const day = options.day ?? dayIn(window!.toMs, timeZone);
  const items = window
    ? itemsInWindow(options.items, window.fromMs, window.toMs)
    : itemsOnDay(options.items, day, timeZone);
  const stories = groupStories(items).sort(byImportance);
  const title = cleanText(`${topic.name} — daily digest, ${day}`, MESSAGE_LIMITS.title);
  if (stories.length === 0) {
    return withText({
      kind: 'digest',
      topic: topic.id,
      title,
      sections: [{ lines: ['No new stories on this beat today.'] }],
    });
  }

  const outlets = new Set(stories.flatMap((s) => s.outlets.map((o) => o.name.trim().toLowerCase())));
  const articles = stories.reduce((n, s) => n + s.articles.length, 0);
  const sections: MessageSection[] = [
    {
      lines: [
        `${plural(stories.length, 'story', 'stories')} from ${plural(outlets.size, 'outlet', 'outlets')} ` +
          `(${plural(articles, 'article', 'articles')}) ` +
          (window
            ? `in the ${describeWindow(window)} to ${dateTimeIn(window.toMs, timeZone)} ${timeZone} time.`
            : `on ${day}, ${timeZone} time.`),
      ],
    },
  ];

  // Figures first: they are what this beat's readers act on.
  const changes = stories.flatMap((s) => s.changes);
  const seen = new Set<string>();
  const changeLines: string[] = [];
  for (const { change, outlet } of changes) {
    const line = cleanText(describeFactChange(change, topic, outlet), MESSAGE_LIMITS.line);
    if (seen.has(line)) continue;
    seen.add(line);
    changeLines.push(line);
  }
  if (changeLines.length > 0) {
    sections.push({
      heading: 'What changed against known figures',
      lines: changeLines.slice(0, MESSAGE_LIMITS.figureLines),
    });
  }

  for (const story of stories.slice(0, maxStories)) sections.push(storySection(story));
  const rest = stories.length - maxStories;
  if (rest > 0) {
    sections.push({
      lines: [`…and ${plural(rest, 'more story', 'more stories')} (see /${topic.command} latest).`],
    });
  }
  return withText({ kind: 'digest', topic: topic.id, title, sections });
}
