/**
 * `follow`, `unfollow`, `following` and `quiet`: people follow words or one story of the beat, in
 * their direct messages (or, for admins, in the channel), and choose hours when those alerts wait.
 * A person's direct messages are a destination of their own (`slack:T1:@U1`, channel `@U1`), which
 * the platform adapters resolve to the conversation with that person.
 */
import type { Topic } from '../../config/schema.js';
import { formatFollowQuery, parseFollowQuery, type QueryProblem, quoteQuery } from '../../follows/query.js';
import { formatQuietSpan, isTimeZone, parseQuietSpan, QUIET_SETTINGS } from '../../follows/quiet-hours.js';
import type { Follow, FollowStore } from '../../store/follow-store.js';
import type { DestinationStore, StoredStory, StoryStore } from '../../store/types.js';
import { shortReply } from './compose.js';
import { cleanText } from './escape.js';
import type { CommandOptions } from './parse-command.js';
import type { Caller, CommandReply } from './request.js';
import { shortStoryId } from './stories.js';
import { channelDestinationId } from './subscribe.js';

/** What the follow commands read and change. */
export interface FollowContext {
  follows: Pick<FollowStore, 'add' | 'remove' | 'list'>;
  destinations: Pick<DestinationStore, 'get' | 'upsert' | 'setSetting'>;
  stories: Pick<StoryStore, 'since'>;
  /** How far back a story id is looked up (the retention period). */
  lookbackMs: number;
  now(): number;
}

const STORY_ID = /^#?([0-9a-f]{8})$/i;
/** An id that is also a plausible word to follow: a date, a case or law number (`20250315`). */
const NUMBER_WORD = /^[0-9]{8}$/;

/**
 * The destination of the caller's direct messages. A Slack user is reached through their
 * workspace's bot (`slack:T1:@U1`); a Discord user is one person in every server and in the bot's
 * direct messages, with one conversation with the bot, so their follows and quiet hours are the
 * same wherever they type (`discord:-:@<user>`).
 */
function directDestination(caller: Caller): { id: string; channel: string } {
  if (caller.platform === 'console') return { id: 'console', channel: 'console' };
  const workspace = caller.platform === 'discord' ? '-' : (caller.workspaceId ?? '-');
  return { id: `${caller.platform}:${workspace}:@${caller.userId}`, channel: `@${caller.userId}` };
}

/** Where a follow command acts: the caller's direct messages, or the channel (admins only). */
async function targetOf(
  ctx: FollowContext,
  topic: Topic,
  caller: Caller,
  channel: boolean,
  create: boolean,
): Promise<{ ok: true; id: string; where: string } | { ok: false; reply: CommandReply }> {
  if (channel && caller.platform !== 'console') {
    if (!(await caller.isAdmin())) {
      return {
        ok: false,
        reply: shortReply(topic, 'follows', [
          "Only admins can change this channel's follows; without `channel`, a follow comes to your direct messages.",
        ]),
      };
    }
    const id = channelDestinationId(caller);
    if (create && !(await ctx.destinations.get(id))) {
      await ctx.destinations.upsert({ id, type: caller.platform, channel: caller.channelId, topics: [] });
    }
    return { ok: true, id, where: 'this channel' };
  }
  const direct = directDestination(caller);
  if (create && caller.platform !== 'console' && !(await ctx.destinations.get(direct.id))) {
    await ctx.destinations.upsert({
      id: direct.id,
      type: caller.platform,
      channel: direct.channel,
      topics: [],
    });
  }
  return { ok: true, id: direct.id, where: 'your direct messages' };
}

function describeProblem(problem: QueryProblem): string {
  switch (problem.code) {
    case 'empty':
      return 'Follow what? Give some words, "a phrase", alternatives with OR, exclusions with -word, or a story id from latest.';
    case 'only-exclusions':
      return 'A follow needs at least one word to look for, not only exclusions.';
    case 'too-many-terms':
      return `A follow takes at most ${problem.max} words and phrases.`;
    case 'term-too-long':
      return `Each word or phrase of a follow is at most ${problem.max} characters.`;
  }
}

/** A story of the beat by its short id, among stories kept for the lookback period. */
async function findStory(ctx: FollowContext, topic: Topic, id: string): Promise<StoredStory | null> {
  const stories = await ctx.stories.since(topic.id, ctx.now() - ctx.lookbackMs);
  return stories.find((s) => shortStoryId(s.key) === id.toLowerCase()) ?? null;
}

/** What a follow's words or story id become: the kind and canonical query, or why not. */
async function followKey(
  ctx: FollowContext,
  topic: Topic,
  typed: string,
): Promise<
  | { ok: true; kind: Follow['kind']; query: string; story?: StoredStory; note?: string }
  | { ok: false; line: string }
> {
  const storyId = STORY_ID.exec(typed.trim())?.[1];
  let note: string | undefined;
  if (storyId) {
    const story = await findStory(ctx, topic, storyId);
    if (story) return { ok: true, kind: 'story', query: shortStoryId(story.key), story };
    // Story ids look like eight hex digits; eight decimal digits are as likely a date or a number
    // to look for, so without a story of that id (and without `#`), they are followed as a word.
    if (!NUMBER_WORD.test(typed.trim()))
      return {
        ok: false,
        line: `No story with id ${storyId.toLowerCase()} on this beat; /${topic.command} latest shows the ids.`,
      };
    note = `No story on this beat has id ${storyId}, so this follows it as a word; /${topic.command} latest shows story ids.`;
  }
  const parsed = parseFollowQuery(typed);
  return parsed.ok
    ? { ok: true, kind: 'keywords', query: formatFollowQuery(parsed.query), ...(note ? { note } : {}) }
    : { ok: false, line: describeProblem(parsed.problem) };
}

