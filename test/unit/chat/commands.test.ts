import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CommandContext,
  commandContextOf,
  createCommandHandler,
} from '../../../src/chat/core/commands.js';
import type { Caller, CommandInput, CommandReply } from '../../../src/chat/core/request.js';
import { buildSearchReply } from '../../../src/chat/core/search.js';
import { createRedisStores, type Stores } from '../../../src/store/index.js';
import type { StoredStory } from '../../../src/store/types.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';
import { storeStories } from '../../helpers/stories.js';
import { cecotTopic, deathsDiffer, storedStory, type storyItem } from './story-items.js';

const topic = cecotTopic();
const NOW = Date.parse('2026-11-27T18:00:00Z');
const redis: Redis = connectTestRedis();
const prefixes: string[] = [];
let stores: Stores;
let ctx: CommandContext;

function stored(overrides: NonNullable<Parameters<typeof storyItem>[0]>): StoredStory {
  return storedStory(overrides, Date.parse(overrides.published ?? '') || NOW);
}

const stories = [
  stored({ title: 'Judge hears Ábrego García case', cluster: 'a', published: '2026-11-27T10:00:00Z' }),
  stored({
    title: 'Rights group counts 473 deaths',
    cluster: 'b',
    published: '2026-11-27T11:00:00Z',
    factChanges: [deathsDiffer()],
  }),
];

beforeEach(async () => {
  const prefix = uniqueName('commands');
  prefixes.push(prefix);
  stores = createRedisStores(redis, prefix, 90);
  await storeStories(redis, prefix, stores.stories, stories);
  ctx = commandContextOf(stores, { topics: [topic], retentionMs: 90 * 86_400_000, now: () => NOW });
});

afterAll(async () => {
  for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
  await redis.quit();
});

function caller(overrides: Partial<Caller> = {}): Caller {
  return {
    platform: 'slack',
    userId: 'U1',
    workspaceId: 'T1',
    channelId: 'C1',
    isAdmin: async () => false,
    ...overrides,
  };
}

async function ask(input: CommandInput | string, who: Caller = caller()): Promise<CommandReply> {
  return createCommandHandler(ctx)({
    command: 'cecot',
    input: typeof input === 'string' ? { kind: 'text', text: input } : input,
    caller: who,
  });
}

