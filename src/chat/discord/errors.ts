/** Errors of the Discord adapter's setup, with stable codes and what to do about them. */

export type DiscordSetupErrorCode =
  | 'DISCORD_TOKEN_MISSING'
  | 'DISCORD_APPLICATION_ID_MISSING'
  | 'DISCORD_PUBLIC_KEY_INVALID'
  | 'DISCORD_COMMAND_SPEC';

/** The Discord adapter cannot start or register commands as configured. */
export class DiscordSetupError extends Error {
  constructor(
    readonly code: DiscordSetupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DiscordSetupError';
  }
}
