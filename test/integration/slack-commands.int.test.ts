/**
 * `/cecot` subcommands on Slack in HTTP mode, end to end: signed slash commands POSTed to
 * beatwatch's own HTTP server (`/slack/events`), the real bolt app answering through the fake
 * Slack's `response_url`, real Redis. Unsigned, forged, stale, future-dated and replayed requests
 * get 401 and are never answered. Follows, quiet hours, digests, feeds and figures are run on both
 * platforms by `chat-commands.int.test.ts`.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandContextOf, createCommandHandler } from '../../src/chat/core/commands.js';
import { createSlackPlatform, slackOptionsFromConfig } from '../../src/chat/slack/index.js';
import { silentLogger } from '../../src/log.js';
import type { Service } from '../../src/service/start.js';
import { createRedisStores } from '../../src/store/index.js';
import { FAKE_TEAM_ID, type FakeSlack, startFakeSlack, waitFor } from '../helpers/fake-slack.js';
import { startTestServer } from '../helpers/http-server.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../helpers/redis.js';
import { postSlashCommand, slashCommand } from '../helpers/slack-requests.js';
import { storeStories } from '../helpers/stories.js';
import { deathsDiffer, storedStory as stored } from '../unit/chat/story-items.js';
import {
  responsesTo,
  runSlashCommand,
  shownText,
  slackTestConfig,
  startSlackService,
} from './slack-support.js';

const DAY = 86_400_000;
const redis: Redis = connectTestRedis();
const prefix = uniqueName('slack-cmd');
let fake: FakeSlack;
let service: Service;
let eventsUrl: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.users.set('U0ADMIN', { is_admin: true });
  fake.users.set('U0USER', {});
  service = await startSlackService({
    fake,
    prefix,
    mode: 'http',
    roles: ['bot', 'http'],
    admins: ['U0LISTED'],
  });
  eventsUrl = `http://127.0.0.1:${service.httpPort}/slack/events`;
  const recent = new Date(Date.now() - 3_600_000).toISOString();
  await storeStories(redis, prefix, service.stores.stories, [
    stored({ title: 'Judge hears Ábrego García case', cluster: 'a', published: recent }),
    stored({
      title: 'Rights group counts 473 deaths',
      cluster: 'b',
      published: recent,
      factChanges: [deathsDiffer()],
    }),
    stored({
      title: '<!channel> @everyone <script>alert(1)</script> CECOT transfer',
      cluster: 'c',
      published: recent,
      source: { feedUrl: 'https://evil.example/feed', name: '<@U0ADMIN> Evil Wire' },
      link: 'https://evil.example/x?a=1&b=<2>',
    }),
  ]);
  await service.stores.feeds.register({
    url: 'https://feeds.example/ledger.xml',
    topic: 'cecot',
    name: 'Ledger',
  });
});

afterAll(async () => {
  await service?.stop();
  await fake?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

/** Sends `/cecot <text>` signed, as `user`, and returns the HTTP status and the answer's posts. */
const run = (text: string, user?: string, channel?: string) =>
  runSlashCommand(fake, eventsUrl, text, user, channel);