describe('answering commands from the stores', () => {
  it('answers stats, latest, facts and search, privately', async () => {
    const stats = await ask('stats');
    expect(stats.visibility).toBe('private');
    expect(stats.message.sections[0]?.heading).toBe('Known figures');
    expect(stats.message.sections[1]?.lines[0]).toContain('473 reported');
    const latest = await ask('latest');
    expect(latest.message.sections.map((s) => s.heading)).toEqual([
      'Rights group counts 473 deaths',
      'Judge hears Ábrego García case',
    ]);
    expect((await ask('latest 1')).message.sections).toHaveLength(1);
    const facts = await ask('facts');
    expect(facts.message.sections[0]?.heading).toBe('5 figures');
    const search = await ask('search abrego garcia');
    expect(search.message.title).toContain('stories mentioning "abrego garcia"');
    expect(search.message.sections.map((s) => s.heading)).toEqual(['Judge hears Ábrego García case']);
  });

  it('answers Discord-style options the same way as Slack text', async () => {
    const byOptions = await ask(
      { kind: 'options', subcommand: 'latest', options: { count: 1 } },
      caller({ platform: 'discord' }),
    );
    const byText = await ask('latest 1');
    expect(byOptions.message).toEqual(byText.message);
    const search = await ask({ kind: 'options', subcommand: 'search', options: { words: 'abrego garcia' } });
    expect(search.message.sections.map((s) => s.heading)).toEqual(['Judge hears Ábrego García case']);
  });

  it('answers stats from the brief on an empty store', async () => {
    const empty = createRedisStores(redis, uniqueName('commands-empty'), 90);
    const reply = await createCommandHandler({ ...ctx, stories: empty.stories, facts: empty.facts })({
      command: 'cecot',
      input: { kind: 'text', text: 'stats' },
      caller: caller(),
    });
    expect(reply.message.sections[0]?.lines.join('\n')).toContain('454');
  });

  it('answers bad input with help that says what was wrong, never an error', async () => {
    const unknown = await ask('<!channel> now');
    expect(unknown.message.sections[0]?.lines[0]).toMatch(/^There is no ".*" command\.$/);
    expect(JSON.stringify(unknown)).not.toContain('<!channel>');
    const missing = await ask('search');
    expect(missing.message.sections[0]?.lines[0]).toContain('/cecot search Abrego Garcia');
    const badCount = await ask('latest lots');
    expect(badCount.message.sections[0]?.lines[0]).toBe(
      '"lots" is not a valid count for latest: it takes a whole number from 1 to 10.',
    );
    const tooMany = await ask(
      { kind: 'options', subcommand: 'latest', options: { count: 50 } },
      caller({ platform: 'discord' }),
    );
    expect(tooMany.message.sections[0]?.lines[0]).toContain('from 1 to 10');
    expect(tooMany.message.sections[1]?.lines).toContain(
      '/cecot latest [count:<count>] — The most recent stories, one per event, with every outlet',
    );
    const help = await ask('');
    expect(help.message.title).toContain('commands');
  });

  it('tells a command of another beat apart', async () => {
    const reply = await createCommandHandler(ctx)({
      command: 'bitcoin',
      input: { kind: 'text', text: 'stats' },
      caller: caller(),
    });
    expect(reply.message.title).toBe('/bitcoin is not a beat this bot follows');
  });

  it('on a fresh store lists every configured feed of the beat as not polled yet', async () => {
    const reply = await ask('sources');
    const n = topic.feeds.length;
    expect(n).toBeGreaterThan(0);
    expect(reply.message.sections[0]?.lines[0]).toBe(
      `${n} feeds: 0 ok, 0 failing, 0 paused, 0 waiting, ${n} not polled yet`,
    );
  });

  it('lists the beat’s feeds with their health, problems first, configured ones never polled too', async () => {
    const feeds = [
      { url: 'https://feeds.example/b.xml', name: 'B' },
      { url: 'https://feeds.example/new.xml', name: 'New' },
    ];
    ctx = commandContextOf(stores, {
      topics: [{ ...topic, feeds }],
      retentionMs: 90 * 86_400_000,
      now: () => NOW,
    });
    await stores.feeds.register({
      url: 'https://user:secret@feeds.example/a.xml',
      topic: 'cecot',
      name: 'A',
    });
    await stores.feeds.register({ url: 'https://feeds.example/b.xml', topic: 'cecot', name: 'B' });
    await stores.feeds.register({ url: 'https://feeds.example/c.xml', topic: 'other', name: 'C' });
    await stores.feeds.update('https://feeds.example/b.xml', {
      lastPolledAtMs: NOW - 60_000,
      lastStatus: 200,
    });
    await stores.feeds.pause('https://user:secret@feeds.example/a.xml', 'gone (410)');
    const reply = await ask('sources');
    expect(reply.message.sections[0]?.lines[0]).toBe(
      '3 feeds: 1 ok, 0 failing, 1 paused, 0 waiting, 1 not polled yet',
    );
    expect(reply.message.sections.slice(1).map((s) => s.heading)).toEqual(['A', 'New', 'B']);
    expect(reply.message.sections[2]?.lines[0]).toBe('Not polled yet · 0 items');
    expect(reply.message.sections[1]?.lines).toContain('Paused: gone (410)');
    expect(JSON.stringify(reply)).not.toContain('secret');
  });
});

