/**
 * The daily digest: one message per beat, destination and day that a reader takes in at a
 * glance. What beatwatch learned since the destination's last digest, grouped by story (never one
 * line per wire copy) and ranked; each story once, with a short summary and its outlets as one
 * line of links; what changed against the known figures, and those figures; a 14-day volume
 * line. Pure: the caller reads the items and the known figures and picks the period.
 */

import { dateTimeIn, dayIn, plural, safeLink, withText } from '../chat/core/compose.js';
import { cleanText } from '../chat/core/escape.js';
import {
  changeKey,
  describeReportedChange,
  knownFactOrigin,
  knownValueText,
  metricLabel,
} from '../chat/core/figures.js';
import { MESSAGE_LIMITS } from '../chat/core/limits.js';
import type { Message, MessageLink, MessageSection } from '../chat/core/message.js';
import { groupStories, type StoryCluster, type StoryItem } from '../chat/core/stories.js';
import type { KnownFact, QuietDay, Topic } from '../config/schema.js';
import { type DigestWindow, itemsInWindow, type RankedStory, rankStories } from './rank.js';
import { sparkline, storiesPerDay, VOLUME_DAYS } from './sparkline.js';

/** What a digest is built from, and how. */
export interface DigestOptions {
  topic: Topic;
  /** Stored items: those first seen in `window`, and the last 14 days' for the volume line. */
  items: readonly StoryItem[];
  /** The period covered: since the destination's last digest, up to now. */
  window: DigestWindow;
  /** The local date the digest is for, `YYYY-MM-DD`; default the date of `window.toMs`. */
  date?: string;
  /** Time zone of the dates shown; default the beat's digest time zone. */
  timeZone?: string;
  /** The beat's known figures; default the brief's. */
  knownFacts?: readonly KnownFact[];
  /** Most stories listed; the rest are counted. Default {@link MESSAGE_LIMITS.digestClusters}. */
  maxStories?: number;
  /** A period with no new story: one line saying so (default), or no digest at all (null). */
  quietDay?: QuietDay;
  /** When a scheduled digest goes out late (every worker was down at its time): when it was due. */
  lateDueMs?: number;
  /** Asked for now (`digest now`) rather than scheduled: the title gives the time, not the day. */
  onDemand?: boolean;
}

/**
 * Characters kept for a short line added once a budget is spent: a story's "5 outlets · 3 copies
 * folded in …", an "…and N more" line.
 */
const SHORT_LINE_RESERVE = 90;
/** Follow-up headlines shown under a story. */
const FOLLOW_UPS_SHOWN = 2;

/** Characters a section adds to a message, as the platforms count them (a link as `[label](url)`). */
function sizeOf(section: MessageSection): number {
  const links = (section.links ?? []).reduce((n, link) => n + linkSize(link), 0);
  return (section.heading?.length ?? 0) + section.lines.reduce((n, line) => n + line.length + 1, 0) + links;
}

function linkSize(link: MessageLink): number {
  return link.label.length + link.url.length + 4;
}

function titleOf(options: DigestOptions, date: string, timeZone: string): string {
  const when = options.onDemand
    ? ` — digest, ${dateTimeIn(options.window.toMs, timeZone, { zone: true })}`
    : ` — daily digest, ${date}`;
  const late =
    options.lateDueMs === undefined
      ? ''
      : ` (late: due ${dateTimeIn(options.lateDueMs, timeZone, { zone: true })})`;
  const tail = `${when}${late}`;
  return `${cleanText(options.topic.name, MESSAGE_LIMITS.title - tail.length)}${tail}`;
}

/** One story: its title, summary, what it weighs, later headlines, and its outlets as links. */
function storySection(ranked: RankedStory): MessageSection {
  const { story } = ranked;
  const heading = cleanText(story.lead.title, MESSAGE_LIMITS.storyTitle) || '(untitled)';
  const lines: string[] = [];
  const summary = cleanText(story.lead.summary, MESSAGE_LIMITS.summary);
  if (summary && summary.toLowerCase() !== heading.toLowerCase()) lines.push(summary);
  // Links take the room the summary leaves, in the order the outlets reported; later headlines
  // of the story take what is left after them.
  let room = MESSAGE_LIMITS.digestSection - sizeOf({ heading, lines }) - SHORT_LINE_RESERVE;
  const links: MessageLink[] = [];
  for (const outlet of story.outlets) {
    const link = safeLink(outlet.name, outlet.url);
    if (!link || links.length >= MESSAGE_LIMITS.linksPerStory || linkSize(link) > room) continue;
    links.push(link);
    room -= linkSize(link);
  }
  const followUps: string[] = [];
  for (const f of story.followUps.slice(0, FOLLOW_UPS_SHOWN)) {
    const line = `Also: ${cleanText(f.title, MESSAGE_LIMITS.storyTitle)} (${cleanText(f.source.name, MESSAGE_LIMITS.outlet)})`;
    if (line.length + 1 > room) break;
    followUps.push(line);
    room -= line.length + 1;
  }

  const copies = story.items.length - story.articles.length;
  const unlinked = story.outlets.length - links.length;
  const meta = [
    `${plural(story.outlets.length, 'outlet', 'outlets')}${unlinked > 0 && links.length > 0 ? ` (${links.length} linked)` : ''}`,
    ...(copies > 0 ? [`${plural(copies, 'copy', 'copies')} folded in`] : []),
    ...(ranked.figureChanges > 0
      ? [`${plural(ranked.figureChanges, 'figure', 'figures')} new or different`]
      : []),
  ].join(' · ');
  return {
    heading,
    lines: [...lines, meta, ...followUps],
    ...(links.length > 0 ? { links } : {}),
  };
}

