/**
 * Slash commands over the gateway, end to end: the real discord.js client logs in to the fake
 * Discord's gateway, receives INTERACTION_CREATE, and answers through the fake REST API from the
 * real command handler on real Redis. The reading subcommands, subscriptions, bad arguments,
 * admins and non-admins; follows, quiet hours, digests, feeds and figures are run on both
 * platforms by `chat-commands.int.test.ts`.
 */
import { GatewayIntentBits, PermissionFlagsBits } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPlatform } from '../../src/chat/core/platform.js';
import type { Stores } from '../../src/store/index.js';
import {
  type CommandInteractionInput,
  FAKE_CHANNEL_ID,
  FAKE_GUILD_ID,
  type FakeDiscord,
  startFakeDiscord,
} from '../helpers/fake-discord.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../helpers/redis.js';
import { cecotTopic } from '../unit/chat/story-items.js';
import {
  askOverGateway,
  commandHandlerOn,
  discordPlatformFor,
  embedText,
  waitFor,
} from './discord-support.js';

const redis: Redis = connectTestRedis();
/** The stores' own connection, so a test can take Redis away from the commands alone. */
const storeRedis: Redis = connectTestRedis();
const prefix = uniqueName('discord-gw');
let fake: FakeDiscord;
let platform: ChatPlatform;
let stores: Stores;

beforeAll(async () => {
  fake = await startFakeDiscord();
  const handler = await commandHandlerOn(storeRedis, prefix, cecotTopic());
  stores = handler.stores;
  platform = discordPlatformFor(fake, { answer: handler.answer, redis, prefix });
  await platform.startCommands();
  await waitFor(() => fake.readySessions() === 1, 'the gateway session');
});

afterAll(async () => {
  await platform?.close();
  await fake?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  storeRedis.disconnect();
});

/** Sends the command through the gateway and waits for its answer (and a public follow-up if any). */
const ask = (input: Omit<CommandInteractionInput, 'command'>, expectFollowUp = false) =>
  askOverGateway(fake, input, expectFollowUp);

describe('slash commands over the gateway', () => {
  it('logs in with the Guilds intent only', () => {
    expect(fake.identifies.map((i) => i.intents)).toEqual([GatewayIntentBits.Guilds]);
  });

  it('stats: the known figures, privately', async () => {
    const { text, followUps } = await ask({ subcommand: 'stats' });
    expect(text).toMatch(/CECOT/);
    expect(text).toMatch(/deaths/i);
    expect(followUps).toEqual([]);
  });

  it('latest count:2: the two most recent stories, hostile titles defused', async () => {
    const { text } = await ask({ subcommand: 'latest', options: { count: 2 } });
    expect(text).toContain('Judge hears Ábrego García case');
    expect(text).toContain('Rights group counts 473 deaths');
    expect(text).not.toContain('Bukele extends');
    expect(text).not.toMatch(/@everyone|<@123>/);
    expect(text).toContain('\\[x\\](http://evil.example)');
  });

  it('search words:<text>: folds accents', async () => {
    const { text } = await ask({ subcommand: 'search', options: { words: 'abrego garcia' } });
    expect(text).toContain('Judge hears Ábrego García case');
    expect(text).not.toContain('Bukele extends');
  });

  it('facts, help and sources', async () => {
    expect((await ask({ subcommand: 'facts' })).text).toMatch(/known figures/);
    const help = (await ask({ subcommand: 'help' })).text;
    expect(help).toContain('/cecot latest \\[count:<count\\>\\]');
    expect(help).toContain('/cecot search words:<words\\>');
    expect((await ask({ subcommand: 'sources' })).text).toMatch(/sources/);
  });

  it('an unknown subcommand, or none, answers with help', async () => {
    const unknown = (await ask({ subcommand: 'frobnicate' })).text;
    expect(unknown).toContain('There is no "frobnicate" command.');
    expect(unknown).toContain('/cecot stats');
    expect((await ask({})).text).toContain('/cecot stats');
  });

  it('bad arguments get a clear problem and help', async () => {
    expect((await ask({ subcommand: 'latest', options: { count: 99 } })).text).toContain(
      '"99" is not a valid count for latest',
    );
    expect((await ask({ subcommand: 'search', options: {} })).text).toContain('search needs some words');
  });

  it('subscribe: refused for a member without Manage Server, and in a direct message', async () => {
    const member = await ask({
      subcommand: 'subscribe',
      permissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageChannels,
    });
    expect(member.text).toContain('Manage Server');
    expect(member.followUps).toEqual([]);
    const dm = await ask({
      subcommand: 'subscribe',
      guildId: null,
      permissions: PermissionFlagsBits.Administrator,
    });
    expect(dm.text).toContain('Manage Server');
    expect(await stores.destinations.list()).toEqual([]);
  });

  it('subscribe and unsubscribe: a Manage Server member changes the channel, and the channel is told', async () => {
    const id = `discord:${FAKE_GUILD_ID}:${FAKE_CHANNEL_ID}`;
    const on = await ask({ subcommand: 'subscribe', permissions: PermissionFlagsBits.ManageGuild }, true);
    expect(on.text).toContain('Posted in this channel for everyone.');
    expect(on.followUps).toHaveLength(1);
    expect(on.followUps[0]).not.toHaveProperty('flags');
    expect(embedText(on.followUps[0])).toContain('This channel now gets an alert');
    expect(await stores.destinations.get(id)).toMatchObject({
      type: 'discord',
      channel: FAKE_CHANNEL_ID,
      topics: ['cecot'],
    });

    const again = await ask({ subcommand: 'subscribe', permissions: PermissionFlagsBits.ManageGuild });
    expect(again.text).toContain('already gets');
    expect(again.followUps).toEqual([]);

    const off = await ask(
      { subcommand: 'unsubscribe', permissions: PermissionFlagsBits.Administrator },
      true,
    );
    expect(embedText(off.followUps[0])).toContain('no longer gets');
    expect((await stores.destinations.get(id))?.topics).toEqual([]);
  });

  it('unsubscribe: refused for a member without Manage Server; the subscription stays', async () => {
    const id = `discord:${FAKE_GUILD_ID}:${FAKE_CHANNEL_ID}`;
    await ask({ subcommand: 'subscribe', permissions: PermissionFlagsBits.ManageGuild }, true);
    const member = await ask({
      subcommand: 'unsubscribe',
      permissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageMessages,
    });
    expect(member.text).toContain('Manage Server');
    expect(member.text).toContain('unsubscribe');
    expect(member.followUps).toEqual([]);
    expect((await stores.destinations.get(id))?.topics).toEqual(['cecot']);
    await ask({ subcommand: 'unsubscribe', permissions: PermissionFlagsBits.ManageGuild }, true);
    expect((await stores.destinations.get(id))?.topics).toEqual([]);
  });

  it('an answer refused with 429 is sent again after Retry-After and arrives once', async () => {
    const edit = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;
    fake.failNext('PATCH', edit, { kind: 'rate-limit', retryAfterSeconds: 0.5 });
    const before = fake.requests.length;
    const { text } = await ask({ subcommand: 'stats' });
    expect(text).toContain('CECOT');
    const edits = fake.requests.slice(before).filter((r) => r.method === 'PATCH' && edit.test(r.path));
    expect(edits.map((r) => r.status)).toEqual([429, 200]);
  });

  it('a command whose stores fail gets a private apology, not silence', async () => {
    storeRedis.disconnect();
    const { text, followUps } = await ask({ subcommand: 'stats' });
    expect(text).toContain('Something went wrong');
    expect(followUps).toEqual([]);
  });
});
