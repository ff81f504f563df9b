/**
 * Small pieces every message builder needs: the plain-text fallback, safe outlet links, and
 * dates shown in a beat's time zone.
 */
import { withoutTrackingParams } from '../../dedupe/canonical-url.js';
import { cleanText, safeUrl, truncate } from './escape.js';
import { MESSAGE_LIMITS } from './limits.js';
import type { Message, MessageLink } from './message.js';
import type { CommandReply } from './request.js';

/** Completes a message with its plain-text fallback (title, headings, lines, links). */
export function withText(message: Omit<Message, 'text'>): Message {
  const parts: string[] = [message.title];
  for (const section of message.sections) {
    parts.push('');
    if (section.heading) parts.push(section.heading);
    parts.push(...section.lines);
    for (const link of section.links ?? []) parts.push(`${link.label}: ${link.url}`);
  }
  return { ...message, text: truncate(parts.join('\n'), MESSAGE_LIMITS.text) };
}

/**
 * A short answer to a command: titled with the beat's name and what the answer is about, then
 * its lines, each cleaned (they may quote what the caller typed).
 */
export function shortReply(
  topic: { id: string; name: string },
  about: string | null,
  lines: readonly string[],
  visibility: CommandReply['visibility'] = 'private',
): CommandReply {
  return {
    visibility,
    message: withText({
      kind: 'reply',
      topic: topic.id,
      title: cleanText(about ? `${topic.name} — ${about}` : topic.name, MESSAGE_LIMITS.title),
      sections: [{ lines: lines.map((l) => cleanText(l, MESSAGE_LIMITS.line)) }],
    }),
  };
}

/**
 * A link for an untrusted label and URL, or null when the URL is not a safe http(s) URL. Its
 * tracking parameters (`utm_*`, `fbclid`…) are dropped: they say where the reader came from, not
 * which article it is, in every alert, digest and answer alike.
 */
export function safeLink(label: string, url: string | null | undefined): MessageLink | null {
  const href = safeUrl(withoutTrackingParams(url));
  if (!href) return null;
  return { label: cleanText(label, MESSAGE_LIMITS.linkLabel) || new URL(href).hostname, url: href };
}

/** `YYYY-MM-DD` of an instant in a time zone (IANA name; falls back to UTC when unknown). */
export function dayIn(ms: number, timeZone = 'UTC'): string {
  return dateParts(ms, timeZone).day;
}

/** `YYYY-MM-DD HH:MM` of an instant in a time zone; with `zone`, the zone's short name follows. */
export function dateTimeIn(ms: number, timeZone = 'UTC', options: { zone?: boolean } = {}): string {
  const { day, time, zone } = dateParts(ms, timeZone);
  return `${day} ${time}${options.zone ? ` ${zone}` : ''}`;
}

/** One formatter per zone: building one costs far more than using it, and digests date many items. */
const formats = new Map<string, Intl.DateTimeFormat>();

function dateParts(ms: number, timeZone: string): { day: string; time: string; zone: string } {
  let format = formats.get(timeZone);
  try {
    format ??= new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
  } catch {
    // An unknown zone in a config file should not stop a digest; UTC is a readable fallback.
    return dateParts(ms, 'UTC');
  }
  if (formats.size < 100) formats.set(timeZone, format);
  const parts = format.formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    day: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
    zone: get('timeZoneName'),
  };
}

/** "1 story" / "3 stories". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
