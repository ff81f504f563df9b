/**
 * Answers a beat's slash command, platform-neutral: `/<command> stats | latest [n] | search
 * <words> | facts | sources | subscribe | unsubscribe | digest | help`. The Slack and Discord adapters
 * build a {@link CommandRequest}, call the handler from {@link createCommandHandler}, and render
 * the {@link CommandReply}; they never decide what a command means.
 */
import type { Topic } from '../../config/schema.js';
import { configuredFeeds, withConfiguredFeeds } from '../../service/sources.js';
import type { Stores } from '../../store/index.js';
import type { DestinationStore, FactStore, FeedStore, StoredStory, StoryStore } from '../../store/types.js';
import { MAX_LATEST, needsAdmin } from './command-spec.js';
import { plural, withText } from './compose.js';
import { answerDigest, type DigestControl } from './digest-command.js';
import { cleanText } from './escape.js';
import { acceptFigure } from './facts-accept.js';
import { describeKnownFact } from './figures.js';
import { type FollowContext, follow, following, quiet, unfollow } from './follow-command.js';
import { helpMessage, problemMessage, refusalMessage } from './help.js';
import { buildLatestReply } from './latest.js';
import { MESSAGE_LIMITS } from './limits.js';
import type { Message } from './message.js';
import { parseCommand } from './parse-command.js';
import { type CommandHandler, type CommandReply, type CommandRequest, isTryAgainLater } from './request.js';
import { buildSearchReply } from './search.js';
import { buildSourcesReply } from './sources.js';
import { type FeedAdmin, manageSource } from './sources-admin.js';
import { buildStatsReply } from './stats.js';
import { storyItemOf } from './stories.js';
import { subscribeChannel, unsubscribeChannel } from './subscribe.js';

/** What the commands read and change. */
export interface CommandContext {
  /** Every beat; a request picks one by its slash command name. */
  topics: readonly Topic[];
  stories: Pick<StoryStore, 'since'>;
  facts: Pick<FactStore, 'known' | 'history' | 'accept'>;
  feeds: Pick<FeedStore, 'list'>;
  destinations: Pick<DestinationStore, 'get' | 'upsert' | 'resume' | 'list' | 'setSetting'>;
  follows: FollowContext['follows'];
  /** How long stories are kept (story ids are looked up that far back). */
  retentionMs: number;
  /** Adds, removes and resumes feeds; without it `sources add|remove|resume` say they cannot. */
  feedAdmin?: FeedAdmin;
  /** Schedules digests for `digest on/off`; without it those answer that digests are not scheduled here. */
  digests?: DigestControl;
  now(): number;
}

/** The context over a deployment's stores (what the service, the demo and tests pass). */
export function commandContextOf(
  stores: Pick<Stores, 'stories' | 'facts' | 'feeds' | 'destinations' | 'follows'>,
  options: Pick<CommandContext, 'topics' | 'retentionMs' | 'now' | 'feedAdmin' | 'digests'>,
): CommandContext {
  return {
    stories: stores.stories,
    facts: stores.facts,
    feeds: stores.feeds,
    destinations: stores.destinations,
    follows: stores.follows,
    ...options,
  };
}

const DAY = 86_400_000;
/** How far back `search` looks; stories older than the retention period are gone anyway. */
const SEARCH_DAYS = 90;
/** Stories `latest` lists when no count is given. */
const DEFAULT_LATEST = 5;

const privately = (message: Message): CommandReply => ({ message, visibility: 'private' });

