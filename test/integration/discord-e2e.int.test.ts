/**
 * An alert's whole way to Discord: local feed server → poll → ingest → deliver → the fake Discord,
 * in one `beatwatch run` process answering commands over the gateway. One channel subscribes with
 * `/cecot subscribe`, another is a configured `type: discord` destination; each gets each alert
 * exactly once, every payload within Discord's limits and mentioning nobody, even after a 429.
 */
import { PermissionFlagsBits } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import type { Service } from '../../src/service/start.js';
import { discordPayloadProblems } from '../helpers/discord-limits.js';
import { FAKE_GUILD_ID, type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { answerOf, discordPlatformFor, waitFor } from './discord-support.js';
import {
  expectEachDeliveredOnce,
  FAST_TIMINGS,
  type FeedServer,
  readRound,
  startFeedServer,
  testConfig,
} from './service-support.js';

const DESK = { id: 'discord-desk', channel: '810000000000000001' };
const SUBSCRIBED_CHANNEL = '810000000000000002';
const SUBSCRIBED_ID = `discord:${FAKE_GUILD_ID}:${SUBSCRIBED_CHANNEL}`;

const redis: Redis = connectTestRedis();
const prefix = uniqueName('discord-e2e');
let fake: FakeDiscord;
let feeds: FeedServer;
let service: Service;

beforeAll(async () => {
  fake = await startFakeDiscord();
  feeds = await startFeedServer(readRound(2));
  // Feeds fail until the channel has subscribed: the service polls every new feed at start, and
  // alerts found before the subscription would rightly not reach that channel.
  for (const name of feeds.files.keys()) feeds.statuses.set(name, 503);
  const config = {
    ...testConfig({ prefix, feeds: feeds.urls(), redisUrl: TEST_REDIS_URL, postOnFirstFetch: true }),
    destinations: [{ id: DESK.id, type: 'discord' as const, channel: DESK.channel, topics: ['cecot'] }],
  };
  service = await startBeatwatch({
    config,
    roles: 'run',
    logger: silentLogger(),
    timings: FAST_TIMINGS,
    httpPort: 0,
    chat: (deps) => [discordPlatformFor(fake, deps)],
  });
  await waitFor(() => fake.readySessions() === 1, 'the gateway session');
});

afterAll(async () => {
  await service?.stop();
  await feeds?.close();
  await fake?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('feed to Discord', () => {
  it('a channel subscribes with /cecot subscribe', async () => {
    const payload = fake.commandInteraction({
      command: 'cecot',
      subcommand: 'subscribe',
      channelId: SUBSCRIBED_CHANNEL,
      permissions: PermissionFlagsBits.ManageGuild,
    });
    fake.dispatchInteraction(payload);
    const interaction = fake.interactions.get(payload.id as string)!;
    await waitFor(() => answerOf(interaction).followUps.length === 1, 'the subscribe answer');
    expect(await service.stores.destinations.get(SUBSCRIBED_ID)).toMatchObject({
      channel: SUBSCRIBED_CHANNEL,
    });
  });

  it('each alert reaches the subscribed channel and the configured one exactly once, within limits', async () => {
    fake.failNext('POST', new RegExp(`^/channels/${DESK.channel}/messages$`), {
      kind: 'rate-limit',
      retryAfterSeconds: 0.5,
    });
    feeds.statuses.clear();
    await service.pollNow();
    await service.waitUntilIdle({ timeoutMs: 45_000 });

    const stories = await service.stores.stories.latest('cecot', 1000);
    const destinationOf = new Map([
      [DESK.channel, DESK.id],
      [SUBSCRIBED_CHANNEL, SUBSCRIBED_ID],
    ]);
    const posts = fake.channelPosts().map((p) => {
      const embeds = p.body.embeds as Array<{ title?: string }>;
      return {
        destination: destinationOf.get(p.channelId) ?? p.channelId,
        message: {
          kind: 'alert' as const,
          topic: 'cecot',
          title: embeds[0]?.title ?? '',
          sections: [],
          text: '',
        },
      };
    });
    await expectEachDeliveredOnce(service.stores, stories, posts, [DESK.id, SUBSCRIBED_ID]);
    for (const p of fake.channelPosts()) {
      expect(discordPayloadProblems(p.body)).toBeNull();
      expect(p.body.allowed_mentions).toEqual({ parse: [] });
    }
    // The 429 was answered by a retry after Retry-After, not by a lost or doubled alert.
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(await service.queues.deliver.getFailedCount()).toBe(0);
  });
});
