/**
 * Security of a real `beatwatch run` process, started as a user starts it, with Slack (HTTP mode)
 * and Discord (HTTP interactions) tokens in its environment, a Redis URL with a password, and
 * feeds behind basic auth — one that fails before it answers, one that always refuses:
 * - unsigned, forged, stale, future-dated and replayed requests are refused on
 *   `POST /slack/events` and `POST /discord/interactions`, and never answered;
 * - a member who is not an admin cannot subscribe a channel on either platform;
 * - hostile feed text reaches Slack, Discord and the console without a mention any of them
 *   would act on;
 * - no configured secret and no feed password appears in any line the process wrote, at debug
 *   level, through refused requests, failing feeds and chat APIs answering 429 and 500.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/runtime/redis-server.js';
import { createRedisStores, type Stores } from '../../src/store/index.js';
import { writeBeatConfig } from '../helpers/config-files.js';
import { FAKE_GUILD_ID, type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import {
  FAKE_BOT_TOKEN,
  FAKE_TEAM_ID,
  type FakeSlack,
  startFakeSlack,
  waitFor,
} from '../helpers/fake-slack.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { postSlashCommand, slashCommand, TEST_SIGNING_SECRET } from '../helpers/slack-requests.js';
import { type FeedHost, startFeedHost } from './feed-host.js';
import { consoleMentions, discordMentions, slackMentions } from './mentions.js';
import { recordFigures } from './reliability.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FEED_USER = 'reader';
const FEED_PASSWORD = `feed-pw-${randomBytes(6).toString('hex')}`;
const REFUSED_PASSWORD = `other-pw-${randomBytes(6).toString('hex')}`;
const REDIS_PASSWORD = `redis-pw-${randomBytes(6).toString('hex')}`;
/** Shaped like a real bot token: the application id in base64, a timestamp part, an HMAC part. */
const DISCORD_TOKEN = `${Buffer.from('700000000000000100').toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(20).toString('base64url')}`;
const DESK = { slack: 'C0DESK', discord: '810000000000000001' };
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const DISCORD_PUBLIC_KEY = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