/** Builds the handler both chat platforms call. */
export function createCommandHandler(ctx: CommandContext): CommandHandler {
  return async (request) => {
    const topic = ctx.topics.find((t) => t.command === request.command.replace(/^\//, ''));
    if (!topic) {
      return privately(
        withText({
          kind: 'reply',
          topic: '',
          title: `/${cleanText(request.command, 32)} is not a beat this bot follows`,
          sections: [{ lines: [`Beats here: ${ctx.topics.map((t) => `/${t.command}`).join(', ')}`] }],
        }),
      );
    }
    return answerCommand(ctx, topic, request);
  };
}

/**
 * Answers one command for one beat. Never throws on bad input: it answers with help instead, and
 * with "try again in N s" when the platform cannot say for now whether the caller is an admin.
 */
export async function answerCommand(
  ctx: CommandContext,
  topic: Topic,
  request: Pick<CommandRequest, 'input' | 'caller'>,
): Promise<CommandReply> {
  try {
    return await answerParsed(ctx, topic, request);
  } catch (err) {
    if (!isTryAgainLater(err)) throw err;
    const seconds = Math.max(1, Math.ceil(err.retryAfterMs / 1000));
    return privately(
      withText({
        kind: 'reply',
        topic: topic.id,
        title: cleanText(`${topic.name} — try again in ${seconds} s`, MESSAGE_LIMITS.title),
        sections: [{ lines: [cleanText(`${err.message}. Try again in ${seconds} s.`, MESSAGE_LIMITS.line)] }],
      }),
    );
  }
}

async function answerParsed(
  ctx: CommandContext,
  topic: Topic,
  request: Pick<CommandRequest, 'input' | 'caller'>,
): Promise<CommandReply> {
  const parsed = parseCommand(request.input);
  if (!parsed.ok) return privately(problemMessage(topic, parsed.problem, request.caller.platform));
  const { subcommand, options } = parsed;
  if (needsAdmin(subcommand, options) && !(await request.caller.isAdmin())) {
    const action = subcommand.adminOnly ? undefined : String(options.action);
    return privately(refusalMessage(topic, subcommand, request.caller.platform, action));
  }
  const nowMs = ctx.now();
  switch (subcommand.name) {
    case 'stats':
      return privately(
        buildStatsReply({
          topic,
          items: await recent(ctx, topic, 7, nowMs),
          nowMs,
          knownFacts: await knownFacts(ctx, topic),
        }),
      );
    case 'latest':
      return privately(
        buildLatestReply({
          topic,
          items: await recent(ctx, topic, 7, nowMs),
          limit: Math.min(Number(options.count ?? DEFAULT_LATEST), MAX_LATEST),
        }),
      );
    case 'search':
      return privately(
        buildSearchReply({
          topic,
          items: await recent(ctx, topic, SEARCH_DAYS, nowMs),
          query: String(options.words),
        }),
      );
    case 'facts':
      if (options.action === 'accept') return acceptFigure(ctx.facts, topic, options, request.caller, nowMs);
      return privately(factsReply(topic, await knownFacts(ctx, topic)));
    case 'sources':
      if (options.action !== undefined) return manageSource(ctx.feedAdmin, topic, options, request.caller);
      return privately(
        buildSourcesReply({
          topic,
          // A feed not polled yet is listed too, as `beatwatch sources` lists it.
          feeds: withConfiguredFeeds(await ctx.feeds.list(), configuredFeeds([topic])).filter(
            (f) => f.topic === topic.id,
          ),
          destinations: (await ctx.destinations.list()).filter((d) => d.topics.includes(topic.id)),
          nowMs,
        }),
      );
    case 'follow':
      return follow(followContext(ctx), topic, options, request.caller);
    case 'unfollow':
      return unfollow(followContext(ctx), topic, options, request.caller);
    case 'following':
      return following(followContext(ctx), topic, options, request.caller);
    case 'quiet':
      return quiet(followContext(ctx), topic, options, request.caller);
    case 'subscribe':
      return subscribeChannel(ctx.destinations, topic, request.caller);
    case 'unsubscribe':
      return unsubscribeChannel(ctx.destinations, topic, request.caller);
    case 'digest':
      return answerDigest(ctx, topic, request.caller, options);
    default:
      return privately(helpMessage(topic, undefined, request.caller.platform));
  }
}

function followContext(ctx: CommandContext): FollowContext {
  return {
    follows: ctx.follows,
    destinations: ctx.destinations,
    stories: ctx.stories,
    lookbackMs: ctx.retentionMs,
    now: ctx.now,
  };
}

async function knownFacts(ctx: CommandContext, topic: Topic) {
  const stored = await ctx.facts.known(topic.id);
  return stored.length > 0 ? stored : topic.brief.facts;
}

async function recent(ctx: CommandContext, topic: Topic, days: number, nowMs: number) {
  const stories: StoredStory[] = await ctx.stories.since(topic.id, nowMs - days * DAY);
  return stories.map(storyItemOf);
}

function factsReply(topic: Topic, facts: Awaited<ReturnType<typeof knownFacts>>): Message {
  return withText({
    kind: 'reply',
    topic: topic.id,
    title: cleanText(`${topic.name} — known figures`, MESSAGE_LIMITS.title),
    sections: [
      {
        heading: plural(facts.length, 'figure', 'figures'),
        lines: facts.map((f) => cleanText(describeKnownFact(f, topic), MESSAGE_LIMITS.line)),
      },
    ],
  });
}