describe('subscribe and unsubscribe', () => {
  it('refuses non-admins and says who may', async () => {
    const reply = await ask('subscribe');
    expect(reply.visibility).toBe('private');
    expect(reply.message.sections[0]?.lines[0]).toContain('Only admins can run /cecot subscribe');
    expect(await stores.destinations.list()).toEqual([]);
    const discord = await ask(
      { kind: 'options', subcommand: 'subscribe', options: {} },
      caller({ platform: 'discord' }),
    );
    expect(discord.message.sections[0]?.lines[0]).toContain('Manage Server');
  });

  it('makes the channel a destination of the beat, once, and lifts a pause', async () => {
    const admin = caller({ isAdmin: async () => true });
    const first = await ask('subscribe', admin);
    expect(first.visibility).toBe('channel');
    expect(await stores.destinations.get('slack:T1:C1')).toMatchObject({
      type: 'slack',
      channel: 'C1',
      topics: ['cecot'],
      paused: null,
    });
    expect((await ask('subscribe', admin)).message.sections[0]?.lines[0]).toContain('already gets');
    await stores.destinations.pause('slack:T1:C1', { reason: 'not_in_channel', atMs: NOW });
    expect((await ask('sources')).message.sections.at(-1)).toEqual({
      heading: 'Destinations paused',
      lines: ['slack C1: not_in_channel (since just now); /cecot subscribe in that channel resumes it'],
    });
    expect((await ask('subscribe', admin)).visibility).toBe('channel');
    expect((await stores.destinations.get('slack:T1:C1'))?.paused).toBeNull();
    const off = await ask('unsubscribe', admin);
    expect(off.visibility).toBe('channel');
    expect((await stores.destinations.get('slack:T1:C1'))?.topics).toEqual([]);
    expect((await ask('unsubscribe', admin)).message.sections[0]?.lines[0]).toContain('does not get');
  });
});

describe('facts accept', () => {
  const report = (value: number, source: string) => ({
    metric: 'deaths_in_custody',
    value,
    qualifier: 'exact' as const,
    source,
    date: '2026-11-20',
  });

  it('lets an admin make a reported figure the known one, crediting the outlet and the admin', async () => {
    await stores.facts.seed('cecot', topic.brief.facts);
    await stores.facts.report('cecot', report(473, 'Diario Ejemplo'));
    const admin = caller({ userId: 'U9', isAdmin: async () => true });
    const refused = await ask('facts accept deaths_in_custody 473');
    expect(refused.message.sections[0]?.lines[0]).toContain('Only admins can run /cecot facts accept');
    const done = await ask('facts accept deaths_in_custody 473', admin);
    expect(done.visibility).toBe('channel');
    expect(done.message.sections[0]?.lines[0]).toBe(
      'Deaths in custody since the crackdown began: 473 (reported by Diario Ejemplo, 2026-11-20) ' +
        'is now the known figure, accepted by Slack user U9 on 2026-11-27.',
    );
    const known = (await stores.facts.known('cecot')).find((f) => f.metric === 'deaths_in_custody');
    expect(known).toMatchObject({ value: 473, asOf: '2026-11-27' });
    expect(known?.source).toContain('accepted by Slack user U9');
    expect((await stores.facts.history('cecot', 'deaths_in_custody')).map((r) => r.value)).toEqual([
      473, 473,
    ]);
    const again = await ask(
      {
        kind: 'options',
        subcommand: 'facts',
        options: { action: 'accept', metric: 'deaths_in_custody', value: '473' },
      },
      admin,
    );
    expect(again.message.sections[0]?.lines[0]).toContain('is already the known figure');
  });

  it('keeps whose figure it is and the outlet name in the accepted figure', async () => {
    await stores.facts.seed('cecot', topic.brief.facts);
    await stores.facts.report('cecot', {
      ...report(473, 'continentalwire.example'),
      outlet: 'Continental Wire',
      attributedTo: 'Socorro Jurídico Humanitario',
    });
    const admin = caller({ userId: 'U9', isAdmin: async () => true });
    const done = await ask('facts accept deaths_in_custody 473', admin);
    expect(done.message.sections[0]?.lines[0]).toBe(
      'Deaths in custody since the crackdown began: 473 (Socorro Jurídico Humanitario, via Continental Wire, ' +
        '2026-11-20) is now the known figure, accepted by Slack user U9 on 2026-11-27.',
    );
    expect((await stores.facts.known('cecot')).find((f) => f.metric === 'deaths_in_custody')).toMatchObject({
      source: 'Continental Wire (accepted by Slack user U9)',
      attributedTo: 'Socorro Jurídico Humanitario',
    });
    const stats = await ask('stats');
    expect(stats.message.text).toContain(
      '473 — Socorro Jurídico Humanitario, via Continental Wire (accepted by Slack user U9) (2026-11-27)',
    );
  });

  it('explains what is wrong with the metric or the value', async () => {
    const admin = caller({ isAdmin: async () => true });
    await stores.facts.report('cecot', report(455, 'A'));
    const lines = async (text: string) => (await ask(text, admin)).message.sections[0]?.lines[0];
    expect(await lines('facts accept')).toContain('facts accept needs a metric and a value');
    expect(await lines('facts accept deaths 473')).toContain('There is no metric "deaths" on this beat');
    expect(await lines('facts accept deaths_in_custody lots')).toContain('"lots" is not a figure');
    expect(await lines('facts accept deaths_in_custody 1,000')).toBe(
      'No outlet has reported 1,000 for Deaths in custody since the crackdown began, so there is nothing to accept. Reported figures, latest first: 455.',
    );
    expect(await lines('facts nonsense')).toContain('"nonsense" is not a valid action for facts');
  });
});

