/**
 * `sources add | remove | resume <url>`: admins manage the beat's feeds from chat. The core only
 * words the outcome; {@link FeedAdmin} (built by the service, which owns the fetcher and the
 * queues) does the work.
 */
import type { Topic } from '../../config/schema.js';
import { shortReply } from './compose.js';
import { safeUrl } from './escape.js';
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

/** Runs `sources <action> <url>` for an admin (the caller checked the rights). */
export async function manageSource(
  admin: FeedAdmin | undefined,
  topic: Topic,
  options: CommandOptions,
  caller: Caller,
): Promise<CommandReply> {
  const action = String(options.action);
  if (!admin)
    return shortReply(topic, 'sources', ['Feeds cannot be managed from chat in this deployment.'], 'private');
  if (options.url === undefined) {
    return shortReply(
      topic,
      'sources',
      [
        `sources ${action} needs a feed URL: /${topic.command} sources ${action} https://example.org/feed.xml`,
      ],
      'private',
    );
  }
  const url = typedUrl(String(options.url));
  const shown = safeUrl(url);
  if (!shown) return shortReply(topic, 'sources', [`"${options.url}" is not an http(s) URL.`], 'private');
  const notFound = shortReply(
    topic,
    'sources',
    [`${shown} is not a feed of this beat (see /${topic.command} sources).`],
    'private',
  );
  switch (action) {
    case 'add': {
      const result = await admin.add(topic.id, url, `${caller.platform} user ${caller.userId}`);
      if (!result.ok)
        return shortReply(topic, 'sources', [`Not added: ${shown}: ${result.reason}.`], 'private');
      return shortReply(
        topic,
        'sources',
        [
          `Now following "${result.name}" (${shown}, ${result.items} items today). Its current items are stored without alerts; new ones are alerted from the next poll.`,
        ],
        'channel',
      );
    }
    case 'remove': {
      const result = await admin.remove(topic.id, url);
      if (result === 'configured') {
        return shortReply(
          topic,
          'sources',
          [`${shown} comes from the beat's configuration file; remove it there.`],
          'private',
        );
      }
      if (result === 'not-found') return notFound;
      return shortReply(topic, 'sources', [`No longer following ${shown}.`], 'channel');
    }
    default: {
      const result = await admin.resume(topic.id, url);
      if (result === 'not-found') return notFound;
      if (result === 'not-paused')
        return shortReply(topic, 'sources', [`${shown} is not paused.`], 'private');
      return shortReply(topic, 'sources', [`${shown} is resumed: it is polled again from now.`], 'channel');
    }
  }
}
