/**
 * Slack settings from the loaded configuration: the tokens from the environment (read by
 * `src/config/load.ts` only), the admin list from `chat.slack.admins`, and each beat's slash
 * command. Problems name the variables to set; token values never appear in them.
 */
import type { Config } from '../../config/schema.js';
import { SlackConfigError } from './errors.js';

/** What {@link createSlackPlatform} needs from the configuration. */
export interface SlackSettings {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  apiUrl?: string;
  admins: string[];
  /** Each beat's slash command, without the slash. */
  commands: string[];
}

/**
 * Everything wrong with the Slack part of a configuration, for `beatwatch config check` and for
 * {@link slackOptionsFromConfig}. Empty when Slack is set up or simply not used.
 */
export function slackConfigProblems(config: Pick<Config, 'env' | 'destinations'>): string[] {
  const env = config.env;
  const problems: string[] = [];
  const slackDestinations = config.destinations.filter((d) => d.type === 'slack').map((d) => d.id);
  if (!env.SLACK_BOT_TOKEN) {
    if (slackDestinations.length > 0) {
      problems.push(`destinations ${slackDestinations.join(', ')} post to Slack: set SLACK_BOT_TOKEN`);
    }
    if (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) {
      problems.push('SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not: set it too');
    }
    return problems;
  }
  if (!env.SLACK_BOT_TOKEN.startsWith('xoxb-')) {
    problems.push("SLACK_BOT_TOKEN must be the app's Bot User OAuth Token, which starts with xoxb-");
  }
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode, no public URL needed) ' +
        'nor SLACK_SIGNING_SECRET (HTTP mode) is: set one so the bot can answer commands',
    );
  }
  if (env.SLACK_APP_TOKEN && !env.SLACK_APP_TOKEN.startsWith('xapp-')) {
    problems.push('SLACK_APP_TOKEN must be an app-level token, which starts with xapp-');
  }
  if (env.SLACK_API_URL && !/^https?:\/\//.test(env.SLACK_API_URL)) {
    problems.push('SLACK_API_URL must be an http(s) URL such as https://slack.com/api/');
  }
  return problems;
}

/**
 * The Slack settings, or null when `SLACK_BOT_TOKEN` is not set (no Slack). Throws
 * {@link SlackConfigError} when the bot token is set but Slack cannot work as configured.
 */
export function slackOptionsFromConfig(config: Config): SlackSettings | null {
  const problems = slackConfigProblems(config);
  const env = config.env;
  if (!env.SLACK_BOT_TOKEN) return null;
  if (problems.length > 0) throw new SlackConfigError(problems);
  return {
    botToken: env.SLACK_BOT_TOKEN,
    ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
    ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    admins: [...config.chat.slack.admins],
    commands: config.topics.map((t) => t.command),
  };
}
