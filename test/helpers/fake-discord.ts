/**
 * A local stand-in for Discord, for the real discord.js to talk to: the REST API under
 * `<url>/api/v10` (channel messages, interaction callbacks and webhooks, command registration,
 * `GET /gateway/bot`) and a gateway WebSocket that speaks Hello / Identify / Ready / heartbeat ACK
 * and dispatches `INTERACTION_CREATE` to every ready session, as Discord does. It records every
 * request, answers over-limit messages with Discord's own 50035 error, refuses a second answer to
 * an interaction (40060), returns the earlier message for a repeated enforced nonce (as Discord
 * does for a few minutes), and can be told to fail the next requests (429 with Retry-After and the
 * rate-limit headers discord.js reads, 500, Unknown Channel, Missing Access).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { discordPayloadProblems } from './discord-limits.js';
import { attachFakeGateway } from './fake-discord-gateway.js';
import {
  type CommandInteractionInput,
  commandInteractionPayload,
  FAKE_CHANNEL_ID,
  type FakeFailure,
  failureResponse,
  snowflake,
} from './fake-discord-payloads.js';

export {
  type CommandInteractionInput,
  FAKE_CHANNEL_ID,
  FAKE_GUILD_ID,
  FAKE_USER_ID,
  type FakeFailure,
} from './fake-discord-payloads.js';

/** One request as the fake received it; `path` is below `/api/v10`, without the query. */
export interface FakeDiscordRequest {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
  body: unknown;
  /** The status the fake answered with. */
  status: number;
}

/** What happened to one interaction, in order. */
export interface InteractionEvent {
  kind: 'callback' | 'edit-original' | 'follow-up';
  body: Record<string, unknown>;
}

/** An interaction the fake issued, and what the bot did with it. */
export interface FakeInteraction {
  id: string;
  token: string;
  events: InteractionEvent[];
  /** Callback attempts, including refused second ones. */
  callbackAttempts: number;
}

export interface FakeDiscord {
  /** Give this to discord.js as `rest.api` / `DISCORD_API_URL`. */
  apiUrl: string;
  token: string;
  applicationId: string;
  botUserId: string;
  requests: FakeDiscordRequest[];
  /** Messages accepted in channels, in order: the channel and the body posted. */
  channelPosts(channelId?: string): Array<{ channelId: string; id: string; body: Record<string, unknown> }>;
  interactions: Map<string, FakeInteraction>;
  /**
   * Fails the next `times` requests matching `method` and `path` (a regexp on the path), after
   * letting `skip` of them through.
   */
  failNext(method: string, path: RegExp, failure: FakeFailure, times?: number, skip?: number): void;
  /** A chat input interaction as Discord would send it; the fake then accepts its callbacks. */
  commandInteraction(input: CommandInteractionInput): Record<string, unknown>;
  /**
   * Records the bot's HTTP answer to an interaction sent to its endpoint (HTTP interactions), as
   * Discord would: the answer is the callback, and the interaction's webhook opens.
   */
  receiveHttpCallback(interactionId: string, body: Record<string, unknown>): void;
  /** Sends `INTERACTION_CREATE` to every ready gateway session; returns how many got it. */
  dispatchInteraction(interaction: Record<string, unknown>): number;
  /** Gateway sessions that identified and got READY, still open. */
  readySessions(): number;
  /** Every Identify received (token checked, intents). */
  identifies: Array<{ intents: number }>;
  /** Answers each channel message post only after this long (0: at once). */
  delayPostAnswers(ms: number): void;
  close(): Promise<void>;
}