describe('follow, unfollow, following, quiet', () => {
  const line = (reply: CommandReply) => reply.message.sections[0]?.lines.join('\n');

  it('follows words in the caller’s direct messages, once, and lists and stops the follow', async () => {
    const first = await ask('follow "Ábrego García" OR Boasberg -bitcoin');
    expect(first.visibility).toBe('private');
    expect(line(first)).toBe(
      'Following "abrego garcia" OR boasberg -bitcoin: each new matching story comes to your direct messages once, ' +
        'later reports of it threaded under it. /cecot unfollow "abrego garcia" OR boasberg -bitcoin stops it.',
    );
    expect(await stores.destinations.get('slack:T1:@U1')).toMatchObject({
      type: 'slack',
      channel: '@U1',
      topics: [],
    });
    expect(line(await ask('follow "abrego garcia" OR boasberg -bitcoin'))).toMatch(/^Already following/);
    expect(line(await ask('following'))).toBe(
      'You follow:\n"abrego garcia" OR boasberg -bitcoin\nNo quiet hours.',
    );
    expect(line(await ask('unfollow "Abrego Garcia" OR boasberg -bitcoin'))).toBe(
      'No longer following "abrego garcia" OR boasberg -bitcoin in your direct messages.',
    );
    expect(line(await ask('unfollow cecot'))).toContain('There is no follow "cecot"');
  });

  it('follows a story by the id latest shows, and refuses unknown ids and empty follows', async () => {
    const id = stories[1]!.key.slice(0, 8);
    expect((await ask('latest')).message.sections[0]?.lines[0]).toContain(`id ${id}`);
    const reply = await ask(`follow ${id}`);
    expect(line(reply)).toContain(`Following story ${id} ("Rights group counts 473 deaths")`);
    expect((await stores.follows.list('cecot'))[0]).toMatchObject({ kind: 'story', query: id, cluster: 'b' });
    expect(line(await ask('follow #deadbeef'))).toContain('No story with id deadbeef');
    expect(line(await ask('follow -bitcoin'))).toBe(
      'A follow needs at least one word to look for, not only exclusions.',
    );
    expect(line(await ask('follow'))).toContain('follow needs');
  });

  it('follows eight digits that are no story id as a word, and says so', async () => {
    const reply = await ask('follow 20250315');
    expect(line(reply)).toBe(
      'Following "20250315": each new matching story comes to your direct messages once, later reports of it ' +
        'threaded under it. /cecot unfollow 20250315 stops it.\n' +
        'No story on this beat has id 20250315, so this follows it as a word; /cecot latest shows story ids.',
    );
    expect((await stores.follows.list('cecot')).map((f) => [f.kind, f.query])).toEqual([
      ['keywords', '20250315'],
    ]);
    // With `#`, or with letters, it can only be a story id.
    expect(line(await ask('follow #20250316'))).toContain('No story with id 20250316');
    expect(line(await ask('unfollow 20250315'))).toBe(
      'No longer following "20250315" in your direct messages.',
    );
    expect(await stores.follows.list('cecot')).toEqual([]);
  });

  it('channel follows are for admins; Discord sends the channel flag as an option', async () => {
    expect(line(await ask('follow channel cecot'))).toContain(
      "Only admins can change this channel's follows",
    );
    const discordAdmin = caller({
      platform: 'discord',
      workspaceId: 'G1',
      channelId: 'C9',
      isAdmin: async () => true,
    });
    const reply = await ask(
      { kind: 'options', subcommand: 'follow', options: { keywords: 'cecot', channel: true } },
      discordAdmin,
    );
    expect(reply.visibility).toBe('channel');
    expect((await stores.follows.list('cecot')).map((f) => f.destinationId)).toEqual(['discord:G1:C9']);
    const mine = await ask(
      { kind: 'options', subcommand: 'following', options: { channel: false } },
      discordAdmin,
    );
    expect(line(mine)).toContain('You follow nothing on this beat yet');
    expect(
      line(await ask({ kind: 'options', subcommand: 'following', options: { channel: true } }, discordAdmin)),
    ).toBe('This channel follows:\n"cecot"');
  });

  it('a Discord user has one set of follows and quiet hours, from any server or a direct message', async () => {
    const inServer = (guild: string | null) =>
      caller({ platform: 'discord', userId: '42', workspaceId: guild, channelId: `channel-${guild}` });
    await ask({ kind: 'options', subcommand: 'follow', options: { keywords: 'cecot' } }, inServer('G1'));
    await ask({ kind: 'options', subcommand: 'quiet', options: { hours: '22:00-07:00' } }, inServer(null));
    const listed = await ask({ kind: 'options', subcommand: 'following', options: {} }, inServer('G2'));
    expect(line(listed)).toBe('You follow:\n"cecot"\nQuiet hours: 22:00-07:00 (America/El_Salvador).');
    expect((await stores.follows.list('cecot')).map((f) => f.destinationId)).toEqual(['discord:-:@42']);
    expect(await stores.destinations.get('discord:-:@42')).toMatchObject({ type: 'discord', channel: '@42' });
  });

  it('sets and clears quiet hours, checking the span and the zone', async () => {
    expect(line(await ask('quiet 22:00-07:00'))).toBe(
      'Quiet hours: 22:00-07:00 (America/El_Salvador). Follow alerts in those hours wait until they end.',
    );
    expect(line(await ask('quiet 23:30-06:00 Europe/Madrid'))).toContain('(Europe/Madrid)');
    expect(line(await ask('following'))).toContain('Quiet hours: 23:30-06:00 (Europe/Madrid).');
    expect(line(await ask('quiet 9-5'))).toContain('is not a span of hours');
    expect(line(await ask('quiet 22:00-07:00 Mars/Base'))).toContain('is not a time zone');
    expect(line(await ask('quiet off'))).toContain('Quiet hours are off');
    expect(line(await ask('following'))).toContain('No quiet hours.');
  });
});

