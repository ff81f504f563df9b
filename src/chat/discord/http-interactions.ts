/**
 * `POST /discord/interactions`: slash commands over HTTP instead of the gateway (set the
 * application's Interactions Endpoint URL to it). Every request must carry a valid Ed25519
 * signature from the application's key, signed within five minutes, and must not have been
 * received before (a replay would run the command again: see `core/replay-guard.ts`); anything
 * else gets 401 and is never answered. A PING gets a PONG. A command gets a deferred, ephemeral
 * response in the HTTP answer itself; the reply then replaces it through the interaction's
 * webhook, over REST.
 */

import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type REST,
  Routes,
} from 'discord.js';
import type { Logger } from '../../log.js';
import type { HttpRoute } from '../core/platform.js';
import type { ReplayGuard } from '../core/replay-guard.js';
import type { CommandHandler } from '../core/request.js';
import { answerDeferred, commandInteractionOfPayload, type DeferredResponder } from './interactions.js';
import { isSignedByDiscord } from './verify.js';

/** Where Discord posts interactions. */
export const INTERACTIONS_PATH = '/discord/interactions';

/** Interaction payloads are a few kilobytes; anything far larger is not from Discord. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface InteractionsRouteOptions {
  publicKey: KeyObject;
  answer: CommandHandler;
  /** REST client for the interaction webhooks (the edit and follow-ups). */
  rest: REST;
  /** Remembers the requests already answered. */
  replayGuard: ReplayGuard;
  logger: Logger;
  now?: () => number;
}

/** The route, and a way to wait for answers still being sent. */
export interface InteractionsRoute {
  route: HttpRoute;
  /** Resolves once every answer under way has been sent (or has failed). */
  drain(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The body, or null when it is larger than `MAX_BODY_BYTES`. */
async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function webhookResponder(rest: REST, applicationId: string, token: string): DeferredResponder {
  return {
    async editOriginal(payload) {
      await rest.patch(Routes.webhookMessage(applicationId, token, '@original'), {
        body: payload,
        auth: false,
      });
    },
    async followUp(payload, ephemeral) {
      await rest.post(Routes.webhook(applicationId, token), {
        body: ephemeral ? { ...payload, flags: MessageFlags.Ephemeral } : payload,
        auth: false,
      });
    },
  };
}

function isChatInputCommand(
  interaction: APIInteraction,
): interaction is APIChatInputApplicationCommandInteraction {
  return (
    interaction.type === InteractionType.ApplicationCommand &&
    interaction.data?.type === ApplicationCommandType.ChatInput
  );
}

/** Builds the route for the service's HTTP server. */
export function createInteractionsRoute(options: InteractionsRouteOptions): InteractionsRoute {
  const now = options.now ?? Date.now;
  const inFlight = new Set<Promise<void>>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (body === null) return sendJson(res, 413, { error: 'request body too large' });
    const timestamp = header(req, 'x-signature-timestamp');
    const signed = isSignedByDiscord(
      options.publicKey,
      { signature: header(req, 'x-signature-ed25519'), timestamp, body },
      now(),
    );
    if (!signed) return sendJson(res, 401, { error: 'invalid request signature' });
    try {
      if (!(await options.replayGuard.firstSeen('discord', timestamp!, body))) {
        options.logger.warn({ path: INTERACTIONS_PATH }, 'refused an interaction received before (a replay)');
        return sendJson(res, 401, { error: 'request already received' });
      }
    } catch (err) {
      options.logger.warn({ err, path: INTERACTIONS_PATH }, 'could not check an interaction for replay');
      return sendJson(res, 503, { error: 'try again' });
    }
    let interaction: APIInteraction | null;
    try {
      interaction = JSON.parse(body.toString('utf8')) as APIInteraction | null;
    } catch {
      interaction = null;
    }
    if (typeof interaction !== 'object' || interaction === null) {
      return sendJson(res, 400, { error: 'the body is not an interaction' });
    }
    if (interaction.type === InteractionType.Ping)
      return sendJson(res, 200, { type: InteractionResponseType.Pong });
    if (!isChatInputCommand(interaction)) {
      return sendJson(res, 400, { error: `interaction type ${interaction.type} is not handled here` });
    }
    sendJson(res, 200, {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
    const work = answerDeferred(
      commandInteractionOfPayload(interaction),
      options.answer,
      webhookResponder(options.rest, interaction.application_id, interaction.token),
      options.logger,
    ).finally(() => inFlight.delete(work));
    inFlight.add(work);
  };

  return {
    route(req, res) {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'POST' || path !== INTERACTIONS_PATH) return false;
      return handle(req, res).then(() => true);
    },
    async drain() {
      await Promise.all([...inFlight]);
    },
  };
}
