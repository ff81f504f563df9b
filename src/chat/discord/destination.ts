/**
 * A Discord channel as a {@link Destination}: renders the message and posts each part through
 * discord.js's REST client. What a failure means is decided by `sendResultOfError`: a 429 or a
 * 5xx asks delivery to come back later, a refusal that cannot change pauses the destination.
 */
import { type APIMessage, type REST, Routes } from 'discord.js';
import type { Destination, SendResult } from '../core/destination.js';
import type { Message } from '../core/message.js';
import type { PostedParts } from './posted-parts.js';
import { renderDiscordMessage } from './render.js';
import { sendResultOfError } from './rest.js';

export interface DiscordDestinationOptions {
  id: string;
  /** Channel id (a snowflake). */
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
  const { id, channel, rest, postedParts } = options;
  return {
    id,
    type: 'discord',
    async send(message: Message): Promise<SendResult> {
      const payloads = renderDiscordMessage(message);
      // Progress matters only when there is more than one part to lose track of.
      const tracked = payloads.length > 1 ? postedParts : undefined;
      const done = (await tracked?.read(id, payloads)) ?? { parts: 0 };
      let ref = done.ref;
      for (let part = done.parts; part < payloads.length; part++) {
        try {
          const posted = (await rest.post(Routes.channelMessages(channel), {
            body: payloads[part],
          })) as APIMessage;
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
