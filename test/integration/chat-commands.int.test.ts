/**
 * The commands that manage follows, digests, feeds and figures, on Slack and on Discord alike,
 * each run by a member and by an admin through the real SDKs: Slack's signed slash commands over
 * HTTP (bolt answering through `response_url`), Discord's interactions through the gateway
 * (discord.js answering through the interaction webhook), the whole service behind them on real
 * Redis, and a local feed server for `sources add`. The same cases run on both platforms, typed
 * as each platform's people type them.
 */
import { createHash } from 'node:crypto';
import { PermissionFlagsBits } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPlatformType } from '../../src/chat/core/request.js';
import { digestSchedulerId } from '../../src/digest/schedule.js';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import type { Service } from '../../src/service/start.js';
import { FAKE_CHANNEL_ID, FAKE_GUILD_ID, startFakeDiscord } from '../helpers/fake-discord.js';
import { FAKE_TEAM_ID, startFakeSlack } from '../helpers/fake-slack.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { storeStories } from '../helpers/stories.js';
import { askOverGateway, discordPlatformFor, embedText, sampleStories, waitFor } from './discord-support.js';
import { type FeedServer, readRound, startFeedServer, testConfig } from './service-support.js';
import { runSlashCommand, startSlackService } from './slack-support.js';

type Who = 'member' | 'admin';

/** A command as each platform's people type it. */
interface Command {
  slack: string;
  discord: { subcommand: string; options?: Record<string, string | number | boolean> };
}

/** An answer as its reader sees it, and who sees it. */
interface Answer {
  text: string;
  visibility: 'private' | 'channel';
}

/** One platform under test: the service behind it, and how its people run commands. */
interface Platform {
  service: Service;
  /** The destination of a person's direct messages, and their user id. */
  dm(who: Who): string;
  user(who: Who): string;
  /** The destination of the channel the commands are typed in. */
  channel: string;
  run(command: Command, who: Who): Promise<Answer>;
  close(): Promise<void>;
}

const redis: Redis = connectTestRedis();
const prefixes: string[] = [];
let feeds: FeedServer;

beforeAll(async () => {
  const round1 = readRound(1);
  feeds = await startFeedServer(
    new Map([
      ['ledger.xml', round1.get('isthmus-ledger.xml')!],
      ['configured.xml', round1.get('continental-wire.atom')!],
      ['page.xml', '<!doctype html><html><head><title>Not a feed</title></head><body>Hello</body></html>'],
    ]),
  );
});

afterAll(async () => {
  await feeds?.close();
  for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
  await redis.quit();
});

const feedUrl = (name: string) => `${feeds.url}/feeds/${name}`;

/** Slack in HTTP mode: `U0ADMIN` is a workspace admin, `U0MEMBER` is not. */
async function slackPlatform(prefix: string): Promise<Platform> {
  const fake = await startFakeSlack();
  fake.users.set('U0ADMIN', { is_admin: true });
  fake.users.set('U0MEMBER', {});
  const service = await startSlackService({
    fake,
    prefix,
    mode: 'http',
    roles: ['bot', 'http'],
    feeds: [{ url: feedUrl('configured.xml'), name: 'Configured Wire' }],
  });
  const eventsUrl = `http://127.0.0.1:${service.httpPort}/slack/events`;
  const user = (who: Who) => (who === 'admin' ? 'U0ADMIN' : 'U0MEMBER');
  return {
    service,
    user,
    dm: (who) => `slack:${FAKE_TEAM_ID}:@${user(who)}`,
    channel: `slack:${FAKE_TEAM_ID}:C0NEWS`,
    async run(command, who) {
      const { responses, shown } = await runSlashCommand(fake, eventsUrl, command.slack, user(who), 'C0NEWS');
      const types = new Set(responses.map((r) => r.body.response_type));
      expect(types.size, 'every part of an answer is seen by the same people').toBe(1);
      return { text: shown, visibility: types.has('in_channel') ? 'channel' : 'private' };
    },
    async close() {
      await service.stop();
      await fake.close();
    },
  };
}

