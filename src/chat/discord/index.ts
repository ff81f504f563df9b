/** The Discord adapter: the platform for the service, and command registration for the CLI. */
export { registerCommands, slashCommandOf } from './commands.js';
export { DiscordSetupError, type DiscordSetupErrorCode } from './errors.js';
export {
  createDiscordPlatform,
  type DiscordPlatformOptions,
  type DiscordSettings,
  discordOptionsFromConfig,
} from './platform.js';
export { type DiscordMessagePayload, renderDiscordMessage } from './render.js';
export { closeDiscordRest, createDiscordRest } from './rest.js';
