/**
 * An alert's whole way to Discord: local feed server → poll → ingest → deliver → the fake Discord,
 * in one `beatwatch run` process answering commands over the gateway. One channel subscribes with
 * `/cecot subscribe`, another is a configured `type: discord` destination; each gets each alert
 * exactly once, every payload within Discord's limits and mentioning nobody, even after a 429; a
 * hostile story among them arrives defused.
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
  withItem,
} from './service-support.js';

/**
 * A relevant new story written to do harm: broadcasts and a mention (some split by zero-width
 * characters), a script, a bidi override, a 10,000-character title, a link smuggling markdown.
 */
const HOSTILE_ITEM = `
    <item>
      <title>@everyone @every&#x200B;one @&#x200C;here &lt;@810000000000000009&gt; &lt;@&amp;810000000000000008&gt; CECOT inmates moved overnight &#x202E;gnissim&#x202C; &lt;script&gt;alert(1)&lt;/script&gt; **bold** [x](https://evil.example) ${'very long title '.repeat(625)}</title>
      <link>https://isthmusledger.example/2026/11/27/cecot-night-transfer?a=)[y](https://evil.example</link>
      <guid isPermaLink="false">hostile-1</guid>
      <pubDate>Fri, 27 Nov 2026 15:30:00 GMT</pubDate>
      <description>@here Guards moved about forty inmates between cell blocks of CECOT in Tecoluca overnight, the Bukele government said in a short statement on Friday, without saying why the transfer was made.</description>
    </item>`;

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
  feeds.files.set('isthmus-ledger.xml', withItem(feeds.files.get('isthmus-ledger.xml')!, HOSTILE_ITEM));
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

  it('the hostile story arrives once in each channel, defused and within the limits', async () => {
    for (const channel of [DESK.channel, SUBSCRIBED_CHANNEL]) {
      const posts = fake
        .channelPosts(channel)
        .filter((p) => JSON.stringify(p.body).includes('inmates moved overnight'));
      expect(posts).toHaveLength(1);
      const body = posts[0]!.body;
      expect(discordPayloadProblems(body)).toBeNull();
      expect(body.allowed_mentions).toEqual({ parse: [] });
      const embeds = body.embeds as Array<{ title?: string; url?: string }>;
      expect(embeds[0]!.title!.length).toBeLessThanOrEqual(256);
      const raw = JSON.stringify(body);
      expect(raw).not.toMatch(/@(everyone|here)\b|<@&?\d/);
      expect(raw).not.toContain('\u202e');
      expect(raw).not.toContain('[x](https://evil.example)');
      expect(raw).not.toContain('**bold**');
      for (const e of embeds) if (e.url) expect(e.url).not.toMatch(/[()[\] ]/);
    }
  });
});