describe('buildSearchReply', () => {
  it('says so when nothing matches', () => {
    const reply = buildSearchReply({ topic, items: stories.map((s) => s.item), query: 'bitcoin' });
    expect(reply.sections).toEqual([{ lines: ['Nothing on this beat mentions "bitcoin" yet.'] }]);
  });

  it('in a configured channel resumes it instead of subscribing it again; unsubscribe points at the configuration', async () => {
    const admin = caller({ isAdmin: async () => true });
    await stores.destinations.upsert({ id: 'desk', type: 'slack', channel: 'C1', topics: ['cecot'] });
    expect((await ask('subscribe', admin)).visibility).toBe('private');
    await stores.destinations.pause('desk', { reason: 'not_in_channel', atMs: NOW });
    const on = await ask('subscribe', admin);
    expect(on.visibility).toBe('channel');
    expect(on.message.sections[0]?.lines).toEqual([
      'Alerts were paused here; they are resumed.',
      `This channel gets the beat's alerts through the configured destination "desk"; ` +
        'the configuration decides when they stop.',
    ]);
    expect((await stores.destinations.get('desk'))?.paused).toBeNull();
    expect(await stores.destinations.get('slack:T1:C1')).toBeNull();
    const off = await ask('unsubscribe', admin);
    expect(off.message.sections[0]?.lines[0]).toContain('remove it from the configuration');
    expect((await stores.destinations.get('desk'))?.topics).toEqual(['cecot']);
  });
});
