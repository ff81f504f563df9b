/**
 * Discord's application commands, generated from the subcommand specs: one top-level command per
 * beat (`/cecot`) with one subcommand per spec and its named options (types, required, choices,
 * bounds). A subcommand or option added to `SUBCOMMAND_SPECS` appears here without other changes.
 * Registration is a bulk overwrite (`PUT`): the set sent becomes the application's whole set, in
 * one guild (updated at once, for testing) or globally.
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import type { Topic } from '../../config/schema.js';
import { type CommandOptionSpec, SUBCOMMAND_SPECS, type SubcommandSpec } from '../core/command-spec.js';
import { truncate } from '../core/escape.js';
import { DiscordSetupError } from './errors.js';

/** Discord's limits on a command definition. */
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_DESCRIPTION = 100;

function option(spec: CommandOptionSpec): APIApplicationCommandBasicOption {
  const base = {
    name: spec.name,
    description: truncate(spec.description, MAX_DESCRIPTION),
    required: spec.required,
  };
  if (spec.choices && spec.choices.length > MAX_CHOICES) {
    throw new DiscordSetupError(
      'DISCORD_COMMAND_SPEC',
      `option "${spec.name}" has ${spec.choices.length} choices; Discord allows ${MAX_CHOICES}`,
    );
  }
  if (spec.type === 'integer') {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(spec.choices ? { choices: spec.choices.map((c) => ({ name: c, value: Number(c) })) } : {}),
      ...(spec.minValue !== undefined ? { min_value: spec.minValue } : {}),
      ...(spec.maxValue !== undefined ? { max_value: spec.maxValue } : {}),
    };
  }
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(spec.choices ? { choices: spec.choices.map((c) => ({ name: c, value: c })) } : {}),
    ...(spec.maxLength !== undefined ? { max_length: spec.maxLength } : {}),
  };
}

function subcommand(spec: SubcommandSpec): APIApplicationCommandSubcommandOption {
  if (spec.options.length > MAX_OPTIONS) {
    throw new DiscordSetupError(
      'DISCORD_COMMAND_SPEC',
      `subcommand "${spec.name}" has ${spec.options.length} options; Discord allows ${MAX_OPTIONS}`,
    );
  }
  // Discord refuses a required option after an optional one; the sort is stable otherwise.
  const options = [...spec.options].sort((a, b) => Number(b.required) - Number(a.required));
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: spec.name,
    description: truncate(spec.description, MAX_DESCRIPTION),
    ...(options.length > 0 ? { options: options.map(option) } : {}),
  };
}

/** The slash command of one beat: `/<command>` with every subcommand of `specs`. */
export function slashCommandOf(
  topic: Pick<Topic, 'command' | 'name'>,
  specs: readonly SubcommandSpec[] = SUBCOMMAND_SPECS,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  if (specs.length > MAX_OPTIONS) {
    throw new DiscordSetupError(
      'DISCORD_COMMAND_SPEC',
      `/${topic.command} has ${specs.length} subcommands; Discord allows ${MAX_OPTIONS}`,
    );
  }
  return {
    type: ApplicationCommandType.ChatInput,
    name: topic.command,
    description: truncate(topic.name, MAX_DESCRIPTION),
    options: specs.map(subcommand),
  };
}

export interface RegisterCommandsOptions {
  rest: REST;
  applicationId: string;
  /** Register in this guild only (updated at once; for testing); otherwise globally. */
  guildId?: string;
  topics: ReadonlyArray<Pick<Topic, 'command' | 'name'>>;
}

/** Replaces the application's commands (in the guild, or globally) with one per beat. */
export async function registerCommands(options: RegisterCommandsOptions): Promise<string[]> {
  const body = options.topics.map((t) => slashCommandOf(t));
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const registered = (await options.rest.put(route, { body })) as Array<{ name: string }>;
  return registered.map((c) => c.name);
}
