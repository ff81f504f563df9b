/**
 * A Slack channel as a delivery destination: renders a message, posts it with `chat.postMessage`
 * (several posts, in order, when it is too big for one), and turns Slack's refusals into what the
 * deliver worker acts on (see `send-result.ts`). Each post carries its delivery's key in its
 * metadata, so a retry after an unknown outcome posts only what is not there (`earlier-posts.ts`).
 */
import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';
import type { Destination, SendOptions, SendResult } from '../core/destination.js';
import type { Message } from '../core/message.js';
import { deliveryMetadata, findDeliveryPosts } from './earlier-posts.js';
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
type Metadata = ReturnType<typeof deliveryMetadata>;

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

  /** Opens the direct-message conversation once, when the destination is a person. */
  async function conversation(): Promise<string> {
    if (person && channel === options.channel) {
      // A thread in direct messages must name the conversation (D…), not the person (U…).
      const opened = await client.conversations.open({ users: person });
      channel = String(opened.channel?.id ?? person);
    }
    return channel;
  }

  async function postOnce(post: SlackMessage, threadTs?: string, metadata?: Metadata): Promise<PostOutcome> {
    await conversation();
    const result = await client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(metadata ? { metadata } : {}),
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

  async function post(message: SlackMessage, threadTs?: string, metadata?: Metadata): Promise<PostOutcome> {
    try {
      return await postOnce(message, threadTs, metadata);
    } catch (err) {
      if (slackErrorCode(err) === 'not_in_channel' && !person && (await join())) {
        try {
          return await postOnce(message, threadTs, metadata);
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
      const idempotency = sendOptions.idempotency;
      const earlier = await earlierParts(idempotency, sendOptions.replyTo);
      if (!(earlier instanceof Map)) return earlier;
      let ref = resumed?.ref ?? earlier.get(0);
      for (let i = resumed?.posted ?? 0; i < posts.length; i += 1) {
        if (earlier.has(i)) continue;
        let outcome: PostOutcome;
        try {
          // A reply's parts all go in the thread; a split message's later parts follow its first.
          const metadata = idempotency ? deliveryMetadata(idempotency.key, i, posts.length) : undefined;
          outcome = await post(posts[i]!, sendOptions.replyTo, metadata);
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

  /**
   * Parts of this delivery an earlier attempt already posted (none when there was no earlier
   * attempt), or a failure to return when Slack asks to wait. When Slack refuses the read (an app
   * installed without the history scopes), the parts are posted anyway: at least once.
   */
  async function earlierParts(
    idempotency: SendOptions['idempotency'],
    threadTs: string | undefined,
  ): Promise<Map<number, string> | SlackFailure> {
    if (!idempotency || idempotency.earlierAttemptAtMs === null) return new Map();
    const { key, earlierAttemptAtMs } = idempotency;
    const find = async () =>
      findDeliveryPosts(client, await conversation(), key, earlierAttemptAtMs, threadTs);
    try {
      try {
        return await find();
      } catch (err) {
        // Posting to a public channel needs no membership (chat:write.public); reading it does.
        if (slackErrorCode(err) === 'not_in_channel' && !person && (await join())) return await find();
        throw err;
      }
    } catch (err) {
      const classified = classifySlackError(err);
      if (classified?.kind === 'retry-later') return classified;
      logger.warn(
        { destination: id, channel, error: slackErrorCode(err) ?? String(err) },
        'could not look for the posts of an earlier attempt; posting, so a message may appear twice',
      );
      return new Map();
    }
  }

  function remember(key: string, posted: number, ref: string): void {
    pending.delete(key);
    pending.set(key, { posted, ref });
    // Oldest first out: a split left pending for this long will not be retried here anyway.
    while (pending.size > MAX_PENDING_SPLITS) pending.delete(pending.keys().next().value!);
  }
}
