/**
 * `sources add | remove | resume <url>`: admins manage the beat's feeds from chat. The core only
 * words the outcome; {@link FeedAdmin} (built by the service, which owns the fetcher and the
 * queues) does the work.
 */
import type { Topic } from '../../config/schema.js';
import { withText } from './compose.js';
import { cleanText, safeUrl } from './escape.js';
import { MESSAGE_LIMITS } from './limits.js';
import type { CommandOptions } from './parse-command.js';
import type { Caller, CommandReply } from './request.js';

export type AddFeedResult = { ok: true; name: string; items: number } | { ok: false; reason: string };

/** What the service does for `sources add | remove | resume`. */
export interface FeedAdmin {
  /** Checks that `url` is a feed, then follows it for the beat. */
  add(topic: string, url: string, addedBy: string): Promise<AddFeedResult>;
  /** Stops following a feed added from chat; `configured` when it comes from the config files. */
  remove(topic: string, url: string): Promise<'removed' | 'not-found' | 'configured'>;
  /** Polls a paused feed again. */
  resume(topic: string, url: string): Promise<'resumed' | 'not-found' | 'not-paused'>;
}

/**
 * A URL as chat clients send it: Slack may wrap it as `<https://…>` or `<https://…|label>` and
 * escape `&` as `&amp;`.
 */
export function typedUrl(text: string): string {
  const trimmed = text.trim();
  const wrapped = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(trimmed);
  return (wrapped?.[1] ?? trimmed).replace(/&amp;/g, '&');
}

function reply(topic: Topic, line: string, visibility: CommandReply['visibility']): CommandReply {
  return {
    visibility,
    message: withText({
      kind: 'reply',
      topic: topic.id,
      title: cleanText(`${topic.name} — sources`, MESSAGE_LIMITS.title),
      sections: [{ lines: [cleanText(line, MESSAGE_LIMITS.line)] }],
    }),
  };
}

/** Runs `sources <action> <url>` for an admin (the caller checked the rights). */
export async function manageSource(
  admin: FeedAdmin | undefined,
  topic: Topic,
  options: CommandOptions,
  caller: Caller,
): Promise<CommandReply> {
  const action = String(options.action);
  if (!admin) return reply(topic, 'Feeds cannot be managed from chat in this deployment.', 'private');
  if (options.url === undefined) {
    return reply(
      topic,
      `sources ${action} needs a feed URL: /${topic.command} sources ${action} https://example.org/feed.xml`,
      'private',
    );
  }
  const url = typedUrl(String(options.url));
  const shown = safeUrl(url);
  if (!shown) return reply(topic, `"${options.url}" is not an http(s) URL.`, 'private');
  switch (action) {
    case 'add': {
      const result = await admin.add(topic.id, url, `${caller.platform} user ${caller.userId}`);
      if (!result.ok) return reply(topic, `Not added: ${shown}: ${result.reason}.`, 'private');
      return reply(
        topic,
        `Now following "${result.name}" (${shown}, ${result.items} items today). Its current items are stored without alerts; new ones are alerted from the next poll.`,
        'channel',
      );
    }
    case 'remove': {
      const result = await admin.remove(topic.id, url);
      if (result === 'configured') {
        return reply(topic, `${shown} comes from the beat's configuration file; remove it there.`, 'private');
      }
      if (result === 'not-found')
        return reply(
          topic,
          `${shown} is not a feed of this beat (see /${topic.command} sources).`,
          'private',
        );
      return reply(topic, `No longer following ${shown}.`, 'channel');
    }
    default: {
      const result = await admin.resume(topic.id, url);
      if (result === 'not-found')
        return reply(
          topic,
          `${shown} is not a feed of this beat (see /${topic.command} sources).`,
          'private',
        );
      if (result === 'not-paused') return reply(topic, `${shown} is not paused.`, 'private');
      return reply(topic, `${shown} is resumed: it is polled again from now.`, 'channel');
    }
  }
}
