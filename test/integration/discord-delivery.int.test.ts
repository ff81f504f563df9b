/**
 * Delivery to Discord through the real deliver worker and discord.js's REST client, against the
 * fake Discord: a 429 with Retry-After and a 500 reschedule the job (one post in the end, no
 * attempt spent waiting in the client); a message in several parts refused half-way posts only
 * the rest when retried; a repeat with the same idempotency key creates nothing new (the nonce
 * Discord enforces); Unknown Channel and Missing Access pause the destination, which
 * `sources` then shows, and `/cecot subscribe` in the channel resumes, configured or subscribed;
 * a refused token's pause keeps the token's fingerprint.
 */
import { PermissionFlagsBits } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandContextOf, createCommandHandler } from '../../src/chat/core/commands.js';
import { withText } from '../../src/chat/core/compose.js';
import type { Message } from '../../src/chat/core/message.js';
import { credentialTag } from '../../src/chat/core/platform.js';
import { CONSOLE_CALLER } from '../../src/chat/core/request.js';
import { createDiscordDestination } from '../../src/chat/discord/destination.js';
import { renderDiscordMessage } from '../../src/chat/discord/render.js';
import { closeDiscordRest, createDiscordRest } from '../../src/chat/discord/rest.js';
import type { Config } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import { JOB_NAMES } from '../../src/queue/names.js';
import type { Service } from '../../src/service/start.js';
import { FAKE_GUILD_ID, type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { askOverGateway, discordPlatformFor, embedText, waitFor } from './discord-support.js';
import { FAST_TIMINGS, testConfig } from './service-support.js';

const CONFIGURED = { id: 'discord-desk', channel: '800000000000000001' };
const STORED = { guild: '800000000000000010', channel: '800000000000000002' };
const STORED_ID = `discord:${STORED.guild}:${STORED.channel}`;

const redis: Redis = connectTestRedis();
const prefix = uniqueName('discord-deliver');
let fake: FakeDiscord;
let service: Service;
let config: Config;
let counter = 0;

beforeAll(async () => {
  fake = await startFakeDiscord();
  config = {
    ...testConfig({ prefix, feeds: [], redisUrl: TEST_REDIS_URL }),
    destinations: [{ id: CONFIGURED.id, type: 'discord', channel: CONFIGURED.channel, topics: ['cecot'] }],
  };
  service = await startBeatwatch({
    config,
    roles: ['scheduler', 'deliver'],
    logger: silentLogger(),
    timings: FAST_TIMINGS,
    chat: (deps) => [discordPlatformFor(fake, deps)],
  });
});

afterAll(async () => {
  await service?.stop();
  await fake?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

function alert(title: string): Message {
  return withText({ kind: 'alert', topic: 'cecot', title, sections: [{ lines: ['Example News · today'] }] });
}

/** Queues one delivery and waits until the deliver queue is empty again. */
async function deliver(destinationId: string, message: Message): Promise<string> {
  counter += 1;
  const deliveryKey = `story-${counter}`;
  await service.queues.deliver.add(
    JOB_NAMES.deliver,
    { topic: 'cecot', destinationId, deliveryKey, message },
    { jobId: `${destinationId}-${deliveryKey}` },
  );
  await service.waitUntilIdle({ timeoutMs: 30_000 });
  return deliveryKey;
}

const postsTo = (channel: string) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

describe('delivering to Discord', () => {
  it('a 429 with Retry-After reschedules the job; the alert is posted once', async () => {
    const path = new RegExp(`^/channels/${CONFIGURED.channel}/messages$`);
    fake.failNext('POST', path, { kind: 'rate-limit', retryAfterSeconds: 0.4 });
    const before = postsTo(CONFIGURED.channel).length;
    const key = await deliver(CONFIGURED.id, alert('Rate limited once'));
    const tries = postsTo(CONFIGURED.channel).slice(before);
    expect(tries.map((r) => r.status)).toEqual([429, 200]);
    expect(
      fake.channelPosts(CONFIGURED.channel).filter((p) => embedText(p.body).includes('Rate limited once')),
    ).toHaveLength(1);
    expect(await service.stores.deliveries.isSent(CONFIGURED.id, key)).toBe(true);
    expect(await service.queues.deliver.getFailedCount()).toBe(0);
  });

  it('a 500 reschedules the job without retrying inside the client; posted once', async () => {
    const path = new RegExp(`^/channels/${CONFIGURED.channel}/messages$`);
    fake.failNext('POST', path, { kind: 'server-error' });
    const before = postsTo(CONFIGURED.channel).length;
    await deliver(CONFIGURED.id, alert('Server error once'));
    expect(
      postsTo(CONFIGURED.channel)
        .slice(before)
        .map((r) => r.status),
    ).toEqual([500, 200]);
    expect(
      fake.channelPosts(CONFIGURED.channel).filter((p) => embedText(p.body).includes('Server error once')),
    ).toHaveLength(1);
  });

  it('a message in parts refused half-way posts only the missing parts when retried', async () => {
    const digest = withText({
      kind: 'digest',
      topic: 'cecot',
      title: 'Daily digest',
      sections: Array.from({ length: 12 }, (_, s) => ({
        heading: `Story ${s}`,
        lines: Array.from(
          { length: 4 },
          (_, l) => `Part line S${s}L${l} ${'words of a summary '.repeat(14)}`,
        ),
      })),
    });
    const parts = renderDiscordMessage(digest).length;
    expect(parts).toBeGreaterThan(2);
    const path = new RegExp(`^/channels/${CONFIGURED.channel}/messages$`);
    fake.failNext('POST', path, { kind: 'rate-limit', retryAfterSeconds: 0.3 }, 1, 1);
    const postsBefore = fake.channelPosts(CONFIGURED.channel).length;
    await deliver(CONFIGURED.id, digest);
    const posted = fake.channelPosts(CONFIGURED.channel).slice(postsBefore);
    expect(posted).toHaveLength(parts);
    expect(posted.map((p) => p.body.embeds)).toEqual(renderDiscordMessage(digest).map((p) => p.embeds));
  });

  it('each part carries an enforced nonce, so a retry after an unknown outcome posts nothing twice', async () => {
    const rest = createDiscordRest({ token: fake.token, apiUrl: fake.apiUrl, failFast: true });
    const target = createDiscordDestination({
      id: 'nonce',
      channel: CONFIGURED.channel,
      rest,
      serverErrorRetryMs: 200,
    });
    const idempotency = { key: 'f00df00df00df00df00df00d', earlierAttemptAtMs: null };
    const before = fake.channelPosts(CONFIGURED.channel).length;
    const first = await target.send(alert('Posted once whatever happens'), { idempotency });
    const again = await target.send(alert('Posted once whatever happens'), {
      idempotency: { ...idempotency, earlierAttemptAtMs: Date.now() },
    });
    closeDiscordRest(rest);
    expect(again).toEqual(first);
    const posted = fake.channelPosts(CONFIGURED.channel).slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toMatchObject({ nonce: idempotency.key, enforce_nonce: true });
  });

  it('a reply refused with Missing Permissions is posted without the reply, not paused', async () => {
    const rest = createDiscordRest({ token: fake.token, apiUrl: fake.apiUrl, failFast: true });
    const target = createDiscordDestination({
      id: 'reply',
      channel: CONFIGURED.channel,
      rest,
      serverErrorRetryMs: 200,
    });
    const path = new RegExp(`^/channels/${CONFIGURED.channel}/messages$`);
    fake.failNext('POST', path, { kind: 'missing-permissions' });
    const before = postsTo(CONFIGURED.channel).length;
    const result = await target.send(alert('A follow-up'), { replyTo: '800000000000000099' });
    closeDiscordRest(rest);
    expect(result).toMatchObject({ ok: true });
    const tries = postsTo(CONFIGURED.channel).slice(before);
    expect(tries.map((r) => r.status)).toEqual([403, 200]);
    expect(tries[0]!.body).toMatchObject({ message_reference: { message_id: '800000000000000099' } });
    expect(tries[1]!.body).not.toHaveProperty('message_reference');
  });

  it('Unknown Channel and Missing Access pause the destination; sources shows why', async () => {
    await service.stores.destinations.upsert({
      id: STORED_ID,
      type: 'discord',
      channel: STORED.channel,
      topics: ['cecot'],
    });
    fake.failNext('POST', new RegExp(`^/channels/${STORED.channel}/messages$`), { kind: 'unknown-channel' });
    fake.failNext('POST', new RegExp(`^/channels/${CONFIGURED.channel}/messages$`), {
      kind: 'missing-access',
    });
    await deliver(STORED_ID, alert('To a deleted channel'));
    await deliver(CONFIGURED.id, alert('Bot removed from the channel'));
    expect((await service.stores.destinations.get(STORED_ID))?.paused?.reason).toBe(
      'Unknown Channel (Discord error 10003)',
    );
    expect((await service.stores.destinations.get(CONFIGURED.id))?.paused?.reason).toBe(
      'Missing Access (Discord error 50001)',
    );
    // Paused: a later alert is not even tried.
    const before = postsTo(STORED.channel).length;
    await deliver(STORED_ID, alert('While paused'));
    expect(postsTo(STORED.channel).length).toBe(before);

    const answer = createCommandHandler(
      commandContextOf(service.stores, {
        topics: config.topics,
        retentionMs: 90 * 86_400_000,
        now: Date.now,
      }),
    );
    const reply = await answer({
      command: 'cecot',
      input: { kind: 'text', text: 'sources' },
      caller: CONSOLE_CALLER,
    });
    const text = reply.message.text;
    expect(text).toContain('Destinations paused');
    expect(text).toContain(`discord ${STORED.channel}: Unknown Channel (Discord error 10003)`);
    expect(text).toContain(`discord ${CONFIGURED.channel}: Missing Access (Discord error 50001)`);
  });

  it('subscribe in a paused channel resumes it, configured or subscribed', async () => {
    const answer = createCommandHandler(
      commandContextOf(service.stores, {
        topics: config.topics,
        retentionMs: 90 * 86_400_000,
        now: Date.now,
      }),
    );
    const bot = discordPlatformFor(fake, { answer, redis, prefix });
    await bot.startCommands();
    try {
      await waitFor(() => fake.readySessions() === 1, 'the gateway session');
      const admin = { subcommand: 'subscribe', permissions: PermissionFlagsBits.ManageGuild };
      const configured = await askOverGateway(fake, { ...admin, channelId: CONFIGURED.channel });
      expect(configured.followUps.map(embedText).join('\n')).toContain(
        'Alerts were paused here; they are resumed.',
      );
      expect((await service.stores.destinations.get(CONFIGURED.id))?.paused).toBeNull();
      expect(
        await service.stores.destinations.get(`discord:${FAKE_GUILD_ID}:${CONFIGURED.channel}`),
      ).toBeNull();
      const stored = await askOverGateway(fake, {
        ...admin,
        guildId: STORED.guild,
        channelId: STORED.channel,
      });
      expect(stored.followUps.map(embedText).join('\n')).toContain(
        'Alerts were paused here; they are resumed.',
      );
      expect((await service.stores.destinations.get(STORED_ID))?.paused).toBeNull();
    } finally {
      await bot.close();
    }
    await deliver(STORED_ID, alert('After the resume'));
    await deliver(CONFIGURED.id, alert('After the resume too'));
    expect(embedText(fake.channelPosts(STORED.channel).at(-1)?.body)).toContain('After the resume');
    expect(embedText(fake.channelPosts(CONFIGURED.channel).at(-1)?.body)).toContain('After the resume too');
  });

  it('a refused token pauses with its fingerprint, so a restart with another token resumes', async () => {
    fake.failNext('POST', new RegExp(`^/channels/${STORED.channel}/messages$`), { kind: 'unauthorized' });
    await deliver(STORED_ID, alert('With a revoked token'));
    const paused = (await service.stores.destinations.get(STORED_ID))?.paused;
    expect(paused?.reason).toMatch(/^Discord refused the bot token .*check DISCORD_TOKEN$/);
    expect(paused?.credentialTag).toBe(credentialTag(fake.token));
    await service.stores.destinations.resume(STORED_ID);
  });
});