/** What changed against the known figures (most important story first), then the figures themselves. */
function figuresSection(
  ranked: readonly RankedStory[],
  topic: Topic,
  facts: readonly KnownFact[],
): MessageSection {
  const order = new Map(topic.brief.metrics.map((m, i) => [m.id, i]));
  const sorted = [...facts].sort((a, b) => (order.get(a.metric) ?? 99) - (order.get(b.metric) ?? 99));
  // Whose figure each is and who carried it; when that makes the line too long, whose figure only.
  const knownWith = (origin: (f: KnownFact) => string) =>
    `Known: ${sorted
      .map((f) => {
        const from = origin(f);
        return `${metricLabel(topic, f.metric, { short: true })} ${knownValueText(f)}${from ? ` (${from})` : ''}`;
      })
      .join(' · ')}`;
  const full = knownWith(knownFactOrigin);
  const knownLine = cleanText(
    sorted.length === 0
      ? 'This beat holds no known figures yet.'
      : full.length <= MESSAGE_LIMITS.line
        ? full
        : knownWith((f) => cleanText(f.attributedTo || f.source, 80)),
    MESSAGE_LIMITS.line,
  );

  const changes: string[] = [];
  const seen = new Set<string>();
  for (const { story } of ranked) {
    for (const { change, outlet } of story.changes) {
      const key = changeKey(change);
      if (seen.has(key)) continue;
      seen.add(key);
      changes.push(cleanText(describeReportedChange(change, topic, facts, outlet), MESSAGE_LIMITS.line));
    }
  }
  const heading = 'Figures';
  if (changes.length === 0) {
    return { heading, lines: ['No reported figure differs from the known ones.', knownLine] };
  }
  const lines: string[] = [];
  let room = MESSAGE_LIMITS.digestSection - sizeOf({ heading, lines: [knownLine] }) - SHORT_LINE_RESERVE;
  for (const line of changes.slice(0, MESSAGE_LIMITS.figureLines)) {
    if (line.length + 1 > room) break;
    lines.push(line);
    room -= line.length + 1;
  }
  const rest = changes.length - lines.length;
  if (rest > 0) {
    lines.push(
      `…and ${plural(rest, 'more reported figure', 'more reported figures')} (/${topic.command} stats).`,
    );
  }
  return { heading, lines: [...lines, knownLine] };
}

/** The 14-day volume line: one bar per day, the dates it spans, and its busiest day. */
function volumeSection(items: readonly StoryItem[], endMs: number, timeZone: string): MessageSection {
  const { days, counts } = storiesPerDay(items, endMs, timeZone, VOLUME_DAYS);
  const max = Math.max(...counts);
  const peak = days[counts.indexOf(max)]!;
  return {
    heading: `Stories per day, last ${VOLUME_DAYS} days`,
    lines: [
      `${sparkline(counts)}  ${days[0]} to ${days.at(-1)}` +
        (max > 0 ? ` · busiest ${peak} (${plural(max, 'story', 'stories')})` : ' · none'),
    ],
  };
}

/**
 * Builds the digest of one period for one beat. A quiet period gives a one-line digest, or null
 * when `quietDay` is `skip`.
 */
export function buildDigest(options: DigestOptions): Message | null {
  const { topic, window } = options;
  const timeZone = options.timeZone ?? topic.digest.timezone;
  const maxStories = options.maxStories ?? MESSAGE_LIMITS.digestClusters;
  if (!Number.isInteger(maxStories) || maxStories < 1) {
    throw new RangeError('maxStories must be a positive integer');
  }
  const date = options.date ?? dayIn(window.toMs, timeZone);
  const title = titleOf(options, date, timeZone);
  const since = dateTimeIn(window.fromMs, timeZone, { zone: true });
  const stories: StoryCluster[] = groupStories(itemsInWindow(options.items, window));
  if (stories.length === 0) {
    if (options.quietDay === 'skip') return null;
    return withText({
      kind: 'digest',
      topic: topic.id,
      title,
      sections: [{ lines: [`No new stories on the beat since ${since}.`] }],
    });
  }

  const ranked = rankStories(stories, window);
  const outlets = new Set(stories.flatMap((s) => s.outlets.map((o) => o.name.trim().toLowerCase())));
  const articles = stories.reduce((n, s) => n + s.articles.length, 0);
  const copies = stories.reduce((n, s) => n + s.items.length - s.articles.length, 0);
  const intro: MessageSection = {
    lines: [
      `${plural(stories.length, 'story', 'stories')} from ${plural(outlets.size, 'outlet', 'outlets')} since ${since}: ` +
        `${plural(articles, 'article', 'articles')}${copies > 0 ? `, ${plural(copies, 'copy', 'copies')} folded in` : ''}.`,
    ],
  };
  const figures = figuresSection(ranked, topic, options.knownFacts ?? topic.brief.facts);
  const volume = volumeSection(options.items, window.toMs, timeZone);

  // Stories in rank order while the message stays within one post on every platform.
  let room =
    MESSAGE_LIMITS.digestTotal -
    title.length -
    sizeOf(intro) -
    sizeOf(figures) -
    sizeOf(volume) -
    SHORT_LINE_RESERVE;
  const listed: MessageSection[] = [];
  for (const story of ranked.slice(0, maxStories)) {
    const section = storySection(story);
    if (sizeOf(section) > room) break;
    listed.push(section);
    room -= sizeOf(section);
  }
  const rest = stories.length - listed.length;
  const more: MessageSection[] =
    rest > 0
      ? [
          {
            lines: [
              `…and ${plural(rest, 'more story', 'more stories')} (/${topic.command} latest lists them).`,
            ],
          },
        ]
      : [];
  return withText({
    kind: 'digest',
    topic: topic.id,
    title,
    sections: [intro, figures, ...listed, ...more, volume],
  });
}
