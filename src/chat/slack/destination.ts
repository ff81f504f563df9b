/**
 * A Slack channel as a delivery destination: renders a message, posts it with `chat.postMessage`
 * (several posts, in order, when it is too big for one), and turns Slack's refusals into what the
 * deliver worker acts on (see `send-result.ts`).
 */
import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';
import type { Destination, SendOptions, SendResult } from '../core/destination.js';
import type { Message } from '../core/message.js';
import { renderSlackMessages, type SlackMessage } from './render.js';
import { classifySlackError, type SlackFailure, slackErrorCode } from './send-result.js';

/** Split messages whose first posts went out and whose rest waits for a retry, kept per channel. */
const MAX_PENDING_SPLITS = 100;

export interface SlackDestinationOptions {
  /** Destination id (`slack:T…:C…` for a subscribed channel, or the config's id). */
  id: string;
  /** Channel id (`C…`, `G…`), or `@U…` for a person's direct messages with the bot. */
  channel: string;
  client: Pick<WebClient, 'chat' | 'conversations'>;
  logger: Logger;
}

type PostOutcome = { ok: true; ts: string } | SlackFailure;

/** Creates the destination for one Slack channel. */
export function createSlackDestination(options: SlackDestinationOptions): Destination {
  const { id, client, logger } = options;
  const person = options.channel.startsWith('@') ? options.channel.slice(1) : null;
  /** The conversation to post in: the channel, or the direct-message conversation once opened. */
  let channel = options.channel;
  /**
   * Split messages part-posted when a later part was refused for now: the retry in this process
   * goes on from the first part not yet posted instead of posting the first ones again.
   */
  const pending = new Map<string, { posted: number; ref: string }>();

  async function postOnce(post: SlackMessage, threadTs?: string): Promise<PostOutcome> {
    if (person && channel === options.channel) {
      // A thread in direct messages must name the conversation (D…), not the person (U…).
      const opened = await client.conversations.open({ users: person });
      channel = String(opened.channel?.id ?? person);
    }
    const result = await client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: post.text,
      blocks: post.blocks,
      // Feed links stay links, not previews that fill the channel; no mention is ever parsed.
      unfurl_links: false,
      unfurl_media: false,
      link_names: false,
    });
    return { ok: true, ts: String(result.ts ?? '') };
  }

  /** Joins a public channel the bot is not in, once; true when it is in the channel now. */
  async function join(): Promise<boolean> {
    try {
      await client.conversations.join({ channel });
      logger.info({ destination: id, channel }, 'joined the Slack channel to post there');
      return true;
    } catch (err) {
      logger.warn(
        { destination: id, channel, error: slackErrorCode(err) ?? String(err) },
        'could not join the Slack channel',
      );
      return false;
    }
  }

  async function post(message: SlackMessage, threadTs?: string): Promise<PostOutcome> {
    try {
      return await postOnce(message, threadTs);
    } catch (err) {
      if (slackErrorCode(err) === 'not_in_channel' && !person && (await join())) {
        try {
          return await postOnce(message, threadTs);
        } catch (again) {
          return failure(again);
        }
      }
      return failure(err);
    }
  }

  function failure(err: unknown): SlackFailure {
    const classified = classifySlackError(err);
    if (classified) return classified;
    throw err;
  }

  return {
    id,
    type: 'slack',
    async send(message: Message, sendOptions: SendOptions = {}): Promise<SendResult> {
      const posts = renderSlackMessages(message);
      const key = posts.length > 1 ? createHash('sha256').update(JSON.stringify(posts)).digest('hex') : null;
      const resumed = key ? pending.get(key) : undefined;
      let ref = resumed?.ref;
      for (let i = resumed?.posted ?? 0; i < posts.length; i += 1) {
        let outcome: PostOutcome;
        try {
          // A reply's parts all go in the thread; a split message's later parts follow its first.
          outcome = await post(posts[i]!, sendOptions.replyTo);
        } catch (err) {
          if (key && ref !== undefined) remember(key, i, ref);
          throw err;
        }
        if (!outcome.ok) {
          if (key && ref !== undefined) remember(key, i, ref);
          return outcome;
        }
        ref ??= outcome.ts;
      }
      if (key) pending.delete(key);
      return { ok: true, ref };
    },
  };

  function remember(key: string, posted: number, ref: string): void {
    pending.delete(key);
    pending.set(key, { posted, ref });
    // Oldest first out: a split left pending for this long will not be retried here anyway.
    while (pending.size > MAX_PENDING_SPLITS) pending.delete(pending.keys().next().value!);
  }
}