/** Discord over the gateway: the admin has Manage Server, the member does not. */
async function discordPlatform(prefix: string): Promise<Platform> {
  const fake = await startFakeDiscord();
  const service = await startBeatwatch({
    config: testConfig({
      prefix,
      feeds: [{ url: feedUrl('configured.xml'), name: 'Configured Wire' }],
      redisUrl: TEST_REDIS_URL,
      destinations: [],
    }),
    roles: ['bot', 'http'],
    logger: silentLogger(),
    httpPort: 0,
    chat: (deps) => [discordPlatformFor(fake, deps)],
  });
  await waitFor(() => fake.readySessions() === 1, 'the gateway session');
  const user = (who: Who) => (who === 'admin' ? '720000000000000002' : '720000000000000001');
  // Discord's markdown escapes, taken out so the tests read what people read.
  const shown = (body: Record<string, unknown> | undefined) => embedText(body).replace(/\\(.)/g, '$1');
  return {
    service,
    user,
    dm: (who) => `discord:-:@${user(who)}`,
    channel: `discord:${FAKE_GUILD_ID}:${FAKE_CHANNEL_ID}`,
    async run(command, who) {
      const answer = await askOverGateway(fake, {
        ...command.discord,
        userId: user(who),
        permissions:
          who === 'admin'
            ? PermissionFlagsBits.ManageGuild
            : PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageChannels,
      });
      const forChannel = answer.followUps.some((f) => !('flags' in f));
      const parts = forChannel ? answer.followUps : [answer.edit, ...answer.followUps];
      return { text: parts.map(shown).join('\n'), visibility: forChannel ? 'channel' : 'private' };
    },
    async close() {
      await service.stop();
      await fake.close();
    },
  };
}

const PLATFORMS: Record<ChatPlatformType, (prefix: string) => Promise<Platform>> = {
  slack: slackPlatform,
  discord: discordPlatform,
};

/** The sample stories, keyed as ingest keys them (hex), so `follow <id>` finds them. */
const stories = sampleStories(Date.now()).map((s) => ({
  ...s,
  key: createHash('sha1').update(s.key).digest('hex').slice(0, 20),
}));

