/**
 * The answer to `/<command> stats`: the known figures with source and date, recent reported
 * figures that differ from them, and how much is being written (stories and outlets over the
 * last 24 hours and 7 days). Pure: the caller reads the items from the store.
 */
import type { KnownFact, Topic } from '../../config/schema.js';
import { dayIn, plural, withText } from './compose.js';
import { cleanText } from './escape.js';
import { changeKey, describeKnownFact, describeReportedChange } from './figures.js';
import { MESSAGE_LIMITS } from './limits.js';
import type { Message } from './message.js';
import { type StoryItem, timeOf, type Volume, volumeSince } from './stories.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface StatsOptions {
  topic: Topic;
  /** Items of the last 7 days or more; older ones are ignored. */
  items: readonly StoryItem[];
  /** "Now", epoch ms (a parameter so answers are reproducible). */
  nowMs: number;
  /** Known facts; default the topic brief's. */
  knownFacts?: readonly KnownFact[];
}

function volumeLine(label: string, volume: Volume): string {
  if (volume.stories === 0) return `${label}: nothing new`;
  return (
    `${label}: ${plural(volume.stories, 'story', 'stories')}, ` +
    `${plural(volume.articles, 'article', 'articles')} from ${plural(volume.outlets, 'outlet', 'outlets')}`
  );
}

/** Builds the `/… stats` reply. */
export function buildStatsReply(options: StatsOptions): Message {
  const { topic, nowMs } = options;
  const facts = options.knownFacts ?? topic.brief.facts;
  const order = new Map(topic.brief.metrics.map((m, i) => [m.id, i]));
  const known = [...facts]
    .sort((a, b) => (order.get(a.metric) ?? 99) - (order.get(b.metric) ?? 99))
    .map((fact) => cleanText(describeKnownFact(fact, topic), MESSAGE_LIMITS.line));

  const weekAgo = nowMs - 7 * DAY;
  const recent = options.items
    .filter((item) => {
      const t = timeOf(item);
      // Copies repeat the original's figures; the original names who reported them first.
      return item.relevant && item.duplicateOf === null && !Number.isNaN(t) && t > weekAgo && t <= nowMs;
    })
    .sort((a, b) => timeOf(b) - timeOf(a));
  const seen = new Set<string>();
  const differing: string[] = [];
  for (const item of recent) {
    for (const change of item.factChanges) {
      if (change.status === 'confirms' || seen.has(changeKey(change))) continue;
      seen.add(changeKey(change));
      // A figure enough outlets repeated may since have become the known one; say so.
      const line = describeReportedChange(change, topic, facts, item.source.name);
      differing.push(cleanText(line, MESSAGE_LIMITS.line));
    }
  }

  return withText({
    kind: 'reply',
    topic: topic.id,
    title: cleanText(`${topic.name} — figures and coverage`, MESSAGE_LIMITS.title),
    sections: [
      {
        heading: 'Known figures',
        lines: known.length > 0 ? known : ['This beat holds no known figures yet.'],
      },
      {
        heading: 'Recent figures that differ from the known ones or are new (last 7 days)',
        lines:
          differing.length > 0
            ? differing.slice(0, MESSAGE_LIMITS.figureLines)
            : ['No reported figure differs from the known ones in the last 7 days.'],
      },
      {
        heading: 'How much is being written',
        lines: [
          volumeLine('Last 24 hours', volumeSince(options.items, nowMs, DAY)),
          volumeLine('Last 7 days', volumeSince(options.items, nowMs, 7 * DAY)),
          `As of ${dayIn(nowMs, 'UTC')} (UTC).`,
        ],
      },
    ],
  });
}
