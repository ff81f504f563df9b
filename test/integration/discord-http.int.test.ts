/**
 * Slash commands over HTTP interactions, on beatwatch's own HTTP server (`beatwatch` with the bot
 * and http roles): Ed25519 signatures checked, PING answered with PONG, unsigned, forged, stale
 * and replayed requests refused with 401 and never answered, commands deferred at once and then
 * answered through the interaction's webhook at the fake Discord. With the public key set, no
 * gateway.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { PermissionFlagsBits } from 'discord.js';
import type { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import type { Service } from '../../src/service/start.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { answerOf, discordPlatformFor, embedText, waitFor } from './discord-support.js';
import { testConfig } from './service-support.js';

const redis: Redis = connectTestRedis();
const prefix = uniqueName('discord-http');
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
let fake: FakeDiscord;
let service: Service;
let endpoint: string;

beforeAll(async () => {
  fake = await startFakeDiscord();
  service = await startBeatwatch({
    config: testConfig({ prefix, feeds: [], redisUrl: TEST_REDIS_URL, destinations: [] }),
    roles: ['bot', 'http'],
    logger: silentLogger(),
    httpPort: 0,
    chat: (deps) => [discordPlatformFor(fake, { ...deps, publicKey: publicHex })],
  });
  endpoint = `http://127.0.0.1:${service.httpPort}/discord/interactions`;
});

afterAll(async () => {
  await service?.stop();
  await fake?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

interface Post {
  body: string;
  timestamp?: string;
  key?: KeyObject;
  /** Sign this body instead of the one sent (a tampered request). */
  signedBody?: string;
  unsigned?: boolean;
}

async function post(options: Post): Promise<{ status: number; json: Record<string, unknown> }> {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature = sign(
    null,
    Buffer.from(timestamp + (options.signedBody ?? options.body)),
    options.key ?? privateKey,
  ).toString('hex');
  const res = await request(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.unsigned ? {} : { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }),
    },
    body: options.body,
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

describe('HTTP interactions', () => {
  it('does not open the gateway when the public key is set', () => {
    expect(fake.readySessions()).toBe(0);
    expect(fake.requests.filter((r) => r.path === '/gateway/bot')).toEqual([]);
  });

  it('answers a signed PING with PONG', async () => {
    expect(
      await post({ body: JSON.stringify({ type: 1, id: '1', application_id: fake.applicationId }) }),
    ).toEqual({
      status: 200,
      json: { type: 1 },
    });
  });

  it('refuses unsigned, forged, tampered, stale and future requests with 401, and never answers them', async () => {
    const requestsBefore = fake.requests.length;
    const interactions = Array.from({ length: 5 }, () =>
      fake.commandInteraction({ command: 'cecot', subcommand: 'stats' }),
    );
    const bodies = interactions.map((i) => JSON.stringify(i));
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      await post({ body: bodies[0]!, unsigned: true }),
      await post({ body: bodies[1]!, key: generateKeyPairSync('ed25519').privateKey }),
      await post({ body: bodies[2]!, signedBody: JSON.stringify({ ...interactions[2], type: 1 }) }),
      await post({ body: bodies[3]!, timestamp: String(now - 6 * 60) }),
      await post({ body: bodies[4]!, timestamp: String(now + 6 * 60) }),
    ];
    for (const r of refused) expect(r).toEqual({ status: 401, json: { error: 'invalid request signature' } });
    // Give a wrongly started answer every chance to reach the fake before looking.
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.requests.slice(requestsBefore)).toEqual([]);
  });

  it('refuses a replay of a good request (same signature, same timestamp) with 401, and answers once', async () => {
    const interaction = fake.commandInteraction({ command: 'cecot', subcommand: 'stats' });
    const body = JSON.stringify(interaction);
    const timestamp = String(Math.floor(Date.now() / 1000) - 30);
    const first = await post({ body, timestamp });
    expect(first.status).toBe(200);
    fake.receiveHttpCallback(interaction.id as string, first.json);
    expect(await post({ body, timestamp })).toEqual({
      status: 401,
      json: { error: 'request already received' },
    });
    const recorded = fake.interactions.get(interaction.id as string)!;
    await waitFor(() => answerOf(recorded).edit !== undefined, 'the answer to the first request');
    await new Promise((r) => setTimeout(r, 300));
    expect(recorded.events.filter((e) => e.kind === 'edit-original')).toHaveLength(1);
  });

  it('defers a command privately at once, then edits the answer in through the webhook', async () => {
    const interaction = fake.commandInteraction({
      command: 'cecot',
      subcommand: 'latest',
      options: { count: 3 },
    });
    const res = await post({ body: JSON.stringify(interaction) });
    expect(res).toEqual({ status: 200, json: { type: 5, data: { flags: 64 } } });
    fake.receiveHttpCallback(interaction.id as string, res.json);
    const recorded = fake.interactions.get(interaction.id as string)!;
    await waitFor(() => answerOf(recorded).edit !== undefined, 'the edited answer');
    const { edit, followUps } = answerOf(recorded);
    expect(edit?.allowed_mentions).toEqual({ parse: [] });
    expect(embedText(edit)).toMatch(/CECOT/);
    expect(followUps).toEqual([]);
    expect(recorded.callbackAttempts).toBe(1);
  });

  it('posts a channel answer as a public follow-up (subscribe by a Manage Server member)', async () => {
    const interaction = fake.commandInteraction({
      command: 'cecot',
      subcommand: 'subscribe',
      permissions: PermissionFlagsBits.ManageGuild,
    });
    const res = await post({ body: JSON.stringify(interaction) });
    fake.receiveHttpCallback(interaction.id as string, res.json);
    const recorded = fake.interactions.get(interaction.id as string)!;
    await waitFor(() => answerOf(recorded).followUps.length > 0, 'the public follow-up');
    const { edit, followUps } = answerOf(recorded);
    expect(embedText(edit)).toContain('Posted in this channel for everyone.');
    expect(followUps[0]).not.toHaveProperty('flags');
    expect(embedText(followUps[0])).toContain('This channel now gets an alert');
  });

  it('turns away other methods and paths, and bodies that are not JSON', async () => {
    expect((await request(endpoint, { method: 'GET' })).statusCode).toBe(404);
    expect((await post({ body: 'not json' })).status).toBe(400);
    expect((await post({ body: 'null' })).status).toBe(400);
    expect((await post({ body: JSON.stringify({ type: 2 }) })).status).toBe(400);
  });
});
