/**
 * Slash commands over the gateway: a discord.js client that answers `interactionCreate`. It asks
 * for the Guilds intent only (no privileged intent: commands need none), and no message it sends
 * may mention anyone (`allowedMentions: { parse: [] }` client-wide). Only one process may hold the
 * gateway at a time (see `gateway-lock.ts`): Discord sends every event to every session of a bot.
 */
import {
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { Logger } from '../../log.js';
import type { CommandHandler } from '../core/request.js';
import type { GuardedWork } from './gateway-lock.js';
import {
  answerDeferred,
  type CommandInteraction,
  type DeferredResponder,
  loggableError,
} from './interactions.js';

export interface GatewayOptions {
  token: string;
  /** REST base (`DISCORD_API_URL`); the gateway URL itself comes from `GET /gateway/bot`. */
  apiUrl?: string;
  answer: CommandHandler;
  logger: Logger;
  /** Called when the session ends for good (token refused, intents refused): give the gateway up. */
  onFailure(reason: string): void;
}

function commandInteractionOf(interaction: ChatInputCommandInteraction): CommandInteraction {
  return {
    command: interaction.commandName,
    options: interaction.options.data,
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    memberPermissions: interaction.memberPermissions?.bitfield ?? null,
  };
}

function responderFor(interaction: ChatInputCommandInteraction): DeferredResponder {
  return {
    async editOriginal(payload) {
      await interaction.editReply({ embeds: payload.embeds, allowedMentions: { parse: [] } });
    },
    async followUp(payload, ephemeral) {
      await interaction.followUp({
        embeds: payload.embeds,
        allowedMentions: { parse: [] },
        ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
      });
    },
  };
}

async function onInteraction(interaction: Interaction, options: GatewayOptions): Promise<void> {
  if (!interaction.isChatInputCommand()) return;
  try {
    // First, before any store is read: the 3-second window is Discord's, not ours.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  } catch (err) {
    // Expired or answered elsewhere: answering now would be a second answer.
    options.logger.warn({ err: loggableError(err) }, 'could not defer a discord interaction');
    return;
  }
  await answerDeferred(
    commandInteractionOf(interaction),
    options.answer,
    responderFor(interaction),
    options.logger,
  );
}

/**
 * Creates the client and starts logging in; `ready` resolves once the session is ready. `stop`
 * may be called at any time, logging in included: the client is destroyed at once.
 */
export function openGateway(options: GatewayOptions): GuardedWork {
  const { logger } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
  });
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction, options));
  client.on(Events.Error, (err) => logger.warn({ err: loggableError(err) }, 'discord client error'));
  client.on(Events.ShardError, (err) => logger.warn({ err: loggableError(err) }, 'discord gateway error'));
  client.on(Events.ShardDisconnect, (event) => {
    // discord.js reconnects by itself except after an unrecoverable close (token, intents, shard).
    options.onFailure(`gateway closed for good (code ${event.code})`);
  });
  client.on(Events.Invalidated, () => options.onFailure('gateway session invalidated'));
  let stopped = false;
  const stop = async () => {
    stopped = true;
    client.removeAllListeners();
    await client.destroy();
  };
  const ready = client.login(options.token).then(
    () => {
      if (!stopped) logger.info({ user: client.user?.tag }, 'discord gateway connected');
    },
    async (err: unknown) => {
      await stop().catch(() => undefined);
      throw err;
    },
  );
  return { ready: ready.then(() => undefined), stop };
}
