/**
 * A local fake of the Slack platform for tests: the Web API methods beatwatch and bolt call
 * (`auth.test`, `chat.postMessage` with message metadata, `users.info`, `conversations.join`,
 * `conversations.open`, `conversations.history` and `.replies`, `apps.connections.open`),
 * `response_url` endpoints, and a Socket Mode WebSocket (see `fake-slack-socket.ts`). It records
 * every request, rejects posts over Block Kit's limits with Slack's own error codes, and can be
 * told to fail the next calls (429 with Retry-After, 500, or a Slack error such as
 * `channel_not_found`). Only Slack is faked: the tests drive the real bolt and Web API client.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { type FakeSocketMode, startFakeSocketMode } from './fake-slack-socket.js';
import { startTestServer, type TestServer } from './http-server.js';

export const FAKE_BOT_TOKEN = 'xoxb-fake-bot-token';
export const FAKE_APP_TOKEN = 'xapp-fake-app-token';
export const FAKE_TEAM_ID = 'T0FAKE';
export const FAKE_BOT_USER_ID = 'UBOTFAKE';

/** One request the fake received; `body` is the parsed form or JSON body. */
export interface SlackRequest {
  /** The Web API method (`chat.postMessage`), or the path for anything else. */
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** An accepted `chat.postMessage`, with blocks parsed. */
export interface SlackPost {
  channel: string;
  ts: string;
  text: string;
  blocks: SlackBlockJson[];
  params: Record<string, unknown>;
  /** Message metadata posted with it, parsed. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** When the request reached the fake (epoch ms). */
  receivedAtMs: number;
}

/** What a `response_url` received. */
export interface SlackResponse {
  id: string;
  body: { response_type?: string; text?: string; blocks?: SlackBlockJson[]; [key: string]: unknown };
}

// biome-ignore lint/suspicious/noExplicitAny: block JSON as Slack receives it
export type SlackBlockJson = Record<string, any>;

/** A scripted failure for the next call(s) of a method. */
export interface SlackFailure {
  /** HTTP status (429, 500); absent for a Slack error answered with HTTP 200. */
  status?: number;
  /** Retry-After header, seconds. */
  retryAfter?: number;
  /** Slack error code (`channel_not_found`), answered as `{ ok: false, error }`. */
  error?: string;
  /** Only calls for this channel fail. */
  channel?: string;
  /** Matching calls let through before this failure applies (fail the second part of a split). */
  skip?: number;
}

/** How a channel behaves; a channel not described is public, and the bot may post there. */
export interface FakeChannel {
  exists?: boolean;
  isPrivate?: boolean;
  /** Whether the bot is a member (posting to a public channel it is not in gives `not_in_channel`). */
  member?: boolean;
  archived?: boolean;
}

export interface FakeSlack {
  url: string;
  /** Web API base for `slackApiUrl` / `SLACK_API_URL`. */
  apiUrl: string;
  requests: SlackRequest[];
  /** Requests to one Web API method. */
  calls(method: string): SlackRequest[];
  /** Accepted posts, optionally for one channel. */
  posts(channel?: string): SlackPost[];
  responses: SlackResponse[];
  /** A fresh `response_url`; it takes five posts, as Slack's do. */
  responseUrl(): string;
  users: Map<string, { is_admin?: boolean; is_owner?: boolean }>;
  channels: Map<string, FakeChannel>;
  /** The next `times` calls of `method` fail as described (`response_url`: the answers' posts). */
  failNext(method: string, failure: SlackFailure, times?: number): void;
  /** Holds the answer to the next call of `method` until the returned function is called. */
  holdNext(method: string): () => void;
  /** Whether the app was installed with the history scopes (reads answer `missing_scope` if not). */
  grantHistory(granted: boolean): void;
  /** Answers each accepted `chat.postMessage` only after this long (0: at once). */
  delayPostAnswers(ms: number): void;
  socket: FakeSocketMode;
  close(): Promise<void>;
}

const LIMITS = { blocks: 50, headerText: 150, sectionText: 3000, totalBlocksText: 12_000, text: 40_000 };

/** Slack's answer to blocks over a limit, or null when they are within every limit. */
export function blockLimitError(text: string, blocks: unknown): string | null {
  if (text.length > LIMITS.text) return 'msg_too_long';
  if (blocks === undefined) return text ? null : 'no_text';
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > LIMITS.blocks) return 'invalid_blocks';
  let total = 0;
  for (const block of blocks as SlackBlockJson[]) {
    const texts: string[] =
      block.type === 'context'
        ? (block.elements ?? []).map((e: SlackBlockJson) => String(e.text ?? ''))
        : [String(block.text?.text ?? '')];
    const max = block.type === 'header' ? LIMITS.headerText : LIMITS.sectionText;
    if (texts.some((t) => t.length === 0 || t.length > max)) return 'invalid_blocks';
    total += texts.reduce((n, t) => n + t.length, 0);
  }
  return total > LIMITS.totalBlocksText ? 'msg_blocks_too_long' : null;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('json')) return JSON.parse(raw);
  return Object.fromEntries(new URLSearchParams(raw));
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const requests: SlackRequest[] = [];
  const posted: SlackPost[] = [];
  const responses: SlackResponse[] = [];
  const responseUses = new Map<string, number>();
  const failures: Array<SlackFailure & { method: string }> = [];
  const users = new Map<string, { is_admin?: boolean; is_owner?: boolean }>();
  const channels = new Map<string, FakeChannel>();
  const holds = new Map<string, Promise<void>>();
  let seq = 0;
  let historyScopes = true;
  let postAnswerDelayMs = 0;
  const socket: FakeSocketMode = await startFakeSocketMode();
  let server: TestServer | undefined;

  function takeFailure(method: string, channel: unknown): SlackFailure | undefined {
    const i = failures.findIndex((f) => f.method === method && (!f.channel || f.channel === channel));
    const failure = failures[i];
    if (!failure) return undefined;
    if (failure.skip) {
      failure.skip -= 1;
      return undefined;
    }
    return failures.splice(i, 1)[0];
  }

  function api(
    method: string,
    body: Record<string, unknown>,
    headers: IncomingHttpHeaders,
    receivedAtMs: number,
  ): [number, unknown] {
    const token = (headers.authorization ?? '').replace(/^Bearer /, '') || String(body.token ?? '');
    const wanted = method === 'apps.connections.open' ? FAKE_APP_TOKEN : FAKE_BOT_TOKEN;
    if (token !== wanted) return [200, { ok: false, error: 'invalid_auth' }];
    switch (method) {
      case 'auth.test':
        return [
          200,
          { ok: true, team: 'Fake', team_id: FAKE_TEAM_ID, user_id: FAKE_BOT_USER_ID, bot_id: 'BFAKE' },
        ];
      case 'apps.connections.open':
        return [200, { ok: true, url: socket.connectUrl() }];
      case 'users.info': {
        const user = users.get(String(body.user));
        if (!user) return [200, { ok: false, error: 'user_not_found' }];
        return [200, { ok: true, user: { id: body.user, is_admin: false, is_owner: false, ...user } }];
      }
      case 'conversations.join': {
        const channel = channels.get(String(body.channel));
        if (channel?.exists === false) return [200, { ok: false, error: 'channel_not_found' }];
        if (channel?.isPrivate) return [200, { ok: false, error: 'method_not_supported_for_channel_type' }];
        channels.set(String(body.channel), { ...channel, member: true });
        return [200, { ok: true, channel: { id: body.channel } }];
      }
      case 'conversations.open': {
        const user = String(body.users ?? '');
        if (!/^U/.test(user)) return [200, { ok: false, error: 'user_not_found' }];
        const dm = `D${user.slice(1)}`;
        channels.set(dm, { ...channels.get(dm), member: true });
        return [200, { ok: true, channel: { id: dm } }];
      }
      case 'chat.postMessage':
        return postMessage(body, receivedAtMs);
      case 'conversations.history':
      case 'conversations.replies':
        return readMessages(method, body);
      default:
        return [200, { ok: false, error: 'unknown_method' }];
    }
  }

  function postMessage(body: Record<string, unknown>, receivedAtMs: number): [number, unknown] {
    const id = String(body.channel ?? '');
    const channel = channels.get(id);
    if (!id || channel?.exists === false || (channel?.isPrivate && !channel.member)) {
      return [200, { ok: false, error: 'channel_not_found' }];
    }
    if (channel?.archived) return [200, { ok: false, error: 'is_archived' }];
    if (channel?.member === false) return [200, { ok: false, error: 'not_in_channel' }];
    const text = String(body.text ?? '');
    let blocks: unknown;
    try {
      blocks = body.blocks === undefined ? undefined : JSON.parse(String(body.blocks));
    } catch {
      return [200, { ok: false, error: 'invalid_blocks' }];
    }
    const error = blockLimitError(text, blocks);
    if (error) return [200, { ok: false, error }];
    let metadata: SlackPost['metadata'];
    try {
      metadata = body.metadata === undefined ? undefined : JSON.parse(String(body.metadata));
    } catch {
      return [200, { ok: false, error: 'invalid_metadata_format' }];
    }
    seq += 1;
    // Real time, as Slack's are, so reads with `oldest` see what was posted since.
    const ts = `${Math.floor(Date.now() / 1000)}.${String(seq).padStart(6, '0')}`;
    posted.push({
      channel: id,
      ts,
      text,
      blocks: (blocks as SlackBlockJson[]) ?? [],
      params: body,
      metadata,
      receivedAtMs,
    });
    return [200, { ok: true, channel: id, ts }];
  }

  /** `conversations.history` (top-level messages) or `.replies` (one thread), newest first. */
  function readMessages(method: string, body: Record<string, unknown>): [number, unknown] {
    const id = String(body.channel ?? '');
    const channel = channels.get(id);
    if (!id || channel?.exists === false) return [200, { ok: false, error: 'channel_not_found' }];
    if (channel?.member === false) return [200, { ok: false, error: 'not_in_channel' }];
    if (!historyScopes) return [200, { ok: false, error: 'missing_scope', needed: 'channels:history' }];
    const oldest = Number(body.oldest ?? 0);
    const thread = method === 'conversations.replies' ? String(body.ts ?? '') : null;
    const withMetadata = String(body.include_all_metadata) === 'true';
    const messages = posted
      .filter((p) => p.channel === id && Number(p.ts) >= oldest)
      .filter((p) =>
        thread === null ? p.params.thread_ts === undefined : p.params.thread_ts === thread || p.ts === thread,
      )
      .map((p) => ({
        type: 'message',
        ts: p.ts,
        text: p.text,
        bot_id: 'BFAKE',
        ...(withMetadata && p.metadata ? { metadata: p.metadata } : {}),
      }))
      .reverse();
    return [200, { ok: true, messages, has_more: false }];
  }

  server = await startTestServer((req, res) => {
    const receivedAtMs = Date.now();
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const body = await readBody(req);
      const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path;
      requests.push({ method, path, headers: req.headers, body });
      if (path.startsWith('/respond/')) {
        const id = path.slice('/respond/'.length);
        const refused = takeFailure('response_url', undefined);
        if (refused?.status) {
          const headers: Record<string, string> =
            refused.retryAfter !== undefined ? { 'retry-after': String(refused.retryAfter) } : {};
          return reply(res, refused.status, { ok: false, error: 'scripted' }, headers);
        }
        const uses = (responseUses.get(id) ?? 0) + 1;
        responseUses.set(id, uses);
        if (uses > 5) return reply(res, 404, { ok: false, error: 'used_url' });
        responses.push({ id, body: body as SlackResponse['body'] });
        return reply(res, 200, { ok: true });
      }
      if (!path.startsWith('/api/')) return reply(res, 404, { ok: false, error: 'not_found' });
      const held = holds.get(method);
      if (held) {
        holds.delete(method);
        await held;
      }
      const failure = takeFailure(method, body.channel);
      if (failure?.status) {
        const headers: Record<string, string> =
          failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
        return reply(res, failure.status, { ok: false, error: 'scripted' }, headers);
      }
      if (failure?.error) return reply(res, 200, { ok: false, error: failure.error });
      const [status, answer] = api(method, body, req.headers, receivedAtMs);
      // The post is recorded (visible in the channel) before its answer leaves, as on a slow link.
      if (method === 'chat.postMessage' && postAnswerDelayMs > 0)
        await new Promise((r) => setTimeout(r, postAnswerDelayMs));
      reply(res, status, answer);
    })().catch((err: unknown) => reply(res, 500, { ok: false, error: String(err) }));
  });

  return {
    url: server.url,
    apiUrl: `${server.url}/api/`,
    requests,
    calls: (method) => requests.filter((r) => r.method === method),
    posts: (channel) => posted.filter((p) => channel === undefined || p.channel === channel),
    responses,
    responseUrl: () => {
      seq += 1;
      return `${server!.url}/respond/r${seq}`;
    },
    users,
    channels,
    failNext(method, failure, times = 1) {
      for (let i = 0; i < times; i += 1) failures.push({ ...failure, method });
    },
    holdNext(method) {
      let release: () => void = () => undefined;
      holds.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => release();
    },
    grantHistory(granted) {
      historyScopes = granted;
    },
    delayPostAnswers(ms) {
      postAnswerDelayMs = ms;
    },
    socket,
    async close() {
      await socket.close();
      await server?.close();
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
