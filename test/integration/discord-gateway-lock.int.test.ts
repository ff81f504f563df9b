/**
 * Two processes with the Discord token on one Redis: only one holds the gateway, so each command
 * is answered once; when the holder stops, or fails to renew its lock, the other takes over.
 * (Each platform has its own Redis connection, as separate processes would.)
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPlatform } from '../../src/chat/core/platform.js';
import type { CommandHandler } from '../../src/chat/core/request.js';
import { storeKeys } from '../../src/store/keys.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../helpers/redis.js';
import { cecotTopic } from '../unit/chat/story-items.js';
import { answerOf, commandHandlerOn, discordPlatformFor, waitFor } from './discord-support.js';

// Long enough that a loaded machine's stalls do not let a lock lapse under a live holder.
const TTL_MS = 2000;
const redis: Redis = connectTestRedis();
const prefix = uniqueName('discord-lock');
const connections: Redis[] = [];
const platforms: ChatPlatform[] = [];
let fake: FakeDiscord;
let answer: CommandHandler;

function startProcess(): ChatPlatform {
  const own = connectTestRedis();
  connections.push(own);
  const platform = discordPlatformFor(fake, { answer, redis: own, prefix, gatewayLockTtlMs: TTL_MS });
  platforms.push(platform);
  return platform;
}

/** Dispatches `stats` to every session and waits for the answer; returns the interaction. */
async function askStats() {
  const payload = fake.commandInteraction({ command: 'cecot', subcommand: 'stats' });
  const reached = fake.dispatchInteraction(payload);
  const interaction = fake.interactions.get(payload.id as string)!;
  await waitFor(() => answerOf(interaction).edit !== undefined, 'the stats answer');
  return { reached, interaction };
}

/** Waits a few lock periods, long enough for a second holder to appear if the lock let it. */
const fewLockPeriods = () => new Promise((r) => setTimeout(r, TTL_MS * 3));

beforeAll(async () => {
  fake = await startFakeDiscord();
  answer = (await commandHandlerOn(redis, prefix, cecotTopic())).answer;
});

afterAll(async () => {
  for (const p of platforms) await p.close().catch(() => undefined);
  await fake?.close();
  for (const c of connections) await c.quit();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('one gateway holder across processes', () => {
  let first: ChatPlatform;
  let second: ChatPlatform;

  it('only the first process opens the gateway; each command is answered once', async () => {
    first = startProcess();
    await first.startCommands();
    await waitFor(() => fake.readySessions() === 1, 'the first gateway session');
    second = startProcess();
    await second.startCommands();
    await fewLockPeriods();
    expect(fake.readySessions()).toBe(1);
    expect(fake.identifies).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      const { reached, interaction } = await askStats();
      expect(reached).toBe(1);
      expect(interaction.callbackAttempts).toBe(1);
    }
  });

  it('when the holder stops, the other process takes over', async () => {
    await first.close();
    await waitFor(() => fake.identifies.length === 2 && fake.readySessions() === 1, 'the takeover');
    const { reached, interaction } = await askStats();
    expect(reached).toBe(1);
    expect(interaction.callbackAttempts).toBe(1);
  });

  it('a holder that cannot renew its lock closes its gateway before another opens one', async () => {
    const third = startProcess();
    await third.startCommands();
    // Someone else's token in the lock: the holder's next renewal fails.
    const key = storeKeys(prefix).discordGateway(fake.applicationId);
    await redis.set(key, 'another-process', 'PX', TTL_MS * 2);
    await waitFor(() => fake.readySessions() === 0, 'the holder to close its gateway');
    await waitFor(() => fake.readySessions() === 1, 'a new holder once the lock lapsed');
    await fewLockPeriods();
    expect(fake.readySessions()).toBe(1);
    expect(fake.identifies).toHaveLength(3);
    const { reached, interaction } = await askStats();
    expect(reached).toBe(1);
    expect(interaction.callbackAttempts).toBe(1);
  });
});
