/**
 * Scheduled digests to real chat channels: an admin turns the digest on from Slack (a signed slash
 * command over HTTP) and from Discord (an interaction through the gateway); the scheduler's run
 * builds each channel's digest and posts it through the real SDKs to the fake Slack (Block Kit) and
 * the fake Discord (embeds), on real Redis and real BullMQ. The digest clock is moved by the test,
 * as in digest-schedule.int.test.ts: a run is made due by setting the clock to its time and
 * promoting its pending job.
 */

import { PermissionFlagsBits } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestSchedulerId } from '../../src/digest/schedule.js';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import type { Service } from '../../src/service/start.js';
import { discordPayloadProblems } from '../helpers/discord-limits.js';
import {
  FAKE_CHANNEL_ID,
  FAKE_GUILD_ID,
  type FakeDiscord,
  startFakeDiscord,
} from '../helpers/fake-discord.js';
import { FAKE_TEAM_ID, type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { storeStories } from '../helpers/stories.js';
import { askOverGateway, discordPlatformFor, embedText, sampleStories, waitFor } from './discord-support.js';
import { FAST_TIMINGS } from './service-support.js';
import { runSlashCommand, shownText, slackPlatformOf, slackTestConfig } from './slack-support.js';

const HOUR = 3_600_000;
/** Next year, so every run the test schedules is in the future of the real clock too. */
const YEAR = new Date().getUTCFullYear() + 1;
const SLACK_CHANNEL = 'C0NEWS';
const SLACK_ADMIN = 'U0ADMIN';
const DISCORD_ADMIN = '720000000000000002';

const redis: Redis = connectTestRedis();
const prefix = uniqueName('digest-chat');
const clock = { ms: Date.parse(`${YEAR}-06-10T12:00:00Z`) };
let slack: FakeSlack;
let discord: FakeDiscord;
let service: Service;
let eventsUrl: string;

beforeAll(async () => {
  slack = await startFakeSlack();
  slack.users.set(SLACK_ADMIN, { is_admin: true });
  discord = await startFakeDiscord();
  const config = slackTestConfig({ fake: slack, prefix, mode: 'http', roles: 'run' });
  const slackPlatform = slackPlatformOf(config);
  service = await startBeatwatch({
    config,
    redisUrl: TEST_REDIS_URL,
    roles: ['scheduler', 'deliver', 'bot', 'http'],
    logger: silentLogger(),
    timings: FAST_TIMINGS,
    httpPort: 0,
    chat: (deps) => [slackPlatform(deps), discordPlatformFor(discord, deps)],
    digests: { now: () => clock.ms, lateAfterMs: HOUR },
  });
  eventsUrl = `http://127.0.0.1:${service.httpPort}/slack/events`;
  await waitFor(() => discord.readySessions() === 1, 'the Discord gateway session');
  await storeStories(redis, prefix, service.stores.stories, sampleStories(clock.ms));
});

afterAll(async () => {
  await service?.stop();
  await slack?.close();
  await discord?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

/** Makes a destination's pending digest run due: the clock moves to its time and its job is promoted. */
async function fire(destinationId: string): Promise<number> {
  const schedulerId = digestSchedulerId('cecot', destinationId);
  const dueMs = (await service.queues.digest.getJobScheduler(schedulerId))!.next!;
  clock.ms = dueMs + 60_000;
  await (await service.queues.digest.getJob(`repeat:${schedulerId}:${dueMs}`))!.promote();
  return dueMs;
}

const isDigest = (title: string) => title.includes('daily digest');

describe('digest on, then the scheduled run, in a Slack and a Discord channel', () => {
  const slackDestination = `slack:${FAKE_TEAM_ID}:${SLACK_CHANNEL}`;
  const discordDestination = `discord:${FAKE_GUILD_ID}:${FAKE_CHANNEL_ID}`;

  it('admins turn the digest on in their channel, each at its own time and zone', async () => {
    const onSlack = await runSlashCommand(
      slack,
      eventsUrl,
      'digest on 09:00 America/El_Salvador',
      SLACK_ADMIN,
      SLACK_CHANNEL,
    );
    expect(onSlack.shown).toContain("This channel now gets the beat's digest every day at 09:00");
    const onDiscord = await askOverGateway(discord, {
      subcommand: 'digest',
      options: { action: 'on', time: '07:30', timezone: 'Europe/Madrid' },
      userId: DISCORD_ADMIN,
      permissions: PermissionFlagsBits.ManageGuild,
    });
    expect(onDiscord.followUps.map(embedText).join('\n')).toContain(
      "This channel now gets the beat's digest every day at 07:30",
    );
    const scheduler = (id: string) => service.queues.digest.getJobScheduler(digestSchedulerId('cecot', id));
    expect(await scheduler(slackDestination)).toMatchObject({
      pattern: '0 0 9 * * *',
      tz: 'America/El_Salvador',
    });
    expect(await scheduler(discordDestination)).toMatchObject({
      pattern: '0 30 7 * * *',
      tz: 'Europe/Madrid',
    });
  });

  it('the Slack channel gets its digest in Block Kit when its run comes', async () => {
    const due = await fire(slackDestination);
    expect(new Date(due).toISOString()).toBe(`${YEAR}-06-10T15:00:00.000Z`);
    await waitFor(
      () => slack.posts(SLACK_CHANNEL).some((p) => isDigest(String(p.blocks[0]?.text?.text ?? ''))),
      'the Slack digest',
    );
    await service.waitUntilIdle();
    const digests = slack.posts(SLACK_CHANNEL).filter((p) => isDigest(String(p.blocks[0]?.text?.text ?? '')));
    expect(digests).toHaveLength(1);
    const [post] = digests;
    expect(post!.blocks[0]).toMatchObject({ type: 'header' });
    expect(String(post!.blocks[0]?.text?.text)).toContain(`daily digest, ${YEAR}-06-10`);
    expect(post!.blocks.length).toBeLessThanOrEqual(50);
    const shown = shownText(post!);
    expect(shown).toContain('Judge hears Ábrego García case');
    expect(shown).toContain('Bukele extends the state of emergency');
    expect(shown).toContain('Known:');
    // The hostile headline mentions nobody.
    expect(JSON.stringify(post!.blocks)).not.toMatch(/<!everyone>|<!here>|<@/);
    expect(post!.params).toMatchObject({ link_names: 'false' });
    expect(await service.stores.deliveries.isSent(slackDestination, `digest:cecot:${YEAR}-06-10`)).toBe(true);
  });

  it('the Discord channel gets its digest as embeds when its run comes', async () => {
    const due = await fire(discordDestination);
    expect(new Date(due).toISOString()).toBe(`${YEAR}-06-11T05:30:00.000Z`);
    const digestPosts = () =>
      discord
        .channelPosts(FAKE_CHANNEL_ID)
        .filter((p) =>
          isDigest(String((p.body.embeds as Array<{ title?: string }> | undefined)?.[0]?.title ?? '')),
        );
    await waitFor(() => digestPosts().length > 0, 'the Discord digest');
    await service.waitUntilIdle();
    expect(digestPosts()).toHaveLength(1);
    const [post] = digestPosts();
    const embeds = post!.body.embeds as Array<{ title?: string }>;
    expect(embeds[0]!.title).toContain(`daily digest, ${YEAR}-06-11`);
    expect(discordPayloadProblems(post!.body)).toBeNull();
    expect(post!.body.allowed_mentions).toEqual({ parse: [] });
    const text = embedText(post!.body);
    expect(text).toContain('Judge hears');
    expect(text).toContain('Known:');
    expect(discord.requests.filter((r) => r.status >= 400)).toEqual([]);
    expect(await service.stores.deliveries.isSent(discordDestination, `digest:cecot:${YEAR}-06-11`)).toBe(
      true,
    );
    // Each channel got its own digest once; the other channel's run posted nothing here.
    expect(
      slack.posts(SLACK_CHANNEL).filter((p) => isDigest(String(p.blocks[0]?.text?.text ?? ''))),
    ).toHaveLength(1);
  });
});
