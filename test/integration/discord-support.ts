/**
 * Support for the Discord integration tests: the command handler on real Redis stores with a few
 * stories, a Discord platform pointed at the fake Discord, and waiting for what the fake records.
 */
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { type CommandContext, commandContextOf, createCommandHandler } from '../../src/chat/core/commands.js';
import type { ChatPlatform } from '../../src/chat/core/platform.js';
import type { CommandHandler } from '../../src/chat/core/request.js';
import { createDiscordPlatform, type DiscordPlatformOptions } from '../../src/chat/discord/index.js';
import type { Topic } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import { createRedisStores, type StoredStory, type Stores } from '../../src/store/index.js';
import type { CommandInteractionInput, FakeDiscord, FakeInteraction } from '../helpers/fake-discord.js';
import { storeStories } from '../helpers/stories.js';
import { storyItem } from '../unit/chat/story-items.js';

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Stories for the commands to find, one hostile. */
export function sampleStories(nowMs: number): StoredStory[] {
  const items = [
    storyItem({
      title: 'Judge hears Ábrego García case',
      cluster: 'a',
      published: new Date(nowMs - 3_600_000).toISOString(),
    }),
    storyItem({
      title: '@everyone <@123> Rights group counts 473 deaths [x](http://evil.example)',
      cluster: 'b',
      published: new Date(nowMs - 7_200_000).toISOString(),
    }),
    storyItem({
      title: 'Bukele extends the state of emergency',
      cluster: 'c',
      published: new Date(nowMs - 10_800_000).toISOString(),
    }),
  ];
  return items.map((item) => ({
    key: item.id,
    topic: 'cecot',
    feedUrl: item.source.feedUrl,
    item: { ...item, score: 2, language: 'en', claims: [] },
    storedAtMs: Date.parse(item.published ?? '') || nowMs,
  }));
}

/** The command handler on real stores under `prefix`, with the sample stories saved. */
export async function commandHandlerOn(
  redis: Redis,
  prefix: string,
  topic: Topic,
): Promise<{ answer: CommandHandler; stores: Stores; context: CommandContext }> {
  const stores = createRedisStores(redis, prefix, 90);
  await storeStories(redis, prefix, stores.stories, sampleStories(Date.now()));
  const context = commandContextOf(stores, { topics: [topic], retentionMs: 90 * 86_400_000, now: Date.now });
  return { answer: createCommandHandler(context), stores, context };
}

/** A Discord platform pointed at the fake, with a short retry time after a 5xx. */
export function discordPlatformFor(
  fake: FakeDiscord,
  options: Pick<DiscordPlatformOptions, 'answer' | 'redis' | 'prefix'> & Partial<DiscordPlatformOptions>,
): ChatPlatform {
  return createDiscordPlatform({
    token: fake.token,
    applicationId: fake.applicationId,
    apiUrl: fake.apiUrl,
    commands: ['cecot'],
    logger: silentLogger(),
    serverErrorRetryMs: 200,
    ...options,
  });
}

/** Every text of the embeds of a recorded body, joined. */
export function embedText(body: Record<string, unknown> | undefined): string {
  const embeds = (body?.embeds ?? []) as Array<{
    title?: string;
    description?: string;
    footer?: { text?: string };
  }>;
  return embeds.map((e) => [e.title, e.description, e.footer?.text].filter(Boolean).join('\n')).join('\n');
}

/** The reply an interaction got, once it has one: the deferral, then the edit and follow-ups. */
export function answerOf(interaction: FakeInteraction) {
  const [callback, ...rest] = interaction.events;
  const edit = rest.find((e) => e.kind === 'edit-original');
  const followUps = rest.filter((e) => e.kind === 'follow-up');
  return { callback: callback?.body, edit: edit?.body, followUps: followUps.map((f) => f.body) };
}

/** What stands in for "thinking" when the answer is posted for the whole channel. */
const POSTED_NOTE = 'Posted in this channel for everyone.';

/**
 * Sends a `/cecot` command through the fake's gateway and waits for its answer, and for the
 * public follow-up an answer for the channel brings (its private note says so; `expectFollowUp`
 * insists on one). Every answer is deferred first, privately, once, and mentions nobody. `text`
 * is the text of the answer that replaced "thinking".
 */
export async function askOverGateway(
  fake: FakeDiscord,
  input: Omit<CommandInteractionInput, 'command'>,
  expectFollowUp = false,
) {
  const payload = fake.commandInteraction({ command: 'cecot', ...input });
  expect(fake.dispatchInteraction(payload)).toBe(1);
  const interaction = fake.interactions.get(payload.id as string)!;
  await waitFor(() => {
    const { edit, followUps } = answerOf(interaction);
    const forChannel = expectFollowUp || embedText(edit).includes(POSTED_NOTE);
    return edit !== undefined && (!forChannel || followUps.length > 0);
  }, `the answer to ${input.subcommand}`);
  const answer = answerOf(interaction);
  expect(answer.callback).toEqual({ type: 5, data: { flags: 64 } });
  for (const body of [answer.edit, ...answer.followUps])
    expect(body?.allowed_mentions).toEqual({ parse: [] });
  expect(interaction.callbackAttempts).toBe(1);
  return { ...answer, text: embedText(answer.edit) };
}
