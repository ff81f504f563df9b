/**
 * Which chat platforms a process has, from the credentials in its environment: Slack when
 * `SLACK_BOT_TOKEN` is set, Discord when `DISCORD_TOKEN` is. Each platform's code (and its SDK) is
 * loaded only when its credentials are there, so a console-only run never loads either.
 */
import type { Config } from '../config/schema.js';
import type { ChatDeps } from '../service/start.js';
import type { ChatPlatform } from './core/platform.js';

/** Builds the platforms of one process, once the service can give them their handler. */
export type ChatPlatformsFactory = (deps: ChatDeps) => ChatPlatform[];

/** Whether the environment names any chat platform. */
export function hasChatCredentials(config: Pick<Config, 'env'>): boolean {
  return Boolean(config.env.SLACK_BOT_TOKEN || config.env.DISCORD_TOKEN);
}

/**
 * What is wrong with the chat credentials, in words that name the variables (never their
 * values): a token without its companion, a token of the wrong kind, a malformed key.
 */
export async function chatSetupProblems(config: Config): Promise<string[]> {
  const problems: string[] = [];
  if (config.env.SLACK_BOT_TOKEN || config.env.SLACK_APP_TOKEN || config.env.SLACK_SIGNING_SECRET) {
    const { slackConfigProblems } = await import('./slack/index.js');
    problems.push(...slackConfigProblems(config));
  }
  if (config.env.DISCORD_TOKEN) {
    const { discordOptionsFromConfig } = await import('./discord/index.js');
    try {
      discordOptionsFromConfig(config);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return problems;
}

/**
 * The factory for the platforms the environment has credentials for, or undefined when it has
 * none. Throws the platform's own setup error (naming the variables) when credentials are half set.
 */
export async function chatPlatformsFor(config: Config): Promise<ChatPlatformsFactory | undefined> {
  if (!hasChatCredentials(config)) return undefined;
  const slackModule = config.env.SLACK_BOT_TOKEN ? await import('./slack/index.js') : null;
  const discordModule = config.env.DISCORD_TOKEN ? await import('./discord/index.js') : null;
  const slack = slackModule?.slackOptionsFromConfig(config) ?? null;
  const discord = discordModule?.discordOptionsFromConfig(config) ?? null;
  return (deps) => [
    ...(slack && slackModule ? [slackModule.createSlackPlatform({ ...slack, ...deps })] : []),
    ...(discord && discordModule ? [discordModule.createDiscordPlatform({ ...discord, ...deps })] : []),
  ];
}
