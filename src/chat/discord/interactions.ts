/**
 * A slash command interaction, from the gateway or over HTTP, turned into a platform-neutral
 * {@link CommandRequest}, and the {@link CommandReply} sent back. Every interaction is deferred
 * first, ephemeral, before any store is read: Discord wants an answer within 3 seconds, and a
 * private "thinking" state cannot leak a refusal or an error to the channel. The answer then
 * replaces it (`editReply`), and extra parts of a long answer follow it. A reply meant for the
 * channel (a `subscribe` that worked) is posted as a follow-up everyone sees, after a short private
 * note takes the place of the "thinking" state; nothing ever answers an interaction a second time.
 */
import {
  type APIChatInputApplicationCommandInteraction,
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  PermissionsBitField,
} from 'discord.js';
import type { Logger } from '../../log.js';
import { withText } from '../core/compose.js';
import type { Message } from '../core/message.js';
import type { CommandHandler, CommandReply, CommandRequest } from '../core/request.js';
import { type DiscordMessagePayload, renderDiscordMessage } from './render.js';

/** One option of an interaction as Discord sends it (a subcommand nests its own options). */
export interface InteractionOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: readonly InteractionOption[];
}

/** What the adapter reads of a slash command interaction, whichever way it came. */
export interface CommandInteraction {
  /** The top-level command (`cecot`). */
  command: string;
  /** Its options: the subcommand, with the subcommand's options nested. */
  options: readonly InteractionOption[];
  userId: string;
  /** Null in a direct message. */
  guildId: string | null;
  channelId: string;
  /** The member's permissions in the channel, as Discord computed them; null outside a guild. */
  memberPermissions: bigint | null;
}

/** The interaction of an HTTP request body (the raw API payload). */
export function commandInteractionOfPayload(
  raw: APIChatInputApplicationCommandInteraction,
): CommandInteraction {
  return {
    command: raw.data.name,
    options: raw.data.options ?? [],
    userId: raw.member?.user.id ?? raw.user?.id ?? '',
    guildId: raw.guild_id ?? null,
    channelId: raw.channel?.id ?? raw.channel_id ?? '',
    memberPermissions: raw.member ? BigInt(raw.member.permissions) : null,
  };
}

/** Manage Server, or Administrator (which implies every permission). */
function canManageServer(permissions: bigint): boolean {
  return new PermissionsBitField(permissions).has(PermissionFlagsBits.ManageGuild);
}

/**
 * The request for the core handler. No subcommand (a command registered without them) asks for
 * help; in a direct message nobody is an admin, since there is no server to manage.
 */
export function commandRequestOf(interaction: CommandInteraction): CommandRequest {
  const subcommand = interaction.options.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const options: Record<string, string | number | boolean> = {};
  for (const option of subcommand?.options ?? [])
    if (option.value !== undefined) options[option.name] = option.value;
  const { guildId, memberPermissions } = interaction;
  return {
    command: interaction.command,
    input: { kind: 'options', subcommand: subcommand?.name ?? 'help', options },
    caller: {
      platform: 'discord',
      userId: interaction.userId,
      workspaceId: guildId,
      channelId: interaction.channelId,
      isAdmin: async () =>
        guildId !== null && memberPermissions !== null && canManageServer(memberPermissions),
    },
  };
}

/** How an adapter answers an interaction it has already deferred (ephemeral). */
export interface DeferredResponder {
  /** Replaces the deferred "thinking" response (seen by the caller only). */
  editOriginal(payload: DiscordMessagePayload): Promise<void>;
  /** Posts one more message; `ephemeral` ones are seen by the caller only. */
  followUp(payload: DiscordMessagePayload, ephemeral: boolean): Promise<void>;
}

/** Said in place of an answer when answering failed on our side. */
function failureMessage(): Message {
  return withText({
    kind: 'reply',
    topic: '',
    title: 'Something went wrong',
    sections: [
      { lines: ['beatwatch could not answer this command; the error is logged. Try again in a moment.'] },
    ],
  });
}

/** The private note that stands in for "thinking" when the answer goes to the whole channel. */
function postedNote(reply: CommandReply): Message {
  return withText({
    kind: 'reply',
    topic: reply.message.topic,
    title: reply.message.title,
    sections: [{ lines: ['Posted in this channel for everyone.'] }],
  });
}

/** Sends a reply to a deferred interaction: the first part replaces "thinking", the rest follow. */
export async function sendDeferredReply(responder: DeferredResponder, reply: CommandReply): Promise<void> {
  const payloads = renderDiscordMessage(reply.message);
  if (reply.visibility === 'private') {
    const [first, ...rest] = payloads;
    if (first) await responder.editOriginal(first);
    for (const payload of rest) await responder.followUp(payload, true);
    return;
  }
  // The deferred response is ephemeral and stays so when edited: the answer follows it, public.
  const [note] = renderDiscordMessage(postedNote(reply));
  if (note) await responder.editOriginal(note);
  for (const payload of payloads) await responder.followUp(payload, false);
}

/** Error fields safe to log: discord.js errors carry request URLs, and webhook URLs hold a token. */
export function loggableError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const { code, status } = err as { code?: unknown; status?: unknown };
  return {
    name: err.name,
    message: err.message,
    ...(code !== undefined ? { code } : {}),
    ...(status !== undefined ? { status } : {}),
  };
}

/**
 * Answers a deferred interaction: asks the handler, then sends the reply. A handler that throws
 * (a store unreachable) gets a private apology instead of silence; an error while sending is logged.
 */
export async function answerDeferred(
  interaction: CommandInteraction,
  answer: CommandHandler,
  responder: DeferredResponder,
  logger: Logger,
): Promise<void> {
  const request = commandRequestOf(interaction);
  const subcommand = request.input.kind === 'options' ? request.input.subcommand : '';
  let reply: CommandReply;
  try {
    reply = await answer(request);
  } catch (err) {
    logger.error({ err: loggableError(err), command: request.command, subcommand }, 'discord command failed');
    reply = { message: failureMessage(), visibility: 'private' };
  }
  try {
    await sendDeferredReply(responder, reply);
  } catch (err) {
    logger.warn(
      { err: loggableError(err), command: request.command, subcommand },
      'could not send the discord reply',
    );
  }
}
