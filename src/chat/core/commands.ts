/**
 * Slash commands, platform-neutral: `/<command> stats | latest | search <words> | facts | help`.
 * Parsing is pure and returns a result instead of throwing; answering reads the store and
 * returns a {@link Message}. The Slack and Discord adapters only translate their payloads to
 * `answerCommand(…)` and the message back to their own format.
 */
import type { Topic } from '../../config/schema.js';
import type { FactStore, StoredStory, StoryStore } from '../../store/types.js';
import { plural, withText } from './compose.js';
import { cleanText } from './escape.js';
import { describeKnownFact } from './figures.js';
import { buildLatestReply } from './latest.js';
import { MESSAGE_LIMITS } from './limits.js';
import type { Message } from './message.js';
import { buildSearchReply } from './search.js';
import { buildStatsReply } from './stats.js';
import { storyItemOf } from './stories.js';

export const SUBCOMMANDS = ['stats', 'latest', 'search', 'facts', 'help'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** What the user asked for, or why it cannot be answered. */
export type ParsedCommand =
  | { ok: true; subcommand: Subcommand; query: string }
  | { ok: false; error: 'unknown-subcommand'; given: string }
  | { ok: false; error: 'missing-query' };

/** Parses the text after the slash command ("stats", "search abrego garcia"…). Empty means help. */
export function parseCommandText(text: string): ParsedCommand {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const name = first.toLowerCase();
  if (name === '') return { ok: true, subcommand: 'help', query: '' };
  if (!(SUBCOMMANDS as readonly string[]).includes(name)) {
    return { ok: false, error: 'unknown-subcommand', given: first.slice(0, 40) };
  }
  const query = rest.join(' ').slice(0, 200);
  if (name === 'search' && query === '') return { ok: false, error: 'missing-query' };
  return { ok: true, subcommand: name as Subcommand, query };
}

/** The stores a command reads. */
export interface CommandContext {
  topic: Topic;
  stories: Pick<StoryStore, 'since'>;
  facts: Pick<FactStore, 'known'>;
  nowMs: number;
}

const DAY = 86_400_000;
/** How far back `search` looks; stories older than the retention period are gone anyway. */
const SEARCH_DAYS = 90;

function helpReply(topic: Topic, problem?: string): Message {
  const c = `/${topic.command}`;
  return withText({
    kind: 'reply',
    topic: topic.id,
    title: cleanText(`${topic.name} — commands`, MESSAGE_LIMITS.title),
    sections: [
      ...(problem ? [{ lines: [problem] }] : []),
      {
        lines: [
          `${c} stats — the known figures with source and date, recent figures that differ, how much is being written`,
          `${c} latest — the most recent stories, one line per story with every outlet`,
          `${c} search <words> — stories that mention all the words (accents optional)`,
          `${c} facts — the known figures only`,
        ],
      },
    ],
  });
}

async function knownFacts(ctx: CommandContext) {
  const stored = await ctx.facts.known(ctx.topic.id);
  return stored.length > 0 ? stored : ctx.topic.brief.facts;
}

async function recent(ctx: CommandContext, days: number): Promise<ReturnType<typeof storyItemOf>[]> {
  const stories: StoredStory[] = await ctx.stories.since(ctx.topic.id, ctx.nowMs - days * DAY);
  return stories.map(storyItemOf);
}

/** Answers one command for one beat. Never throws on bad input: it answers with help instead. */
export async function answerCommand(ctx: CommandContext, text: string): Promise<Message> {
  const parsed = parseCommandText(text);
  const { topic } = ctx;
  if (!parsed.ok) {
    return parsed.error === 'missing-query'
      ? helpReply(topic, `Search for what? For example: /${topic.command} search Abrego Garcia`)
      : helpReply(topic, `There is no "${cleanText(parsed.given, 40)}" command.`);
  }
  switch (parsed.subcommand) {
    case 'stats':
      return buildStatsReply({
        topic,
        items: await recent(ctx, 7),
        nowMs: ctx.nowMs,
        knownFacts: await knownFacts(ctx),
      });
    case 'latest':
      return buildLatestReply({ topic, items: await recent(ctx, 7) });
    case 'search':
      return buildSearchReply({ topic, items: await recent(ctx, SEARCH_DAYS), query: parsed.query });
    case 'facts': {
      const facts = await knownFacts(ctx);
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
    default:
      return helpReply(topic);
  }
}