const API_PREFIX = '/api/v10';

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : null);
      } catch {
        resolve(text);
      }
    });
  });
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeDiscord(
  options: { token?: string; applicationId?: string } = {},
): Promise<FakeDiscord> {
  const token = options.token ?? `fake.${randomBytes(12).toString('hex')}`;
  const applicationId = options.applicationId ?? '700000000000000100';
  const botUserId = '700000000000000200';
  const requests: FakeDiscordRequest[] = [];
  const posts: Array<{ channelId: string; id: string; body: Record<string, unknown> }> = [];
  const interactions = new Map<string, FakeInteraction>();
  const byToken = new Map<string, FakeInteraction>();
  const failures: Array<{ method: string; path: RegExp; failure: FakeFailure; times: number; skip: number }> =
    [];
  const sockets = new Set<Socket>();
  const byNonce = new Map<string, Record<string, unknown>>();
  let postAnswerDelayMs = 0;
  let gatewayUrl = '';
  const botUser = {
    id: botUserId,
    username: 'beatwatch',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
  };

  const message = (channelId: string, body: Record<string, unknown>, flags = 0) => ({
    id: snowflake(),
    channel_id: channelId,
    type: 0,
    content: (body.content as string | undefined) ?? '',
    embeds: body.embeds ?? [],
    author: botUser,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    components: [],
    pinned: false,
    flags,
  });

  type Answer = [number, unknown, Record<string, string>?];
  const webhookOf = (m: RegExpMatchArray): FakeInteraction | null => {
    const interaction = byToken.get(m[2]!);
    return m[1] === applicationId && interaction?.events.some((e) => e.kind === 'callback')
      ? interaction
      : null;
  };
  const unknownWebhook: Answer = [404, { message: 'Unknown Webhook', code: 10015 }];
  const routes: Array<[string, RegExp, (m: RegExpMatchArray, json: Record<string, unknown>) => Answer]> = [
    [
      'GET',
      /^\/gateway\/bot$/,
      () => [
        200,
        {
          url: gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 60_000, max_concurrency: 1 },
        },
      ],
    ],
    [
      'POST',
      /^\/channels\/(\d+)\/messages$/,
      (m, json) => {
        const problems = discordPayloadProblems(json);
        if (problems) return [400, problems];
        // As Discord does: a nonce the bot used before, enforced, returns that message again.
        const nonce = json.enforce_nonce === true && json.nonce !== undefined ? String(json.nonce) : null;
        const earlier = nonce === null ? undefined : byNonce.get(nonce);
        if (earlier) return [200, earlier];
        const posted = message(m[1]!, json);
        posts.push({ channelId: m[1]!, id: posted.id, body: json });
        if (nonce !== null) byNonce.set(nonce, posted);
        return [200, posted];
      },
    ],
    [
      // Opening a direct-message channel: the same user always gets the same channel.
      'POST',
      /^\/users\/@me\/channels$/,
      (_m, json) => {
        const user = String(json.recipient_id ?? '');
        if (!/^\d+$/.test(user)) return [400, { message: 'Invalid Form Body', code: 50035 }];
        return [200, { id: `9${user}`, type: 1, recipients: [{ id: user }] }];
      },
    ],
    [
      'PUT',
      /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/,
      (m, json) => {
        if (m[1] !== applicationId) return [403, { message: 'Missing Access', code: 50001 }];
        const list = Array.isArray(json) ? (json as Array<Record<string, unknown>>) : [];
        return [
          200,
          list.map((c) => ({ id: snowflake(), application_id: applicationId, version: snowflake(), ...c })),
        ];
      },
    ],
    [
      'POST',
      /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
      (m, json) => {
        const interaction = interactions.get(m[1]!);
        if (!interaction || interaction.token !== m[2])
          return [404, { message: 'Unknown interaction', code: 10062 }];
        interaction.callbackAttempts += 1;
        if (interaction.events.some((e) => e.kind === 'callback')) {
          return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
        }
        const problems = json.type === 4 ? discordPayloadProblems(json.data) : null;
        if (problems) return [400, problems];
        interaction.events.push({ kind: 'callback', body: json });
        return [204, null];
      },
    ],
    [
      'PATCH',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      (m, json) => {
        const interaction = webhookOf(m);
        if (!interaction) return unknownWebhook;
        const problems = discordPayloadProblems(json);
        if (problems) return [400, problems];
        interaction.events.push({ kind: 'edit-original', body: json });
        return [200, message(FAKE_CHANNEL_ID, json)];
      },
    ],
    [
      'POST',
      /^\/webhooks\/(\d+)\/([^/]+)$/,
      (m, json) => {
        const interaction = webhookOf(m);
        if (!interaction) return unknownWebhook;
        const problems = discordPayloadProblems(json);
        if (problems) return [400, problems];
        interaction.events.push({ kind: 'follow-up', body: json });
        return [200, message(FAKE_CHANNEL_ID, json, Number(json.flags ?? 0))];
      },
    ],
  ];

  const route = (method: string, path: string, body: unknown, authorized: boolean): Answer => {
    const i = failures.findIndex((f) => f.method === method && f.path.test(path));
    const f = failures[i];
    if (f && f.skip > 0) f.skip -= 1;
    else if (f) {
      f.times -= 1;
      if (f.times <= 0) failures.splice(i, 1);
      return failureResponse(f.failure);
    }
    const json = (body ?? {}) as Record<string, unknown>;
    const needsBot = !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
    if (needsBot && !authorized) return [401, { message: '401: Unauthorized', code: 0 }];
    for (const [routeMethod, pattern, handle] of routes) {
      const m = method === routeMethod ? path.match(pattern) : null;
      if (m) return handle(m, json);
    }
    return [404, { message: '404: Not Found', code: 0 }];
  };

  const server = createServer((req, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const pathname = decodeURIComponent(url.pathname);
      const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
      const body = await readJson(req);
      const authorization = req.headers.authorization;
      const [status, payload, headers] = route(
        req.method ?? 'GET',
        path,
        body,
        authorization === `Bot ${token}`,
      );
      requests.push({ method: req.method ?? 'GET', path, query: url.search, authorization, body, status });
      // The message exists before its answer leaves, as on a slow link.
      if (postAnswerDelayMs > 0 && req.method === 'POST' && /^\/channels\/\d+\/messages$/.test(path))
        await new Promise((r) => setTimeout(r, postAnswerDelayMs));
      const common = {
        'x-ratelimit-limit': '50',
        'x-ratelimit-remaining': '49',
        'x-ratelimit-reset-after': '1',
        'x-ratelimit-bucket': `fake-${path.split('/')[1] ?? ''}`,
      };
      if (status === 204) {
        res.writeHead(204, { ...common, ...headers });
        res.end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', ...common, ...headers });
      res.end(JSON.stringify(payload));
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const gateway = attachFakeGateway(server, {
    token,
    applicationId,
    user: botUser,
    url: () => gatewayUrl,
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    applicationId,
    botUserId,
    requests,
    interactions,
    identifies: gateway.identifies,
    channelPosts: (channelId) => posts.filter((p) => channelId === undefined || p.channelId === channelId),
    failNext(method, path, failure, times = 1, skip = 0) {
      failures.push({ method, path, failure, times, skip });
    },
    commandInteraction(input) {
      const id = snowflake();
      const interactionToken = `itok.${randomBytes(16).toString('hex')}`;
      const fake: FakeInteraction = { id, token: interactionToken, events: [], callbackAttempts: 0 };
      interactions.set(id, fake);
      byToken.set(interactionToken, fake);
      return commandInteractionPayload(input, { id, token: interactionToken, applicationId });
    },
    receiveHttpCallback(interactionId, body) {
      const interaction = interactions.get(interactionId);
      if (!interaction) throw new Error(`the fake never issued interaction ${interactionId}`);
      interaction.callbackAttempts += 1;
      interaction.events.push({ kind: 'callback', body });
    },
    dispatchInteraction: (interaction) => gateway.dispatch('INTERACTION_CREATE', interaction),
    readySessions: () => gateway.readySessions(),
    delayPostAnswers(ms) {
      postAnswerDelayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        gateway.close();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
