/**
 * The roll-up of a follow's busy hour: past its hourly cap, the stories that matched are listed in
 * one message at the end of the hour instead of one alert each. Pure.
 */
import { plural, safeLink, withText } from '../chat/core/compose.js';
import { cleanText } from '../chat/core/escape.js';
import { MESSAGE_LIMITS } from '../chat/core/limits.js';
import type { Message, MessageLink } from '../chat/core/message.js';
import type { Topic } from '../config/schema.js';
import { quoteQuery } from '../follows/query.js';

/** One story in a roll-up, as the ingest worker records it. */
export interface RollupEntry {
  title: string;
  outlet: string;
  link: string | null;
}

/** Most stories listed in one roll-up; the rest are counted. */
const MAX_LISTED = 15;

/** The roll-up message, or null when there is nothing in it. */
export function buildRollup(
  topic: Pick<Topic, 'id' | 'name' | 'command'>,
  query: string,
  entries: readonly RollupEntry[],
): Message | null {
  if (entries.length === 0) return null;
  const listed = entries.slice(0, MAX_LISTED);
  const links = listed.map((e) => safeLink(e.outlet, e.link)).filter((l): l is MessageLink => l !== null);
  const rest = entries.length - listed.length;
  return withText({
    kind: 'alert',
    topic: topic.id,
    title: cleanText(
      `${plural(entries.length, 'more story', 'more stories')} matched ${quoteQuery(query)} in the last hour`,
      MESSAGE_LIMITS.title,
    ),
    sections: [
      {
        lines: [
          ...listed.map((e) => cleanText(`${e.title || '(untitled)'} — ${e.outlet}`, MESSAGE_LIMITS.line)),
          ...(rest > 0
            ? [`…and ${plural(rest, 'more', 'more')}; /${topic.command} latest lists them all.`]
            : []),
        ],
        ...(links.length > 0 ? { links } : {}),
      },
    ],
  });
}

/** Parses a stored roll-up entry, or null when it is not one. */
export function parseRollupEntry(json: string): RollupEntry | null {
  try {
    const e = JSON.parse(json) as Partial<RollupEntry>;
    return typeof e.title === 'string' && typeof e.outlet === 'string'
      ? { title: e.title, outlet: e.outlet, link: typeof e.link === 'string' ? e.link : null }
      : null;
  } catch {
    return null;
  }
}