describe('Slack HTTP mode: refused requests', () => {
  it('answers 401 to unsigned, forged, stale and future-dated requests and never runs the command', async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      { secret: null },
      { secret: 'not-the-signing-secret' },
      { timestampSec: now - 6 * 60 },
      { timestampSec: now + 6 * 60 },
    ];
    const urls: string[] = [];
    for (const options of refused) {
      const payload = slashCommand(fake, { text: 'subscribe', user_id: 'U0ADMIN' });
      urls.push(payload.response_url!);
      expect((await postSlashCommand(eventsUrl, payload, options)).status).toBe(401);
    }
    // A good request after them is answered; none of the refused ones ever was.
    await run('help');
    const ids = urls.map((u) => u.split('/').pop());
    expect(fake.responses.filter((r) => ids.includes(r.id))).toEqual([]);
    expect(await service.stores.destinations.get(`slack:${FAKE_TEAM_ID}:C0CHAN`)).toBeNull();
  });

  it('answers 503 to a command that arrives before the app is ready, and answers it once it is', async () => {
    const config = slackTestConfig({ fake, prefix, mode: 'http', roles: [] });
    const stores = createRedisStores(redis, prefix, 90);
    const platform = createSlackPlatform({
      ...slackOptionsFromConfig(config)!,
      answer: createCommandHandler(
        commandContextOf(stores, { topics: config.topics, retentionMs: DAY * 90, now: Date.now }),
      ),
      logger: silentLogger(),
      redis,
      prefix,
    });
    const server = await startTestServer((req, res) => {
      void (async () => {
        if (!(await platform.routes[0]!(req, res))) res.writeHead(404).end();
      })();
    });
    try {
      const url = `${server.url}/slack/events`;
      expect((await postSlashCommand(url, slashCommand(fake, { text: 'stats' }))).status).toBe(503);
      // Still starting: bolt has its app but has not checked the token yet.
      const release = fake.holdNext('auth.test');
      const starting = platform.startCommands();
      await waitFor(() => fake.calls('auth.test').length > 0, 'the token check');
      expect((await postSlashCommand(url, slashCommand(fake, { text: 'stats' }))).status).toBe(503);
      release();
      await starting;
      const payload = slashCommand(fake, { text: 'stats' });
      expect((await postSlashCommand(url, payload)).status).toBe(200);
      expect(shownText((await responsesTo(fake, payload.response_url!, 1))[0]!.body)).toContain(
        'Known figures',
      );
    } finally {
      await platform.close();
      await server.close();
    }
  });

  it('answers 401 to a replay of a good request (same signature, same timestamp) and runs it once', async () => {
    const payload = slashCommand(fake, { text: 'help', user_id: 'U0USER' });
    const timestampSec = Math.floor(Date.now() / 1000) - 30;
    expect((await postSlashCommand(eventsUrl, payload, { timestampSec })).status).toBe(200);
    await responsesTo(fake, payload.response_url!);
    expect((await postSlashCommand(eventsUrl, payload, { timestampSec })).status).toBe(401);
    // The same command signed again at another time is a new request, and is answered.
    expect((await postSlashCommand(eventsUrl, payload, { timestampSec: timestampSec + 1 })).status).toBe(200);
    await responsesTo(fake, payload.response_url!, 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responses.filter((r) => r.id === payload.response_url!.split('/').pop())).toHaveLength(2);
  });

  it('passes other paths on and refuses other methods', async () => {
    expect((await fetch(eventsUrl)).status).toBe(405);
    expect((await fetch(`http://127.0.0.1:${service.httpPort}/slack/other`, { method: 'POST' })).status).toBe(
      404,
    );
  });
});

