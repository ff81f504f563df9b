/**
 * `beatwatch register-commands [--guild <id>]`: registers each beat's slash command (`/cecot` and
 * its subcommands) with Discord. In one guild the commands appear at once (for testing); without
 * `--guild` they are registered globally (for production). Either way the set sent replaces the
 * application's commands in that scope.
 */
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';

export interface RegisterCommandsOptions {
  config: Config;
  /** A guild (server) id; without it, global commands. */
  guild?: string;
}

/** Registers the commands; resolves with a line to print. Throws DiscordSetupError when unset. */
export async function runRegisterCommands(options: RegisterCommandsOptions): Promise<string> {
  // Loaded here, not at the top: discord.js costs a moment that other commands need not pay.
  const { closeDiscordRest, createDiscordRest, DiscordSetupError, registerCommands } = await import(
    '../chat/discord/index.js'
  );
  const { DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL } = options.config.env;
  if (!DISCORD_TOKEN) {
    throw new DiscordSetupError(
      'DISCORD_TOKEN_MISSING',
      'DISCORD_TOKEN is not set: copy the bot token from the Bot page of the application in the ' +
        'Discord developer portal into the environment',
    );
  }
  if (!DISCORD_APPLICATION_ID) {
    throw new DiscordSetupError(
      'DISCORD_APPLICATION_ID_MISSING',
      'DISCORD_APPLICATION_ID is not set: copy the Application ID from the General Information page ' +
        'of the application in the Discord developer portal into the environment',
    );
  }
  const rest = createDiscordRest({ token: DISCORD_TOKEN, apiUrl: DISCORD_API_URL, failFast: false });
  try {
    const names = await registerCommands({
      rest,
      applicationId: DISCORD_APPLICATION_ID,
      guildId: options.guild,
      topics: options.config.topics,
    });
    const where = options.guild ? `in guild ${options.guild} (available now)` : 'globally';
    return `Registered ${names.map((n) => `/${n}`).join(', ')} ${where}.`;
  } finally {
    closeDiscordRest(rest);
  }
}

export function registerRegisterCommandsCommand(program: Command): void {
  program
    .command('register-commands')
    .description("Register each beat's slash command with Discord (globally, or in one guild for testing)")
    .option('-g, --guild <id>', 'register in this guild (server) only; its commands update at once')
    .option('-c, --config <file>', 'main config file (default: $BEATWATCH_CONFIG or config/default.yaml)')
    .action(async (opts: { guild?: string; config?: string }) => {
      let config: Config;
      try {
        config = loadConfig({ path: opts.config });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${await runRegisterCommands({ config, guild: opts.guild })}\n`);
    });
}