const HOSTILE_FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>&lt;!channel&gt; Evil Wire @everyone</title><link>https://evil.example/</link>
<item>
  <title>&lt;!channel&gt; @everyone @here ＠everyone &lt;@U0ADMIN&gt; &lt;!subteam^S0TEAM|@desk&gt; CECOT guards &lt;@&amp;810000000000000009&gt; &lt;@!810000000000000008&gt; &#64;channel</title>
  <link>https://evil.example/a|&lt;!here&gt;</link>
  <guid isPermaLink="false">hostile-a</guid>
  <pubDate>${new Date().toUTCString()}</pubDate>
  <description>&lt;b&gt;@every&lt;/b&gt;one in the CECOT prison &lt;!everyone&gt; [@everyone](https://evil.example/b) &lt;https://evil.example/c|@here&gt; &#27;[2J&#27;[31mred&#27;[0m</description>
</item>
<item>
  <title>Tecoluca: CECOT visit @here &lt;!here&gt; lamp cobalt heron</title>
  <link>https://evil.example/d</link>
  <guid isPermaLink="false">hostile-b</guid>
  <pubDate>${new Date().toUTCString()}</pubDate>
  <description>Families wait outside the CECOT prison &lt;@U0OWNER&gt; @channel.</description>
</item>
</channel></rss>`;

const prefix = uniqueName('rel-sec');
const redis: Redis = connectTestRedis();
let stores: Stores;
let slack: FakeSlack;
let discord: FakeDiscord;
let host: FeedHost;
let dir: string;
let child: ChildProcess;
let port: number;
const output: string[] = [];
const startedMs = Date.now();

function redisUrlWithPassword(): string {
  const url = new URL(TEST_REDIS_URL);
  url.password = REDIS_PASSWORD;
  return url.href;
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

beforeAll(async () => {
  stores = createRedisStores(redis, prefix, 90);
  slack = await startFakeSlack();
  slack.users.set('U0ADMIN', { is_admin: true });
  slack.users.set('U0USER', {});
  discord = await startFakeDiscord({ token: DISCORD_TOKEN, applicationId: '700000000000000100' });
  host = await startFeedHost();
  let lockedRequests = 0;
  host.behaviours.set('/locked.xml', (req, res) => {
    lockedRequests += 1;
    if (req.headers.authorization !== basic(FEED_USER, FEED_PASSWORD)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="feeds"' });
      return res.end();
    }
    // The first answer fails, so the failure (and the feed's URL) is logged before it works.
    res.writeHead(lockedRequests === 1 ? 500 : 200, { 'content-type': 'application/rss+xml' });
    res.end(lockedRequests === 1 ? 'internal error' : HOSTILE_FEED);
  });
  host.behaviours.set('/refused.xml', (_req, res) => {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="feeds"' });
    res.end();
  });
  const withCredentials = (path: string, password: string) =>
    host.urlOf(path).replace('http://', `http://${FEED_USER}:${password}@`);
  ({ dir } = writeBeatConfig({
    prefix,
    feeds: [
      { url: withCredentials('/locked.xml', FEED_PASSWORD), name: 'locked', pollIntervalMinutes: 0.05 },
      { url: withCredentials('/refused.xml', REFUSED_PASSWORD), name: 'refused', pollIntervalMinutes: 0.05 },
    ],
    main: {
      fetch: { allowPrivateNetworks: true, totalTimeoutMs: 5000 },
      poll: { postOnFirstFetch: true },
      destinations: [
        { id: 'console', type: 'console', topics: ['cecot'] },
        { id: 'slack-desk', type: 'slack', channel: DESK.slack, topics: ['cecot'] },
        { id: 'discord-desk', type: 'discord', channel: DESK.discord, topics: ['cecot'] },
      ],
    },
  }));
  // Chat bursts on the way: every post meets a 429 or a 500 first.
  slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
  slack.failNext('chat.postMessage', { status: 500, retryAfter: 1 });
  discord.failNext('POST', /^\/channels\/\d+\/messages$/, { kind: 'rate-limit', retryAfterSeconds: 1 }, 2);
  discord.failNext('POST', /^\/channels\/\d+\/messages$/, { kind: 'server-error' });

  port = await findFreePort();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|REDIS_URL|BEATWATCH_)/.test(k)),
  );
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      'run',
      '-c',
      join(dir, 'beatwatch.yaml'),
      '--port',
      String(port),
      '--log-level',
      'debug',
    ],
    {
      cwd: ROOT,
      env: {
        ...inherited,
        REDIS_URL: redisUrlWithPassword(),
        SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_PUBLIC_KEY,
        DISCORD_API_URL: discord.apiUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const stream of [child.stdout!, child.stderr!])
    stream.on('data', (d: Buffer) => output.push(d.toString('utf8')));
  await waitFor(
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      return res?.status === 200 && output.join('').includes('answering slash commands');
    },
    'beatwatch run to answer /healthz and slash commands',
    60_000,
  );
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await Promise.all([slack?.close(), discord?.close(), host?.close()]);
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A Discord interaction POSTed to the process, signed unless told otherwise. */
async function interaction(
  body: string,
  options: { timestamp?: string; key?: typeof privateKey; unsigned?: boolean } = {},
) {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), options.key ?? privateKey).toString('hex');
  const res = await fetch(`http://127.0.0.1:${port}/discord/interactions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.unsigned ? {} : { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }),
    },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const refused = { slack: 0, discord: 0 };

describe('beatwatch run with Slack and Discord over HTTP', () => {
  it('refuses unsigned, forged, stale, future-dated and replayed requests on both endpoints', async () => {
    const events = `http://127.0.0.1:${port}/slack/events`;
    const now = Math.floor(Date.now() / 1000);
    const answeredBefore = slack.responses.length;
    for (const options of [
      { secret: null },
      { secret: 'not-the-signing-secret' },
      { timestampSec: now - 6 * 60 },
      { timestampSec: now + 6 * 60 },
    ]) {
      const payload = slashCommand(slack, { text: 'help', user_id: 'U0USER' });
      expect((await postSlashCommand(events, payload, options)).status).toBe(401);
      refused.slack += 1;
    }
    const good = slashCommand(slack, { text: 'help', user_id: 'U0USER' });
    expect((await postSlashCommand(events, good, { timestampSec: now })).status).toBe(200);
    expect((await postSlashCommand(events, good, { timestampSec: now })).status).toBe(401);
    refused.slack += 1;
    await waitFor(() => slack.responses.length > answeredBefore, 'the answer to the good Slack request');

    const commands = Array.from({ length: 5 }, () =>
      discord.commandInteraction({ command: 'cecot', subcommand: 'stats' }),
    );
    const bodies = commands.map((c) => JSON.stringify(c));
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    const answers = [
      await interaction(bodies[0]!, { unsigned: true }),
      await interaction(bodies[1]!, { key: otherKey }),
      await interaction(bodies[2]!, { timestamp: String(now - 6 * 60) }),
      await interaction(bodies[3]!, { timestamp: String(now + 6 * 60) }),
    ];
    for (const a of answers) expect(a.status).toBe(401);
    refused.discord += answers.length;
    const first = await interaction(bodies[4]!, { timestamp: String(now) });
    expect(first.status).toBe(200);
    discord.receiveHttpCallback(commands[4]!.id as string, first.json);
    expect((await interaction(bodies[4]!, { timestamp: String(now) })).status).toBe(401);
    refused.discord += 1;
    await waitFor(
      () =>
        discord.interactions.get(commands[4]!.id as string)!.events.some((e) => e.kind === 'edit-original'),
      'the answer to the good Discord request',
    );
    // Only the good request of each was answered: no refused one reached the handler.
    for (const c of commands.slice(0, 4))
      expect(discord.interactions.get(c.id as string)!.events).toEqual([]);
    const slackAnswered = slack.responses.slice(answeredBefore).map((r) => r.id);
    expect(slackAnswered).toEqual([good.response_url!.split('/').pop()]);
  });

  it('refuses a member who is not an admin, on both platforms', async () => {
    const events = `http://127.0.0.1:${port}/slack/events`;
    const payload = slashCommand(slack, { text: 'subscribe', user_id: 'U0USER', channel_id: 'C0OTHER' });
    expect((await postSlashCommand(events, payload)).status).toBe(200);
    await waitFor(
      () => slack.responses.some((r) => payload.response_url!.endsWith(r.id)),
      'the refusal on Slack',
    );
    const slackReply = slack.responses.find((r) => payload.response_url!.endsWith(r.id))!;
    expect(JSON.stringify(slackReply.body)).toMatch(/not allowed/);

    const command = discord.commandInteraction({
      command: 'cecot',
      subcommand: 'subscribe',
      channelId: '810000000000000077',
    });
    const res = await interaction(JSON.stringify(command));
    discord.receiveHttpCallback(command.id as string, res.json);
    const recorded = discord.interactions.get(command.id as string)!;
    await waitFor(() => recorded.events.some((e) => e.kind === 'edit-original'), 'the refusal on Discord');
    expect(JSON.stringify(recorded.events)).toMatch(/not allowed/);

    expect(await stores.destinations.get(`slack:${FAKE_TEAM_ID}:C0OTHER`)).toBeNull();
    expect(await stores.destinations.get(`discord:${FAKE_GUILD_ID}:810000000000000077`)).toBeNull();
    // An admin may (Manage Server on Discord): the refusals were about rights, not a broken command.
    const admin = discord.commandInteraction({
      command: 'cecot',
      subcommand: 'subscribe',
      channelId: '810000000000000078',
      permissions: PermissionFlagsBits.ManageGuild,
    });
    discord.receiveHttpCallback(admin.id as string, (await interaction(JSON.stringify(admin))).json);
    await waitFor(
      async () => (await stores.destinations.get(`discord:${FAKE_GUILD_ID}:810000000000000078`)) !== null,
      'the admin subscription',
    );
  });

  it('posts the hostile stories to Slack, Discord and the console without a live mention', async () => {
    const hostile = (text: string) => /CECOT guards|CECOT visit/.test(text);
    await waitFor(
      () =>
        slack.posts(DESK.slack).filter((p) => hostile(p.text)).length === 2 &&
        discord.channelPosts(DESK.discord).filter((p) => hostile(JSON.stringify(p.body))).length === 2 &&
        (output.join('').match(/CECOT (guards|visit)/g) ?? []).length >= 2,
      'both hostile stories on every platform',
      90_000,
    );
    const slackPosts = slack.posts();
    const discordPosts = discord.channelPosts();
    const stdout = output.join('');
    expect(slackPosts.flatMap(slackMentions)).toEqual([]);
    expect(discordPosts.flatMap((p) => discordMentions(p.body))).toEqual([]);
    expect(consoleMentions(stdout)).toEqual([]);
    // No escape sequence from a feed reaches the terminal either.
    expect(stdout).not.toContain('\u001b[');
    recordFigures({
      category: 'security',
      scenario: 'hostile feed text rendered on Slack, Discord and the console',
      figures: {
        'Slack posts checked': slackPosts.length,
        'Discord posts checked': discordPosts.length,
        'console characters checked': stdout.length,
        'live mentions': 0,
      },
      durationMs: Date.now() - startedMs,
    });
  });

  it('never writes a configured secret or a feed password in any line', async () => {
    // The refused feed has failed and the locked one recovered: their URLs have been logged.
    await waitFor(
      async () => {
        const states = await stores.feeds.list();
        return (
          states.some((s) => s.lastError?.startsWith('http-status')) &&
          states.some((s) => s.lastSuccessAtMs !== null)
        );
      },
      'a failing and a recovered feed',
      60_000,
    );
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    const lines = output.join('').split('\n');
    const secrets: Record<string, string> = {
      SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      DISCORD_TOKEN,
      'DISCORD_TOKEN (its last part)': DISCORD_TOKEN.split('.').pop()!,
      DISCORD_PUBLIC_KEY,
      'REDIS_URL password': REDIS_PASSWORD,
      'feed password': FEED_PASSWORD,
      'feed password, refused feed': REFUSED_PASSWORD,
      'feed credentials as Basic auth': basic(FEED_USER, FEED_PASSWORD).slice(6),
      'refused feed credentials as Basic auth': basic(FEED_USER, REFUSED_PASSWORD).slice(6),
    };
    const leaks = lines.flatMap((line, i) =>
      Object.entries(secrets)
        .filter(([, value]) => line.includes(value))
        .map(([name]) => `line ${i + 1}: ${name}`),
    );
    expect(leaks).toEqual([]);
    // The lines scanned include the feeds' failures with their URLs and the refused requests.
    const text = lines.join('\n');
    expect(text).toContain('[redacted]@127.0.0.1');
    expect(text).toMatch(/refused a request not signed by Slack just now/);
    recordFigures({
      category: 'security',
      scenario: 'a beatwatch run process at debug level: signatures, replays, admins, secrets in logs',
      figures: {
        'Slack requests refused (unsigned, forged, stale, future, replayed)': refused.slack,
        'Discord requests refused (unsigned, forged, stale, future, replayed)': refused.discord,
        'non-admin subscribes refused': 2,
        'output lines scanned': lines.filter(Boolean).length,
        'secrets looked for': Object.keys(secrets).length,
        'lines with a secret': leaks.length,
      },
      durationMs: Date.now() - startedMs,
    });
  });
});
