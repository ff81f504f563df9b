/** Errors of the Slack adapter, with stable codes. */

/** The Slack settings in the environment cannot work; `problems` name the variables to fix. */
export class SlackConfigError extends Error {
  readonly code = 'SLACK_CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`Slack is not set up correctly:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SlackConfigError';
  }
}

/** Slack refused the bot token or the app token when commands started. */
export class SlackStartError extends Error {
  readonly code = 'SLACK_START_FAILED';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SlackStartError';
  }
}
