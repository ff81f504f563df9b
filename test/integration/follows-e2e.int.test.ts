/**
 * Follows end to end, on both platforms at once: people follow from Slack (signed slash commands
 * over HTTP) and from Discord (interactions through the gateway); local feed server → poll →
 * ingest → deliver → the fake Slack and the fake Discord, through the real SDKs, on real Redis.
 * Checked for each person: one alert per matching story cluster, in their direct messages; a later
 * report of it threaded under that alert (Slack `thread_ts`, Discord `message_reference`); at most
 * one follow-up per cluster per hour; past `follows.maxPerHour` (1 here) new clusters, one roll-up
 * sent after the hour; quiet hours holding alerts until they end; a story follow getting that
 * story's follow-ups only. The follows' clock is held at 12:10 UTC, so the hour never turns during
 * the test; held jobs are promoted rather than waited for. Admins' channel follows (Slack
 * `follow channel …`, Discord `channel:true`) go the same way, to the channel.
 */
import type { Job } from 'bullmq';
import { PermissionFlagsBits } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import type { DeliverJob } from '../../src/queue/jobs/deliver.js';
import type { Service } from '../../src/service/start.js';
import type { StoredStory } from '../../src/store/types.js';
import { discordPayloadProblems } from '../helpers/discord-limits.js';
import {
  FAKE_CHANNEL_ID,
  FAKE_GUILD_ID,
  type FakeDiscord,
  startFakeDiscord,
} from '../helpers/fake-discord.js';
import { FAKE_TEAM_ID, type FakeSlack, type SlackPost, startFakeSlack } from '../helpers/fake-slack.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { askOverGateway, discordPlatformFor, embedText, waitFor } from './discord-support.js';
import { FAST_TIMINGS, type FeedServer, readRound, startFeedServer, withItem } from './service-support.js';
import { runSlashCommand, shownText, slackPlatformOf, slackTestConfig } from './slack-support.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The follows' clock: 12:10 UTC, ten minutes into an hour. */
const FOLLOW_NOW = Date.UTC(2030, 0, 15, 12, 10);

/** A third report of the 473 deaths, in words of its own (not a copy), for round 3. */
const THIRD_REPORT = `
    <item>
      <title>Families ask for independent autopsies after count of 473 deaths in custody</title>
      <link>https://isthmusledger.example/2026/11/28/families-autopsies/</link>
      <guid isPermaLink="true">https://isthmusledger.example/?p=2310</guid>
      <pubDate>Sat, 28 Nov 2026 10:00:00 GMT</pubDate>
      <description>Relatives of men who died in Salvadoran prisons asked prosecutors on Saturday for independent autopsies, a day after Socorro Jurídico Humanitario said 473 people have died in state custody since the mass arrests began. The security ministry did not answer questions about the deaths.</description>
    </item>`;

/** The people, on each platform: what they follow and how their alerts must arrive. */
const SLACK = {
  thread: 'U0ANA',
  rollup: 'U0BEA',
  quiet: 'U0CARL',
  story: 'U0DANI',
  admin: 'U0EDIT',
} as const;
/** The Slack channel an admin follows words for. */
const SLACK_CHANNEL = 'C0NEWS';
const DISCORD = {
  thread: '710000000000000011',
  rollup: '710000000000000012',
  quiet: '710000000000000013',
  story: '710000000000000014',
  late: '710000000000000015',
  admin: '710000000000000016',
} as const;

const redis: Redis = connectTestRedis();
const prefix = uniqueName('follows-e2e');
let slack: FakeSlack;
let discord: FakeDiscord;
let feeds: FeedServer;
let service: Service;
let eventsUrl: string;

beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await startFakeDiscord();
  feeds = await startFeedServer(readRound(1));
  const base = slackTestConfig({ fake: slack, prefix, mode: 'http', roles: 'run', feeds: feeds.urls() });
  const config = { ...base, follows: { maxPerHour: 1 } };
  const slackPlatform = slackPlatformOf(config);
  service = await startBeatwatch({
    config,
    redisUrl: TEST_REDIS_URL,
    roles: 'run',
    logger: silentLogger(),
    timings: FAST_TIMINGS,
    httpPort: 0,
    chat: (deps) => [slackPlatform(deps), discordPlatformFor(discord, deps)],
    follows: { now: () => FOLLOW_NOW },
  });
  eventsUrl = `http://127.0.0.1:${service.httpPort}/slack/events`;
  await waitFor(() => discord.readySessions() === 1, 'the Discord gateway session');
});

afterAll(async () => {
  await service?.stop();
  await feeds?.close();
  await slack?.close();
  await discord?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

/** Slack's direct-message conversation with a user, as the fake opens it. */
const slackDm = (user: string) => `D${user.slice(1)}`;
/** Discord's direct-message channel with a user, as the fake opens it. */
const discordDm = (user: string) => `9${user}`;
const slackDestination = (user: string) => `slack:${FAKE_TEAM_ID}:@${user}`;
const discordDestination = (user: string) => `discord:-:@${user}`;

/** `/cecot <text>` from a Slack user; the text of its private answer. */
async function onSlack(user: string, text: string): Promise<string> {
  const { responses, shown } = await runSlashCommand(slack, eventsUrl, text, user, 'C0NEWS');
  expect(responses.map((r) => r.body.response_type)).toEqual(['ephemeral']);
  return shown;
}

/** A `/cecot` subcommand from a Discord user in a server channel; the text of its private answer. */
async function onDiscord(
  user: string,
  subcommand: string,
  options: Record<string, string | number | boolean>,
): Promise<string> {
  const answer = await askOverGateway(discord, { subcommand, options, userId: user });
  expect(answer.followUps).toEqual([]);
  return answer.text;
}

/**
 * Deliveries held back on purpose: added with a delay of a minute or more (quiet hours, the end
 * of a roll-up's hour). A reply waiting a moment for its thread's first message is not one.
 */
function isHeld(job: Job): boolean {
  return (job.opts.delay ?? 0) >= MINUTE;
}

async function heldFor(destinationId: string): Promise<Array<Job<DeliverJob>>> {
  const delayed = (await service.queues.deliver.getJobs(['delayed'])) as Array<Job<DeliverJob>>;
  return delayed.filter((j) => isHeld(j) && j.data.destinationId === destinationId);
}

/** True when every poll, ingest and delivery is done, except deliveries held back on purpose. */
async function settled(): Promise<boolean> {
  const { poll, ingest, deliver } = service.queues;
  for (const q of [poll, ingest, deliver]) {
    const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
    if (Object.values(counts).some((n) => n > 0)) return false;
  }
  if ((await poll.getRanges(['delayed'], 0, -1)).some((id) => !id.startsWith('repeat:'))) return false;
  if (((await ingest.getJobCounts('delayed')).delayed ?? 0) > 0) return false;
  return (await deliver.getJobs(['delayed'])).every(isHeld);
}

/** Polls every feed and waits until everything it brought is ingested and delivered (or held). */
async function pollRound(): Promise<void> {
  await service.pollNow();
  let quiet = 0;
  // Settled twice in a row: a job can be between queues.
  await waitFor(
    async () => {
      quiet = (await settled()) ? quiet + 1 : 0;
      return quiet >= 2;
    },
    'the round to settle',
    60_000,
  );
}

/**
 * Relevant original stories (not copies) stored since `sinceMs`, by cluster: the one that opened
 * its cluster first, then its follow-ups as they were stored.
 */
async function clustersSince(sinceMs: number): Promise<Map<string, StoredStory[]>> {
  const stories = (await service.stores.stories.latest('cecot', 1000))
    .filter((s) => s.storedAtMs >= sinceMs && s.item.relevant && s.item.duplicateOf === null)
    .sort((a, b) => Number(a.item.followUp) - Number(b.item.followUp) || a.storedAtMs - b.storedAtMs);
  const out = new Map<string, StoredStory[]>();
  for (const s of stories) out.set(s.item.cluster, [...(out.get(s.item.cluster) ?? []), s]);
  return out;
}

/** The cluster one of whose stories has a title that matches. */
function clusterOf(clusters: Map<string, StoredStory[]>, title: RegExp): StoredStory[] {
  const found = [...clusters.values()].find((stories) => stories.some((s) => title.test(s.item.title)));
  if (!found) throw new Error(`no cluster of round 2 has a story titled ${title}`);
  return found;
}

/** The titles of a thread about a cluster: its first story, then its first follow-up. */
function threadTitles(stories: readonly StoredStory[]): string[] {
  return [`New story: ${stories[0]!.item.title}`, `Follow-up: ${stories[1]!.item.title}`];
}

/** The headline a Slack post or Discord message shows. */
const slackTitle = (post: SlackPost) => String(post.blocks[0]?.text?.text ?? '');
const discordTitle = (body: Record<string, unknown>) =>
  String((body.embeds as Array<{ title?: string }>)[0]?.title ?? '');

/** Checks a Slack thread: a first post, then replies whose `thread_ts` is its `ts`. */
function expectSlackThread(posts: SlackPost[], replies: number): void {
  const [root, ...rest] = posts;
  expect(root?.params.thread_ts, 'the first alert starts the thread').toBeUndefined();
  expect(rest).toHaveLength(replies);
  for (const reply of rest) expect(reply.params.thread_ts).toBe(root!.ts);
}

/** Checks a Discord thread: a first message, then replies referencing it. */
function expectDiscordThread(dm: string, replies: number): void {
  const [root, ...rest] = discord.channelPosts(dm);
  expect(root?.body.message_reference, 'the first alert starts the thread').toBeUndefined();
  expect(rest).toHaveLength(replies);
  for (const reply of rest)
    expect(reply.body.message_reference).toEqual({ message_id: root!.id, fail_if_not_exists: false });
}

describe('follows from Slack and Discord, alerted in direct messages', () => {
  let round2StartMs = 0;

  it('round 1 (the first fetch of every feed) stores the items and posts nothing', async () => {
    await pollRound();
    expect((await service.stores.stories.latest('cecot', 1000)).length).toBeGreaterThan(5);
    expect(slack.calls('chat.postMessage')).toEqual([]);
    expect(discord.channelPosts()).toEqual([]);
  });

  it('people follow words, a story by the id latest shows, and set quiet hours, from both platforms', async () => {
    expect(await onSlack(SLACK.thread, 'follow "Socorro Jurídico"')).toContain(
      'Following "socorro juridico": each new matching story comes to your direct messages once',
    );
    expect(await onSlack(SLACK.rollup, 'follow venezuelans OR "socorro juridico"')).toContain(
      'Following venezuelans OR "socorro juridico"',
    );
    expect(await onSlack(SLACK.quiet, 'quiet 12:00-13:00 UTC')).toContain('Quiet hours: 12:00-13:00 (UTC)');
    expect(await onSlack(SLACK.quiet, 'follow "socorro juridico"')).toContain('Following "socorro juridico"');

    expect(await onDiscord(DISCORD.thread, 'follow', { keywords: 'Venezuelans' })).toContain(
      'Following "venezuelans"',
    );
    expect(
      await onDiscord(DISCORD.rollup, 'follow', { keywords: '"Socorro Juridico" OR venezuelans' }),
    ).toContain('Following "socorro juridico" OR venezuelans');
    expect(await onDiscord(DISCORD.quiet, 'quiet', { hours: '12:00-13:00', timezone: 'UTC' })).toContain(
      'Quiet hours: 12:00-13:00 (UTC)',
    );
    expect(await onDiscord(DISCORD.quiet, 'follow', { keywords: 'venezuelans' })).toContain(
      'Following "venezuelans"',
    );

    // A story from round 1, followed by the id `latest` shows, on each platform.
    const latest = await onSlack(SLACK.story, 'latest 10');
    const hearing = /Hearing set in Abrego Garcia case[\s\S]*?· id ([0-9a-f]{8})/.exec(latest);
    expect(hearing, 'latest shows the hearing story with its id').not.toBeNull();
    const storyId = hearing![1]!;
    const stored = (await service.stores.stories.latest('cecot', 1000)).find((s) =>
      s.item.title.startsWith('Hearing set in Abrego Garcia case'),
    );
    expect(stored!.key.startsWith(storyId)).toBe(true);
    expect(await onSlack(SLACK.story, `follow ${storyId}`)).toContain(`Following story ${storyId}`);
    expect(await onDiscord(DISCORD.story, 'latest', { count: 10 })).toContain(`id ${storyId}`);
    expect(await onDiscord(DISCORD.story, 'follow', { keywords: `#${storyId}` })).toContain(
      `Following story ${storyId}`,
    );

    const following = await onSlack(SLACK.quiet, 'following');
    expect(following).toContain('You follow:\n"socorro juridico"');
    expect(following).toContain('Quiet hours: 12:00-13:00 (UTC).');
  });

  it('admins follow words for their channel, on both platforms', async () => {
    slack.users.set(SLACK.admin, { is_admin: true });
    const onSlackChannel = await runSlashCommand(
      slack,
      eventsUrl,
      'follow channel venezuelans',
      SLACK.admin,
      SLACK_CHANNEL,
    );
    expect(onSlackChannel.responses.map((r) => r.body.response_type)).toEqual(['in_channel']);
    expect(onSlackChannel.shown).toContain(
      'Following "venezuelans": each new matching story comes to this channel once',
    );
    const onDiscordChannel = await askOverGateway(discord, {
      subcommand: 'follow',
      options: { keywords: 'socorro juridico', channel: true },
      userId: DISCORD.admin,
      permissions: PermissionFlagsBits.ManageGuild,
    });
    expect(onDiscordChannel.followUps.map(embedText).join('\n')).toContain(
      'Following "socorro juridico": each new matching story comes to this channel once',
    );
    const destinations = (await service.stores.follows.list('cecot')).map((f) => f.destinationId);
    expect(destinations).toContain(`slack:${FAKE_TEAM_ID}:${SLACK_CHANNEL}`);
    expect(destinations).toContain(`discord:${FAKE_GUILD_ID}:${FAKE_CHANNEL_ID}`);
  });

  it('round 2: each follow gets its matching cluster once in direct messages, the later report threaded under it', async () => {
    round2StartMs = Date.now();
    for (const [name, body] of readRound(2)) feeds.files.set(name, body);
    await pollRound();
    const clusters = await clustersSince(round2StartMs);
    const deaths = clusterOf(clusters, /473/);
    const filing = clusterOf(clusters, /252/);
    // Both stories of round 2 are reports of their own (not copies), in one cluster each.
    expect(deaths).toHaveLength(2);
    expect(filing).toHaveLength(2);

    // Slack: "socorro juridico" → the 473 story, then its second report in the thread.
    const ana = slack.posts(slackDm(SLACK.thread));
    expect(ana.map(slackTitle)).toEqual(threadTitles(deaths));
    expectSlackThread(ana, 1);
    expect(shownText(ana[0]!)).toContain('"socorro juridico" — mentions "socorro juridico"');

    // Discord: "venezuelans" → the 252 story, then its second report as a reply to it.
    const dm = discordDm(DISCORD.thread);
    expect(discord.channelPosts(dm).map((p) => discordTitle(p.body))).toEqual(threadTitles(filing));
    expectDiscordThread(dm, 1);
    expect(embedText(discord.channelPosts(dm)[0]!.body)).toContain('"venezuelans" — mentions "venezuelans"');
  });

  it('a channel follow gets its matching cluster once in the channel, the later report threaded under it', async () => {
    const clusters = await clustersSince(round2StartMs);
    const alerts = (title: string) => /^(New story|Follow-up): /.test(title);
    // Slack: "venezuelans" in #news → the 252 story, then its second report in the thread.
    const inSlack = slack.posts(SLACK_CHANNEL).filter((p) => alerts(slackTitle(p)));
    expect(inSlack.map(slackTitle)).toEqual(threadTitles(clusterOf(clusters, /252/)));
    expectSlackThread(inSlack, 1);
    expect(shownText(inSlack[0]!)).toContain('"venezuelans" — mentions "venezuelans"');
    // Discord: "socorro juridico" in the server's channel → the 473 story, then a reply to it.
    const inDiscord = discord.channelPosts(FAKE_CHANNEL_ID).filter((p) => alerts(discordTitle(p.body)));
    expect(inDiscord.map((p) => discordTitle(p.body))).toEqual(threadTitles(clusterOf(clusters, /473/)));
    expect(inDiscord[0]!.body.message_reference).toBeUndefined();
    expect(inDiscord[1]!.body.message_reference).toEqual({
      message_id: inDiscord[0]!.id,
      fail_if_not_exists: false,
    });
  });

  it('past the hourly cap, a second matching cluster waits for the roll-up; the first still gets its thread', async () => {
    const clusters = await clustersSince(round2StartMs);
    const followed = [clusterOf(clusters, /473/), clusterOf(clusters, /252/)];
    const titles = {
      slack: slack.posts(slackDm(SLACK.rollup)).map(slackTitle),
      discord: discord.channelPosts(discordDm(DISCORD.rollup)).map((p) => discordTitle(p.body)),
    };
    // Whichever of the two clusters came first has its thread; the other is held for the roll-up.
    for (const posted of [titles.slack, titles.discord])
      expect(followed.map(threadTitles)).toContainEqual(posted);
    expectSlackThread(slack.posts(slackDm(SLACK.rollup)), 1);
    expectDiscordThread(discordDm(DISCORD.rollup), 1);
    for (const destination of [slackDestination(SLACK.rollup), discordDestination(DISCORD.rollup)]) {
      const held = await heldFor(destination);
      expect(held.map((j) => j.data.compose?.kind)).toEqual(['rollup']);
      // Sent a minute after the hour the cap counted in (12:00–13:00 UTC) ends.
      expect(held[0]!.opts.delay).toBe(HOUR - 10 * MINUTE + MINUTE);
    }
  });

  it('quiet hours hold a person’s alerts until the span ends; released, they arrive as a thread', async () => {
    const slackHeld = await heldFor(slackDestination(SLACK.quiet));
    const discordHeld = await heldFor(discordDestination(DISCORD.quiet));
    for (const held of [slackHeld, discordHeld]) {
      expect(held.map((j) => j.data.thread?.role).sort()).toEqual(['reply', 'root']);
      // 12:10 to the end of quiet hours at 13:00 UTC.
      for (const job of held) expect(job.opts.delay).toBe(50 * MINUTE);
    }
    expect(slack.posts(slackDm(SLACK.quiet))).toEqual([]);
    expect(discord.channelPosts(discordDm(DISCORD.quiet))).toEqual([]);

    // As if 13:00 had come, the reply first: it waits for its thread's first message.
    for (const role of ['reply', 'root'])
      for (const job of [...slackHeld, ...discordHeld])
        if (job.data.thread?.role === role) await job.promote();
    await waitFor(() => slack.posts(slackDm(SLACK.quiet)).length === 2, 'the Slack alerts after quiet hours');
    await waitFor(
      () => discord.channelPosts(discordDm(DISCORD.quiet)).length === 2,
      'the Discord alerts after quiet hours',
    );
    expectSlackThread(slack.posts(slackDm(SLACK.quiet)), 1);
    expectDiscordThread(discordDm(DISCORD.quiet), 1);
    const clusters = await clustersSince(round2StartMs);
    const [deaths, filing] = [clusterOf(clusters, /473/), clusterOf(clusters, /252/)];
    expect(slack.posts(slackDm(SLACK.quiet)).map(slackTitle)).toEqual(threadTitles(deaths));
    expect(discord.channelPosts(discordDm(DISCORD.quiet)).map((p) => discordTitle(p.body))).toEqual(
      threadTitles(filing),
    );
  });

  it('round 3: a third report within the hour is no second follow-up; a follow made since gets it once', async () => {
    expect(await onDiscord(DISCORD.late, 'follow', { keywords: 'socorro juridico' })).toContain(
      'Following "socorro juridico"',
    );
    const before = { slack: slack.posts().length, discord: discord.channelPosts().length };
    const round3StartMs = Date.now();
    feeds.files.set('isthmus-ledger.xml', withItem(feeds.files.get('isthmus-ledger.xml')!, THIRD_REPORT));
    await pollRound();
    const [third] = [...(await clustersSince(round3StartMs)).values()].flat();
    expect(third?.item.title).toMatch(/^Families ask for independent autopsies/);
    const deaths = clusterOf(await clustersSince(round2StartMs), /473/);
    expect(deaths.map((s) => s.key)).toContain(third!.key);

    // The follow made after round 2 gets the story once, as the first alert of its own thread.
    const late = discord.channelPosts(discordDm(DISCORD.late));
    expect(late.map((p) => discordTitle(p.body))).toEqual([`Follow-up: ${third!.item.title}`]);
    expect(late[0]!.body.message_reference).toBeUndefined();
    // Nobody who already had a follow-up of the cluster this hour gets another: only the new follow
    // posted (and a roll-up may have grown, to be sent after the hour).
    expect(slack.posts()).toHaveLength(before.slack);
    expect(discord.channelPosts()).toHaveLength(before.discord + 1);
  });

  it('after the hour, one roll-up lists every story of the cluster past the cap', async () => {
    const clusters = await clustersSince(round2StartMs);
    const checks = [
      {
        destination: slackDestination(SLACK.rollup),
        query: 'venezuelans OR "socorro juridico"',
        posts: () =>
          slack.posts(slackDm(SLACK.rollup)).map((p) => ({ title: slackTitle(p), text: shownText(p) })),
      },
      {
        destination: discordDestination(DISCORD.rollup),
        query: '"socorro juridico" OR venezuelans',
        posts: () =>
          discord.channelPosts(discordDm(DISCORD.rollup)).map((p) => ({
            title: discordTitle(p.body),
            text: embedText(p.body),
          })),
      },
    ];
    for (const { destination, query, posts } of checks) {
      const [rollup] = await heldFor(destination);
      await rollup!.promote();
      await waitFor(() => posts().length === 3, `the roll-up to ${destination}`);
      const [root, , sent] = posts();
      // The cluster past the cap is the one that did not start the thread; every story of it is listed.
      const followed = [clusterOf(clusters, /473/), clusterOf(clusters, /252/)];
      const rolled = followed.find((stories) => !root!.title.endsWith(stories[0]!.item.title))!;
      expect(rolled.length).toBeGreaterThanOrEqual(2);
      expect(sent!.title).toBe(`${rolled.length} more stories matched ${query} in the last hour`);
      for (const story of rolled) expect(sent!.text).toContain(story.item.title);
      expect(await heldFor(destination)).toEqual([]);
    }
  });

  it('every post stayed within the platforms’ limits and mentioned nobody', () => {
    // The fakes refuse what is over a limit: nothing was refused.
    expect(slack.calls('chat.postMessage')).toHaveLength(slack.posts().length);
    expect(discord.requests.filter((r) => r.status >= 400)).toEqual([]);
    for (const post of discord.channelPosts()) {
      expect(discordPayloadProblems(post.body)).toBeNull();
      expect(post.body.allowed_mentions).toEqual({ parse: [] });
    }
    for (const post of slack.posts()) expect(post.params).toMatchObject({ link_names: 'false' });
  });

  it('a story follow gets that story’s follow-up only', async () => {
    for (const posts of [
      slack.posts(slackDm(SLACK.story)).map(slackTitle),
      discord.channelPosts(discordDm(DISCORD.story)).map((p) => discordTitle(p.body)),
    ]) {
      expect(posts).toEqual(['Follow-up: Jueza escucha a testigos en el caso de Kilmar Ábrego García']);
    }
    expect(shownText(slack.posts(slackDm(SLACK.story))[0]!)).toContain('A new report on a story you follow');
  });
});
