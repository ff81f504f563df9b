/**
 * `digest now | on | off` through the real command handler, with the real digest scheduling on
 * Redis (a BullMQ queue under a test prefix) and the real stores.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CommandContext,
  commandContextOf,
  createCommandHandler,
} from '../../../src/chat/core/commands.js';
import type { Caller, CommandInput, CommandReply } from '../../../src/chat/core/request.js';
import { CONSOLE_CALLER } from '../../../src/chat/core/request.js';
import { digestSchedulerId, digestSettingKey } from '../../../src/digest/schedule.js';
import { silentLogger } from '../../../src/log.js';
import type { DigestJob } from '../../../src/queue/jobs/digest.js';
import { QUEUE_NAMES } from '../../../src/queue/names.js';
import { destinationsForTopic } from '../../../src/service/destinations.js';
import { createDigestService } from '../../../src/service/digests.js';
import { createRedisStores, type Stores } from '../../../src/store/index.js';
import type { StoredStory } from '../../../src/store/types.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';
import { storeStories } from '../../helpers/stories.js';
import { cecotTopic, storyItem } from './story-items.js';

const topic = cecotTopic();
/** Next year: a scheduler's first run is after the later of this clock and the real one. */
const YEAR = new Date().getUTCFullYear() + 1;
const NOW = Date.parse(`${YEAR}-11-27T18:00:00Z`); // 12:00 in El Salvador
const redis: Redis = connectTestRedis();
const prefixes: string[] = [];
const queues: Queue[] = [];
let stores: Stores;
let queue: Queue<DigestJob>;
let ctx: CommandContext;

function stored(title: string, storedAtMs: number): StoredStory {
  const item = storyItem({ title, published: new Date(storedAtMs).toISOString() });
  return {
    key: item.id,
    topic: 'cecot',
    feedUrl: item.source.feedUrl,
    item: { ...item, score: 2, language: 'en', claims: [] },
    storedAtMs,
  };
}

beforeEach(async () => {
  const prefix = uniqueName('digest-cmd');
  prefixes.push(prefix);
  stores = createRedisStores(redis, prefix, 90);
  await storeStories(redis, prefix, stores.stories, [
    stored('Judge hears Ábrego García case', NOW - 30 * 3_600_000),
    stored('Rights group counts 473 deaths', NOW - 3_600_000),
  ]);
  queue = new Queue<DigestJob>(QUEUE_NAMES.digest, { connection: redis, prefix });
  queues.push(queue);
  const digests = createDigestService({
    queue,
    stores,
    topics: [topic],
    configured: [],
    enqueueDeliver: async () => undefined,
    logger: silentLogger(),
    options: { now: () => NOW },
  });
  ctx = commandContextOf(stores, {
    topics: [topic],
    retentionMs: 90 * 86_400_000,
    digests: digests.control,
    now: () => NOW,
  });
});