describe('Slack HTTP mode: every command', () => {
  it('acknowledges with an empty 200, then answers stats privately through response_url', async () => {
    const { http, responses, shown } = await run('stats');
    expect(http.body).toBe('');
    expect(responses).toHaveLength(1);
    expect(responses[0]!.body.response_type).toBe('ephemeral');
    expect(shown).toContain('figures and coverage');
    expect(shown).toContain('473');
  });

  it('latest: default, a count, and a bad count', async () => {
    expect((await run('latest')).shown).toContain('Ábrego García');
    const two = await run('latest 2');
    expect(two.responses[0]!.body.response_type).toBe('ephemeral');
    const bad = await run('latest lots');
    expect(bad.shown).toContain('"lots" is not a valid count');
    expect((await run('latest 99')).shown).toContain('not a valid count');
  });

  it('search: found, accents optional, and missing words', async () => {
    expect((await run('search abrego garcia')).shown).toContain('Ábrego García');
    expect((await run('search')).shown).toContain('search needs some words');
  });

  it('facts, help, sources, an empty command and an unknown one', async () => {
    expect((await run('facts')).shown).toContain('known figures');
    const help = await run('help');
    expect(help.shown).toContain('/cecot latest [n]');
    expect((await run('')).shown).toContain('/cecot subscribe');
    const unknown = await run('frobnicate now');
    expect(unknown.shown).toContain('There is no "frobnicate" command');
    expect(unknown.shown).toContain('/cecot stats');
    expect((await run('sources')).shown).toContain('Ledger');
  });

  it('renders hostile feed text and typed text without a live mention or link', async () => {
    const { responses } = await run('search <!channel> @everyone transfer');
    const latest = await run('latest');
    for (const response of [...responses, ...latest.responses]) {
      const json = JSON.stringify(response.body);
      expect(json).not.toMatch(/<[!@#]/);
      expect(json).not.toContain('<script');
      expect(shownText(response.body)).not.toMatch(/@(everyone|here|channel)\b/);
    }
    expect(latest.shown).toContain('<https://evil.example/x?a=1&b=%3C2%3E|');
  });

  it('subscribe: a member is refused, an admin (workspace or listed) subscribes the channel for everyone to see', async () => {
    const refused = await run('subscribe', 'U0USER', 'C0SUB');
    expect(refused.shown).toContain('Only admins can run /cecot subscribe');
    expect(refused.responses[0]!.body.response_type).toBe('ephemeral');
    const id = `slack:${FAKE_TEAM_ID}:C0SUB`;
    expect(await service.stores.destinations.get(id)).toBeNull();

    const accepted = await run('subscribe', 'U0ADMIN', 'C0SUB');
    expect(accepted.responses[0]!.body.response_type).toBe('in_channel');
    expect(accepted.shown).toContain('This channel now gets an alert');
    expect(await service.stores.destinations.get(id)).toMatchObject({
      type: 'slack',
      channel: 'C0SUB',
      topics: ['cecot'],
    });

    const listed = await run('subscribe', 'U0LISTED', 'C0LISTED');
    expect(listed.responses[0]!.body.response_type).toBe('in_channel');
  });

  it('unsubscribe: a member is refused, an admin unsubscribes', async () => {
    expect((await run('unsubscribe', 'U0USER', 'C0SUB')).shown).toContain('Only admins');
    const done = await run('unsubscribe', 'U0ADMIN', 'C0SUB');
    expect(done.shown).toContain('no longer gets');
    expect((await service.stores.destinations.get(`slack:${FAKE_TEAM_ID}:C0SUB`))?.topics).toEqual([]);
  });

  it('asks Slack whether a caller is an admin only when the command needs it, once per caller', async () => {
    const asked = fake.calls('users.info').map((r) => r.body.user);
    expect(new Set(asked)).toEqual(new Set(['U0USER', 'U0ADMIN']));
    expect(asked).toHaveLength(2);
  });
});

describe('Slack HTTP mode: rate limits on the command path', () => {
  it('an answer refused with 429 is posted again after Retry-After and arrives once', async () => {
    fake.failNext('response_url', { status: 429, retryAfter: 1 });
    const { payload, responses, shown } = await run('stats', 'U0USER');
    expect(shown).toContain('CECOT');
    const path = new URL(payload.response_url!).pathname;
    const tries = fake.requests.filter((r) => r.path === path);
    expect(tries).toHaveLength(2);
    expect(responses).toHaveLength(1);
  });

  it('a 429 on users.info tells an admin to try again in N s instead of refusing them', async () => {
    fake.users.set('U0ADMIN2', { is_admin: true });
    fake.failNext('users.info', { status: 429, retryAfter: 7 });
    const later = await run('subscribe', 'U0ADMIN2', 'C0LATER');
    expect(later.shown).toContain('Try again in 7 s');
    expect(later.shown).not.toContain('Only admins');
    expect(later.responses[0]!.body.response_type).toBe('ephemeral');
    expect(await service.stores.destinations.get(`slack:${FAKE_TEAM_ID}:C0LATER`)).toBeNull();
    const again = await run('subscribe', 'U0ADMIN2', 'C0LATER');
    expect(again.shown).toContain('This channel now gets an alert');
  });
});