describe.each(Object.keys(PLATFORMS) as ChatPlatformType[])('on %s', (name) => {
  let chat: Platform;
  const run = (slack: string, discord: Command['discord'], who: Who = 'member') =>
    chat.run({ slack, discord }, who);

  beforeAll(async () => {
    const prefix = uniqueName(`chat-cmd-${name}`);
    prefixes.push(prefix);
    chat = await PLATFORMS[name](prefix);
    await storeStories(redis, prefix, chat.service.stores.stories, stories);
  });

  afterAll(async () => {
    await chat?.close();
  });

  it('follow, following, unfollow: a member follows words in their direct messages, once', async () => {
    const words = '"Ábrego García" OR Boasberg -bitcoin';
    const follow = () => run(`follow ${words}`, { subcommand: 'follow', options: { keywords: words } });
    const first = await follow();
    expect(first.visibility).toBe('private');
    expect(first.text).toContain(
      'Following "abrego garcia" OR boasberg -bitcoin: each new matching story comes to your direct messages once',
    );
    const { stores } = chat.service;
    expect(await stores.destinations.get(chat.dm('member'))).toMatchObject({
      type: name,
      channel: `@${chat.user('member')}`,
      topics: [],
    });
    expect(await stores.follows.list('cecot')).toEqual([
      expect.objectContaining({
        destinationId: chat.dm('member'),
        kind: 'keywords',
        query: '"abrego garcia" OR boasberg -bitcoin',
      }),
    ]);
    expect((await follow()).text).toContain('Already following');

    const listed = await run('following', { subcommand: 'following' });
    expect(listed.text).toContain('You follow:\n"abrego garcia" OR boasberg -bitcoin\nNo quiet hours.');
    expect((await run('following', { subcommand: 'following' }, 'admin')).text).toContain(
      'You follow nothing on this beat yet',
    );
    expect(
      (await run('follow -bitcoin', { subcommand: 'follow', options: { keywords: '-bitcoin' } })).text,
    ).toContain('A follow needs at least one word to look for, not only exclusions.');

    const stop = () => run(`unfollow ${words}`, { subcommand: 'unfollow', options: { keywords: words } });
    expect((await stop()).text).toContain(
      'No longer following "abrego garcia" OR boasberg -bitcoin in your direct messages.',
    );
    expect((await stop()).text).toContain('There is no follow "abrego garcia" OR boasberg -bitcoin');
    expect(await stores.follows.list('cecot')).toEqual([]);
  });

  it('follow a story by its id: its follow-ups only; an unknown id is refused', async () => {
    const id = stories[0]!.key.slice(0, 8);
    const answer = await run(`follow ${id}`, { subcommand: 'follow', options: { keywords: id } });
    expect(answer.text).toContain(`Following story ${id} ("Judge hears Ábrego García case")`);
    expect(await chat.service.stores.follows.list('cecot')).toEqual([
      expect.objectContaining({ destinationId: chat.dm('member'), kind: 'story', query: id, cluster: 'a' }),
    ]);
    expect(
      (await run('follow #deadbeef', { subcommand: 'follow', options: { keywords: '#deadbeef' } })).text,
    ).toContain('No story with id deadbeef on this beat');
    expect(
      (await run(`unfollow ${id}`, { subcommand: 'unfollow', options: { keywords: id } })).text,
    ).toContain(`No longer following "${id}"`);
  });

  it('follow channel: a member is refused; an admin follows for the channel, and the channel is told', async () => {
    const channelFollow = { subcommand: 'follow', options: { keywords: 'cecot', channel: true } };
    const refused = await run('follow channel cecot', channelFollow);
    expect(refused).toMatchObject({ visibility: 'private' });
    expect(refused.text).toContain("Only admins can change this channel's follows");
    expect(await chat.service.stores.follows.list('cecot')).toEqual([]);

    const done = await run('follow channel cecot', channelFollow, 'admin');
    expect(done.visibility).toBe('channel');
    expect(done.text).toContain('Following "cecot": each new matching story comes to this channel once');
    expect((await chat.service.stores.follows.list('cecot')).map((f) => f.destinationId)).toEqual([
      chat.channel,
    ]);
    const listed = await run('following channel', { subcommand: 'following', options: { channel: true } });
    expect(listed.text).toContain('This channel follows:\n"cecot"');

    const unfollow = { subcommand: 'unfollow', options: { keywords: 'cecot', channel: true } };
    expect((await run('unfollow channel cecot', unfollow)).text).toContain('Only admins');
    expect((await run('unfollow channel cecot', unfollow, 'admin')).text).toContain(
      'No longer following "cecot" in this channel.',
    );
  });

  it('quiet: a person sets, sees and clears their quiet hours; bad spans and zones are refused', async () => {
    const quiet = (hours: string, timezone?: string) =>
      run(`quiet ${hours}${timezone ? ` ${timezone}` : ''}`, {
        subcommand: 'quiet',
        options: { hours, ...(timezone ? { timezone } : {}) },
      });
    expect((await quiet('22:00-07:00')).text).toContain(
      'Quiet hours: 22:00-07:00 (America/El_Salvador). Follow alerts in those hours wait until they end.',
    );
    const madrid = await quiet('23:30-06:00', 'Europe/Madrid');
    expect(madrid).toMatchObject({ visibility: 'private' });
    expect(madrid.text).toContain('Quiet hours: 23:30-06:00 (Europe/Madrid).');
    expect((await chat.service.stores.destinations.get(chat.dm('member')))?.settings).toMatchObject({
      quietHours: '23:30-06:00',
      quietZone: 'Europe/Madrid',
    });
    expect((await run('following', { subcommand: 'following' })).text).toContain(
      'Quiet hours: 23:30-06:00 (Europe/Madrid).',
    );
    expect((await quiet('9-5')).text).toContain('"9-5" is not a span of hours');
    expect((await quiet('22:00-07:00', 'Mars/Base')).text).toContain('"Mars/Base" is not a time zone');
    expect((await quiet('off')).text).toContain('Quiet hours are off');
    expect((await run('following', { subcommand: 'following' })).text).toContain('No quiet hours.');
  });

  it('digest: anyone posts it now; only admins turn it on or off, which schedules it at once', async () => {
    const digest =
      (action: string, words = '', options: Record<string, string> = {}) =>
      (who: Who) =>
        run(
          `digest ${action}${words ? ` ${words}` : ''}`,
          {
            subcommand: 'digest',
            options: { action, ...options },
          },
          who,
        );
    const now = await digest('now')('member');
    expect(now.visibility).toBe('channel');
    expect(now.text).toMatch(/— digest, \d{4}-\d{2}-\d{2}/);
    expect(now.text).toContain('Judge hears Ábrego García case');

    const on = digest('on', '07:30 Europe/Madrid', { time: '07:30', timezone: 'Europe/Madrid' });
    const refused = await on('member');
    expect(refused).toMatchObject({ visibility: 'private' });
    expect(refused.text).toContain("Only admins can turn this channel's digest on or off");
    const scheduler = () =>
      chat.service.queues.digest.getJobScheduler(digestSchedulerId('cecot', chat.channel));
    expect(await scheduler()).toBeUndefined();

    const turnedOn = await on('admin');
    expect(turnedOn.visibility).toBe('channel');
    expect(turnedOn.text).toContain(
      "This channel now gets the beat's digest every day at 07:30 (Europe/Madrid time)",
    );
    expect(await scheduler()).toMatchObject({ pattern: '0 30 7 * * *', tz: 'Europe/Madrid' });
    expect((await digest('on', '25:00', { time: '25:00' })('admin')).text).toContain(
      '"25:00" is not a time of day',
    );

    const off = digest('off');
    expect((await off('member')).text).toContain("Only admins can turn this channel's digest on or off");
    expect(await scheduler()).toBeDefined();
    const turnedOff = await off('admin');
    expect(turnedOff.visibility).toBe('channel');
    expect(turnedOff.text).toContain('This channel no longer gets the daily digest.');
    expect(await scheduler()).toBeUndefined();
    expect((await off('admin')).text).toContain('This channel gets no digest.');
  });

  it('sources add, remove, resume: admins only; what is not a feed is refused with the parser’s reason', async () => {
    const { feeds: feedStore } = chat.service.stores;
    const ledger = feedUrl('ledger.xml');
    // Slack sends a URL typed in a command as `<url>`.
    const sources = (action: string, url: string) => (who: Who) =>
      run(
        `sources ${action} ${name === 'slack' ? `<${url}>` : url}`,
        {
          subcommand: 'sources',
          options: { action, url },
        },
        who,
      );

    const refused = await sources('add', ledger)('member');
    expect(refused).toMatchObject({ visibility: 'private' });
    expect(refused.text).toContain('Only admins can run /cecot sources add');
    expect(await feedStore.get(ledger)).toBeNull();

    const notFeed = await sources('add', feedUrl('page.xml'))('admin');
    expect(notFeed).toMatchObject({ visibility: 'private' });
    expect(notFeed.text).toMatch(/Not added: .*page\.xml: it is not a feed beatwatch can read: /);

    const added = await sources('add', ledger)('admin');
    expect(added.visibility).toBe('channel');
    expect(added.text).toContain('Now following "The Isthmus Ledger"');
    expect(await feedStore.get(ledger)).toMatchObject({
      topic: 'cecot',
      addedBy: `${name} user ${chat.user('admin')}`,
      paused: false,
    });
    expect((await sources('add', ledger)('admin')).text).toContain('it is already a feed of this beat');

    expect((await sources('resume', ledger)('member')).text).toContain(
      'Only admins can run /cecot sources resume',
    );
    expect((await sources('resume', ledger)('admin')).text).toContain('is not paused');
    await feedStore.pause(ledger, 'gone (410)');
    const resumed = await sources('resume', ledger)('admin');
    expect(resumed.visibility).toBe('channel');
    expect(resumed.text).toContain('is resumed: it is polled again from now.');
    expect(await feedStore.get(ledger)).toMatchObject({ paused: false });

    // A feed from the configuration files stays there.
    await feedStore.register({ url: feedUrl('configured.xml'), topic: 'cecot', name: 'Configured Wire' });
    expect((await sources('remove', feedUrl('configured.xml'))('admin')).text).toContain(
      "comes from the beat's configuration file; remove it there.",
    );
    expect((await sources('remove', ledger)('member')).text).toContain(
      'Only admins can run /cecot sources remove',
    );
    const removed = await sources('remove', ledger)('admin');
    expect(removed.visibility).toBe('channel');
    expect(removed.text).toContain('No longer following');
    expect(await feedStore.get(ledger)).toBeNull();
  });

  it('facts accept: admins only; the figure becomes the known one, credited, and the history keeps every report', async () => {
    const { facts } = chat.service.stores;
    await facts.report('cecot', {
      metric: 'deaths_in_custody',
      value: 473,
      qualifier: 'exact',
      source: 'continentalwire.example',
      date: '2026-11-27',
    });
    const accept = (who: Who) =>
      run(
        'facts accept deaths_in_custody 473',
        {
          subcommand: 'facts',
          options: { action: 'accept', metric: 'deaths_in_custody', value: '473' },
        },
        who,
      );
    const refused = await accept('member');
    expect(refused).toMatchObject({ visibility: 'private' });
    expect(refused.text).toContain('Only admins can run /cecot facts accept');
    expect((await facts.known('cecot')).find((f) => f.metric === 'deaths_in_custody')?.value).not.toBe(473);

    const accepted = await accept('admin');
    const platformName = name === 'slack' ? 'Slack' : 'Discord';
    expect(accepted.visibility).toBe('channel');
    expect(accepted.text).toContain(
      `473 (reported by continentalwire.example, 2026-11-27) is now the known figure, accepted by ${platformName} user ${chat.user('admin')}`,
    );
    expect((await facts.known('cecot')).find((f) => f.metric === 'deaths_in_custody')).toMatchObject({
      value: 473,
    });
    const history = await facts.history('cecot', 'deaths_in_custody');
    expect(history).toEqual([
      expect.objectContaining({ value: 473, source: 'continentalwire.example' }),
      expect.objectContaining({ value: 473, acceptedBy: `${platformName} user ${chat.user('admin')}` }),
    ]);
    expect(history[0]).not.toHaveProperty('acceptedBy');
    expect((await accept('admin')).text).toContain('is already the known figure');
    expect((await run('facts', { subcommand: 'facts' })).text).toMatch(/Deaths in custody[^\n]*473/);
  });
});
