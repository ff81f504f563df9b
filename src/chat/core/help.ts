/**
 * The words of help, usage errors and refusals. Parsing reports problems as codes
 * (`parse-command.ts`); this is the one place that turns them into sentences, written for the
 * platform the caller is on (Slack users type `latest 3`, Discord users fill `count: 3`).
 */
import type { Topic } from '../../config/schema.js';
import { SUBCOMMAND_SPECS, type SubcommandSpec } from './command-spec.js';
import { withText } from './compose.js';
import { cleanText } from './escape.js';
import { MESSAGE_LIMITS } from './limits.js';
import type { Message } from './message.js';
import type { CommandProblem } from './parse-command.js';
import type { Caller } from './request.js';

type Platform = Caller['platform'];

/** How a subcommand is typed on a platform: `/cecot latest [n]` or `/cecot latest count:<n>`. */
export function usageOf(topic: Pick<Topic, 'command'>, spec: SubcommandSpec, platform: Platform): string {
  if (platform !== 'discord') return `/${topic.command} ${spec.usage}`;
  const options = spec.options.map((o) => (o.required ? `${o.name}:<${o.name}>` : `[${o.name}:<${o.name}>]`));
  return [`/${topic.command} ${spec.name}`, ...options].join(' ');
}

/** Every subcommand with what it does; `problem` (already clean text) comes first when given. */
export function helpMessage(topic: Topic, problem?: string, platform: Platform = 'slack'): Message {
  return withText({
    kind: 'reply',
    topic: topic.id,
    title: cleanText(`${topic.name} — commands`, MESSAGE_LIMITS.title),
    sections: [
      ...(problem ? [{ lines: [problem] }] : []),
      { lines: SUBCOMMAND_SPECS.map((s) => `${usageOf(topic, s, platform)} — ${s.description}`) },
    ],
  });
}

/** Help that starts by saying what was wrong with the command as typed. */
export function problemMessage(topic: Topic, problem: CommandProblem, platform: Platform): Message {
  switch (problem.code) {
    case 'unknown-subcommand':
      return helpMessage(topic, `There is no "${cleanText(problem.given, 40)}" command.`, platform);
    case 'missing-option': {
      const example =
        problem.subcommand.name === 'search' ? ` For example: /${topic.command} search Abrego Garcia` : '';
      return helpMessage(
        topic,
        `${problem.subcommand.name} needs ${describeOption(problem.option)}: ${usageOf(topic, problem.subcommand, platform)}.${example}`,
        platform,
      );
    }
    case 'bad-option':
      return helpMessage(
        topic,
        `"${cleanText(problem.given, 60)}" is not a valid ${problem.option.name} for ${problem.subcommand.name}: ` +
          `it takes ${describeOption(problem.option)}.`,
        platform,
      );
  }
}

function describeOption(option: SubcommandSpec['options'][number]): string {
  if (option.type === 'integer') {
    const range =
      option.minValue !== undefined && option.maxValue !== undefined
        ? ` from ${option.minValue} to ${option.maxValue}`
        : '';
    return `a whole number${range}`;
  }
  if (option.choices) return `one of ${option.choices.join(', ')}`;
  return option.maxLength ? `some words (at most ${option.maxLength} characters)` : 'some words';
}

/** Who counts as an admin on a platform, in words. */
export function adminsOn(platform: Platform): string {
  return platform === 'discord'
    ? 'members with the Manage Server permission'
    : 'workspace admins and owners, and the users listed in the bot’s admin list (chat.slack.admins)';
}

/**
 * Why an admin-only subcommand (or one of its admin-only actions, such as `facts accept`) was
 * refused, and who may run it on this platform.
 */
export function refusalMessage(
  topic: Topic,
  spec: SubcommandSpec,
  platform: Platform,
  action?: string,
): Message {
  const who = adminsOn(platform);
  return withText({
    kind: 'reply',
    topic: topic.id,
    title: cleanText(`${topic.name} — not allowed`, MESSAGE_LIMITS.title),
    sections: [
      {
        lines: [
          `Only admins can run ${action ? `/${topic.command} ${spec.name} ${action}` : usageOf(topic, spec, platform)}: ` +
            `on this platform, ${who}.`,
        ],
      },
    ],
  });
}
