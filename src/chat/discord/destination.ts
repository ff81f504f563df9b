/**
 * A Discord channel as a {@link Destination}: renders the message and posts each part through
 * discord.js's REST client. What a failure means is decided by `sendResultOfError`: a 429 or a
 * 5xx asks delivery to come back later, a refusal that cannot change pauses the destination; a
 * reply refused for want of permission is posted again as a plain message first.
 * Each part carries a nonce from the delivery's idempotency key, enforced by Discord.
 */
import { createHash } from 'node:crypto';
import { type APIMessage, DiscordAPIError, type REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { Destination, SendOptions, SendResult } from '../core/destination.js';
import type { Message } from '../core/message.js';
import type { PostedParts } from './posted-parts.js';
import { renderDiscordMessage } from './render.js';
import { sendResultOfError } from './rest.js';

export interface DiscordDestinationOptions {
  id: string;
  /** Channel id (a snowflake), or `@<user id>` for a person's direct messages with the bot. */
  channel: string;
  /** A REST client made with `failFast` (see `createDiscordRest`). */
  rest: REST;
  /** Where the progress of split messages is kept; without it a retry posts every part again. */
  postedParts?: PostedParts;
  /** When to try again after a 5xx, which carries no Retry-After. */
  serverErrorRetryMs: number;
}

/** Creates the destination; it holds no connection of its own. */
export function createDiscordDestination(options: DiscordDestinationOptions): Destination {
  const { id, rest, postedParts } = options;
  const person = options.channel.startsWith('@') ? options.channel.slice(1) : null;
  let channel = person ? null : options.channel;
  /** The channel to post in: the channel, or the direct-message channel, opened once. */
  async function channelId(): Promise<string> {
    if (channel) return channel;
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: person } })) as { id: string };
    channel = dm.id;
    return channel;
  }
  return {
    id,
    type: 'discord',
    async send(message: Message, sendOptions: SendOptions = {}): Promise<SendResult> {
      const payloads = renderDiscordMessage(message);
      // Progress matters only when there is more than one part to lose track of.
      const tracked = payloads.length > 1 ? postedParts : undefined;
      const done = (await tracked?.read(id, payloads)) ?? { parts: 0 };
      let ref = done.ref;
      for (let part = done.parts; part < payloads.length; part++) {
        // Discord returns the message it already created with this nonce instead of posting
        // it again, so a retry after an unknown outcome cannot double it (decision 022).
        const nonce = sendOptions.idempotency ? partNonce(sendOptions.idempotency.key, part) : undefined;
        const body = { ...payloads[part], ...(nonce ? { nonce, enforce_nonce: true } : {}) };
        const post = async (withReply: boolean) =>
          (await rest.post(Routes.channelMessages(await channelId()), {
            // A reply's first part answers the thread's first message; a missing one is not an error.
            body: withReply
              ? { ...body, message_reference: { message_id: sendOptions.replyTo, fail_if_not_exists: false } }
              : body,
          })) as APIMessage;
        try {
          const asReply = part === 0 && sendOptions.replyTo !== undefined;
          let posted: APIMessage;
          try {
            posted = await post(asReply);
          } catch (err) {
            // A reply needs Read Message History; without it the follow-up goes out on its own
            // rather than pausing a channel the bot can still post in.
            if (!asReply || !refusedReply(err)) throw err;
            posted = await post(false);
          }
          ref ??= posted.id;
        } catch (err) {
          const result = sendResultOfError(err, options.serverErrorRetryMs);
          if (result) return result;
          throw err;
        }
        if (part + 1 < payloads.length) await tracked?.record(id, payloads, { parts: part + 1, ref });
      }
      await tracked?.clear(id, payloads);
      return ref === undefined ? { ok: true } : { ok: true, ref };
    },
  };
}

/** Whether a refusal may be about the reply alone (the permission to read the channel's history). */
function refusedReply(err: unknown): boolean {
  return (
    err instanceof DiscordAPIError &&
    (err.code === RESTJSONErrorCodes.MissingPermissions || err.code === RESTJSONErrorCodes.MissingAccess)
  );
}

/** The nonce of one part of a delivery: at most 25 characters, as Discord allows. */
function partNonce(key: string, part: number): string {
  return part === 0
    ? key.slice(0, 25)
    : createHash('sha256').update(`${key}:${part}`).digest('hex').slice(0, 25);
}