/** `follow [channel] <keywords or story id>`. */
export async function follow(
  ctx: FollowContext,
  topic: Topic,
  options: CommandOptions,
  caller: Caller,
): Promise<CommandReply> {
  const key = await followKey(ctx, topic, String(options.keywords ?? ''));
  if (!key.ok) return shortReply(topic, 'follows', [key.line]);
  const target = await targetOf(ctx, topic, caller, options.channel === 'true', true);
  if (!target.ok) return target.reply;
  const { created } = await ctx.follows.add(
    {
      topic: topic.id,
      destinationId: target.id,
      kind: key.kind,
      query: key.query,
      ...(key.story ? { cluster: key.story.item.cluster } : {}),
      owner: `${caller.platform} user ${caller.userId}`,
    },
    ctx.now(),
  );
  const what =
    key.kind === 'story'
      ? `story ${key.query} ("${cleanText(key.story?.item.title, 120)}"): its follow-ups come to ${target.where}, threaded under the first`
      : `${quoteQuery(key.query)}: each new matching story comes to ${target.where} once, later reports of it threaded under it`;
  const note = key.note ? [key.note] : [];
  if (!created) return shortReply(topic, 'follows', [`Already following ${what}.`, ...note]);
  return shortReply(
    topic,
    'follows',
    [
      `Following ${what}. /${topic.command} unfollow ${target.where === 'this channel' ? 'channel ' : ''}${key.query} stops it.`,
      ...note,
    ],
    target.where === 'this channel' ? 'channel' : 'private',
  );
}

/** `unfollow [channel] <keywords or story id>`. */
export async function unfollow(
  ctx: FollowContext,
  topic: Topic,
  options: CommandOptions,
  caller: Caller,
): Promise<CommandReply> {
  const typed = String(options.keywords ?? '');
  const target = await targetOf(ctx, topic, caller, options.channel === 'true', false);
  if (!target.ok) return target.reply;
  const storyId = STORY_ID.exec(typed.trim())?.[1]?.toLowerCase();
  let removed = storyId ? await ctx.follows.remove(topic.id, target.id, 'story', storyId) : false;
  let query = storyId ?? typed.trim();
  // Not a story followed: the same as a word (`follow 20250315` with no such story follows the word).
  if (!removed && (!storyId || NUMBER_WORD.test(typed.trim()))) {
    const parsed = parseFollowQuery(typed);
    query = parsed.ok ? formatFollowQuery(parsed.query) : typed.trim();
    removed = await ctx.follows.remove(topic.id, target.id, 'keywords', query);
  }
  return removed
    ? shortReply(topic, 'follows', [`No longer following ${quoteQuery(query)} in ${target.where}.`])
    : shortReply(topic, 'follows', [
        `There is no follow ${quoteQuery(query)} in ${target.where}; /${topic.command} following lists them.`,
      ]);
}

/** `following [channel]`. */
export async function following(
  ctx: FollowContext,
  topic: Topic,
  options: CommandOptions,
  caller: Caller,
): Promise<CommandReply> {
  const channel = options.channel === 'true';
  const id = channel ? channelDestinationId(caller) : directDestination(caller).id;
  const mine = (await ctx.follows.list(topic.id)).filter((f) => f.destinationId === id);
  const where = channel ? 'This channel follows' : 'You follow';
  const lines =
    mine.length === 0
      ? [
          `${channel ? 'This channel follows' : 'You follow'} nothing on this beat yet. /${topic.command} follow <words> starts one.`,
        ]
      : [`${where}:`, ...mine.map((f) => (f.kind === 'story' ? `story ${f.query}` : quoteQuery(f.query)))];
  if (!channel) {
    const settings = (await ctx.destinations.get(id))?.settings ?? {};
    const span = settings[QUIET_SETTINGS.span];
    lines.push(
      span ? `Quiet hours: ${span} (${settings[QUIET_SETTINGS.zone] ?? 'UTC'}).` : 'No quiet hours.',
    );
  }
  return shortReply(topic, 'follows', lines);
}

/** `quiet <HH:MM-HH:MM|off> [time zone]`. */
export async function quiet(
  ctx: FollowContext,
  topic: Topic,
  options: CommandOptions,
  caller: Caller,
): Promise<CommandReply> {
  const hours = String(options.hours ?? '')
    .trim()
    .toLowerCase();
  const zone = options.timezone === undefined ? topic.digest.timezone : String(options.timezone).trim();
  const target = await targetOf(ctx, topic, caller, false, true);
  if (!target.ok) return target.reply;
  if (caller.platform === 'console') return shortReply(topic, 'follows', ['The console has no quiet hours.']);
  if (hours === 'off') {
    await ctx.destinations.setSetting(target.id, QUIET_SETTINGS.span, '');
    return shortReply(topic, 'follows', ['Quiet hours are off: follow alerts come as they happen.']);
  }
  const span = parseQuietSpan(hours);
  if (!span)
    return shortReply(topic, 'follows', [
      `"${hours}" is not a span of hours: give HH:MM-HH:MM, e.g. 22:00-07:00, or off.`,
    ]);
  if (!isTimeZone(zone))
    return shortReply(topic, 'follows', [
      `"${zone}" is not a time zone; give an IANA name such as America/El_Salvador.`,
    ]);
  await ctx.destinations.setSetting(target.id, QUIET_SETTINGS.span, formatQuietSpan(span));
  await ctx.destinations.setSetting(target.id, QUIET_SETTINGS.zone, zone);
  return shortReply(topic, 'follows', [
    `Quiet hours: ${formatQuietSpan(span)} (${zone}). Follow alerts in those hours wait until they end.`,
  ]);
}
