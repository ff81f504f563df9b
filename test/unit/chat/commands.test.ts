import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type CommandContext, createCommandHandler } from '../../../src/chat/core/commands.js';
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
  ctx = {
    topics: [topic],
    stories: stores.stories,
    facts: stores.facts,
    feeds: stores.feeds,
    destinations: stores.destinations,
    now: () => NOW,
  };
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

  it('lists the beat’s feeds with their health, problems first', async () => {
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
      '2 feeds: 1 ok, 0 failing, 1 paused, 0 waiting, 0 not polled yet',
    );
    expect(reply.message.sections.slice(1).map((s) => s.heading)).toEqual(['A', 'B']);
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

describe('buildSearchReply', () => {
  it('says so when nothing matches', () => {
    const reply = buildSearchReply({ topic, items: stories.map((s) => s.item), query: 'bitcoin' });
    expect(reply.sections).toEqual([{ lines: ['Nothing on this beat mentions "bitcoin" yet.'] }]);
  });
});
