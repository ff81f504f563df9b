/**
 * The answer to `/<command> sources`: every feed of the beat with its health, as
 * `beatwatch sources` shows it, and any channel of the beat whose alerts are paused (and why).
 * Pure: the caller reads the states from the store.
 */
import type { Topic } from '../../config/schema.js';
import { type FeedHealthStatus, feedHealth, relativeTime } from '../../service/sources.js';
import type { FeedState, StoredDestination } from '../../store/types.js';
import { plural, withText } from './compose.js';
import { cleanText, safeUrl } from './escape.js';
import { MESSAGE_LIMITS } from './limits.js';
import type { Message, MessageSection } from './message.js';

export interface SourcesOptions {
  topic: Topic;
  /** The beat's feeds. */
  feeds: readonly FeedState[];
  /** The beat's destinations (only paused ones are listed). */
  destinations: readonly StoredDestination[];
  nowMs: number;
}

const LABEL: Record<FeedHealthStatus, string> = {
  ok: 'OK',
  waiting: 'Waiting (rate limited)',
  failing: 'Failing',
  paused: 'Paused',
  'never-polled': 'Not polled yet',
};

/** Builds the `/… sources` reply. */
export function buildSourcesReply(options: SourcesOptions): Message {
  const { topic, nowMs } = options;
  const rows = options.feeds.map(feedHealth);
  const count = (s: FeedHealthStatus) => rows.filter((r) => r.status === s).length;
  const sections: MessageSection[] = [
    {
      lines: [
        rows.length === 0
          ? 'This beat has no feeds yet.'
          : `${plural(rows.length, 'feed', 'feeds')}: ${count('ok')} ok, ${count('failing')} failing, ` +
            `${count('paused')} paused, ${count('waiting')} waiting, ${count('never-polled')} not polled yet`,
      ],
    },
  ];
  // Problems first: they are why someone asks.
  const order: FeedHealthStatus[] = ['paused', 'failing', 'waiting', 'never-polled', 'ok'];
  const sorted = [...rows].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  for (const r of sorted.slice(0, MESSAGE_LIMITS.sourcesListed)) {
    const parts: string[] = [LABEL[r.status]];
    if (r.lastPolledAtMs !== null) {
      parts.push(
        `polled ${relativeTime(r.lastPolledAtMs, nowMs)}${r.lastStatus !== null ? ` (${r.lastStatus})` : ''}`,
      );
    }
    parts.push(plural(r.itemsSeen, 'item', 'items'));
    if (r.consecutiveFailures > 0)
      parts.push(`${plural(r.consecutiveFailures, 'failure', 'failures')} in a row`);
    const lines = [parts.join(' · ')];
    const url = safeUrl(r.url);
    if (url) lines.push(cleanText(url, MESSAGE_LIMITS.line));
    if (r.problem)
      lines.push(
        cleanText(`${r.status === 'paused' ? 'Paused: ' : 'Last error: '}${r.problem}`, MESSAGE_LIMITS.line),
      );
    sections.push({ heading: cleanText(r.name, MESSAGE_LIMITS.storyTitle) || '(unnamed feed)', lines });
  }
  if (rows.length > MESSAGE_LIMITS.sourcesListed) {
    sections.push({
      lines: [`…and ${plural(rows.length - MESSAGE_LIMITS.sourcesListed, 'more feed', 'more feeds')}.`],
    });
  }
  const paused = options.destinations.filter((d) => d.paused);
  if (paused.length > 0) {
    sections.push({
      heading: 'Destinations paused',
      lines: paused.map((d) =>
        cleanText(
          `${d.type} ${d.channel ?? d.id}: ${d.paused?.reason} (since ${relativeTime(d.paused?.atMs ?? nowMs, nowMs)}); ` +
            `/${topic.command} subscribe in that channel resumes it`,
          MESSAGE_LIMITS.line,
        ),
      ),
    });
  }
  return withText({
    kind: 'reply',
    topic: topic.id,
    title: cleanText(`${topic.name} — sources`, MESSAGE_LIMITS.title),
    sections,
  });
}