afterAll(async () => {
  for (const q of queues) await q.close();
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
const admin = (overrides: Partial<Caller> = {}) => caller({ isAdmin: async () => true, ...overrides });

async function ask(input: CommandInput | string, who: Caller = caller()): Promise<CommandReply> {
  return createCommandHandler(ctx)({
    command: 'cecot',
    input: typeof input === 'string' ? { kind: 'text', text: input } : input,
    caller: who,
  });
}

const text = (reply: CommandReply) => reply.message.sections.flatMap((s) => s.lines).join('\n');

async function scheduler(destinationId: string) {
  return queue.getJobScheduler(digestSchedulerId('cecot', destinationId));
}

describe('digest now', () => {
  it('posts what the digest would say now in the channel, for anyone', async () => {
    const reply = await ask('digest now');
    expect(reply.visibility).toBe('channel');
    expect(reply.message.kind).toBe('digest');
    expect(reply.message.title).toBe(`${topic.name} — digest, ${YEAR}-11-27 12:00 CST`);
    // No digest here yet: the last day.
    expect(reply.message.text).toContain('Rights group counts 473 deaths');
    expect(reply.message.text).not.toContain('Ábrego García');
    const discord = await ask(
      { kind: 'options', subcommand: 'digest', options: { action: 'now' } },
      caller({ platform: 'discord' }),
    );
    expect(discord.message.sections).toEqual(reply.message.sections);
  });

  it('covers what is new since the channel’s last digest, and says so when nothing is', async () => {
    await stores.digests.claim('cecot', 'slack:T1:C1', `${YEAR}-11-27`, NOW - 600_000, NOW - 86_400_000);
    const reply = await ask('digest now');
    expect(text(reply)).toBe(`No new stories on the beat since ${YEAR}-11-27 11:50 CST.`);
  });

  it('answers the console privately', async () => {
    expect((await ask('digest now', CONSOLE_CALLER)).visibility).toBe('private');
  });
});

describe('digest on / off', () => {
  it('refuses non-admins, saying who may and that anyone can post it now', async () => {
    for (const input of ['digest on 07:30 Europe/Madrid', 'digest off']) {
      const reply = await ask(input);
      expect(reply.visibility).toBe('private');
      expect(reply.message.title).toContain('not allowed');
      expect(text(reply)).toContain('/cecot digest now');
    }
    const discord = await ask(
      { kind: 'options', subcommand: 'digest', options: { action: 'on', time: '07:30' } },
      caller({ platform: 'discord' }),
    );
    expect(text(discord)).toContain('Manage Server');
    expect(text(discord)).toContain('/cecot digest action:now');
    expect(await stores.destinations.get('slack:T1:C1')).toBeNull();
    expect(await scheduler('slack:T1:C1')).toBeUndefined();
  });

  it('turns a channel’s digest on at its time and zone: the channel becomes a destination without alerts', async () => {
    const reply = await ask('digest on 07:30 europe/madrid', admin());
    expect(reply.visibility).toBe('channel');
    expect(text(reply)).toContain('every day at 07:30 (Europe/Madrid time)');
    expect(text(reply)).toContain(`The next one: ${YEAR}-11-28 07:30 GMT+1`);
    const destination = await stores.destinations.get('slack:T1:C1');
    expect(destination).toMatchObject({ type: 'slack', channel: 'C1', topics: [] });
    expect(JSON.parse(destination!.settings[digestSettingKey('cecot')]!)).toEqual({
      time: '07:30',
      timezone: 'Europe/Madrid',
    });
    expect(destinationsForTopic([], await stores.destinations.list(), 'cecot')).toEqual([]);
    expect(await scheduler('slack:T1:C1')).toMatchObject({ pattern: '0 30 7 * * *', tz: 'Europe/Madrid' });

    // Again with another time: the same scheduler, moved.
    await ask('digest on 21:15', admin());
    expect(await scheduler('slack:T1:C1')).toMatchObject({ pattern: '0 15 21 * * *', tz: 'Europe/Madrid' });
  });

  it('takes the beat’s time and zone when none are given, a zone alone, and Discord’s named options', async () => {
    const plain = await ask('digest on', admin({ channelId: 'C2' }));
    expect(text(plain)).toContain('every day at 08:00 (America/El_Salvador time)');
    expect(text(plain)).toContain(`The next one: ${YEAR}-11-28 08:00 CST`);
    const zoneOnly = await ask('digest on America/New_York', admin({ channelId: 'C3' }));
    expect(text(zoneOnly)).toContain('every day at 08:00 (America/New_York time)');
    const discord = await ask(
      { kind: 'options', subcommand: 'digest', options: { action: 'on', time: '6:05', timezone: 'utc' } },
      admin({ platform: 'discord', workspaceId: 'G1', channelId: 'D1' }),
    );
    expect(text(discord)).toContain('every day at 06:05 (UTC time)');
    expect(text(discord)).toContain('/cecot digest action:off stops it');
    expect(await scheduler('discord:G1:D1')).toMatchObject({ pattern: '0 5 6 * * *', tz: 'UTC' });
  });

  it('keeps a subscribed channel’s alerts when its digest is turned on', async () => {
    await ask('subscribe', admin());
    await ask('digest on 09:00', admin());
    expect((await stores.destinations.get('slack:T1:C1'))?.topics).toEqual(['cecot']);
  });

  it('turns it off: the setting says so and the scheduler is gone', async () => {
    await ask('digest on 07:30', admin());
    const off = await ask('digest off', admin());
    expect(off.visibility).toBe('channel');
    expect(text(off)).toContain('no longer gets the daily digest');
    expect((await stores.destinations.get('slack:T1:C1'))?.settings[digestSettingKey('cecot')]).toBe('off');
    expect(await scheduler('slack:T1:C1')).toBeUndefined();
    const again = await ask('digest off', admin());
    expect(again.visibility).toBe('private');
    expect(text(again)).toBe(
      'This channel gets no digest. /cecot digest on 08:00 America/El_Salvador starts one.',
    );
  });

  it('leaves the console’s digest to the configuration', async () => {
    const reply = await ask('digest on 07:00', CONSOLE_CALLER);
    expect(reply.visibility).toBe('private');
    expect(text(reply)).toContain('configuration');
  });
});

describe('digest: bad arguments get a helpful answer and change nothing', () => {
  it.each([
    [
      'digest on 25:00',
      /"25:00" is not a time of day\. Give it as HH:MM on a 24-hour clock, for example \/cecot digest on 08:00 America\/El_Salvador/,
    ],
    ['digest on 8am', /"8am" is not a time of day/],
    [
      'digest on 08:00 Mars/Olympus',
      /"Mars\/Olympus" is not a time zone\. Use an IANA name such as America\/El_Salvador/,
    ],
    ['digest on 08:00 <!channel>', /"<\u200b!channel>" is not a time zone/],
    ['digest sometimes', /"sometimes" is not a valid action for digest: it takes one of now, on, off/],
    ['digest', /digest needs one of now, on, off: \/cecot digest now \| on \[HH:MM\] \[time zone\] \| off/],
  ])('%s', async (input, expected) => {
    const reply = await ask(input, admin());
    expect(reply.visibility).toBe('private');
    expect(text(reply)).toMatch(expected);
    expect(await stores.destinations.get('slack:T1:C1')).toBeNull();
    expect(await scheduler('slack:T1:C1')).toBeUndefined();
  });

  it('answers Discord’s bad options the same way', async () => {
    const reply = await ask(
      {
        kind: 'options',
        subcommand: 'digest',
        options: { action: 'on', time: '07:00', timezone: 'Nowhere/Land' },
      },
      admin({ platform: 'discord' }),
    );
    expect(text(reply)).toContain('"Nowhere/Land" is not a time zone');
    expect(text(reply)).toContain('/cecot digest action:on time:08:00 timezone:America/El_Salvador');
  });
});
