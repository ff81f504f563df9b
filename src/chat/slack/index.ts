/**
 * Slack for beatwatch: alerts and digests posted to channels, and each beat's slash command
 * answered over Socket Mode or HTTP. The only part of beatwatch that talks to `@slack/*`.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import { type ChatPlatform, credentialTag } from '../core/platform.js';
import { createReplayGuard } from '../core/replay-guard.js';
import type { CommandHandler } from '../core/request.js';
import { createAdminCheck } from './admins.js';
import { createSlackCommandApp } from './app.js';
import { createSlackClient } from './client.js';
import type { SlackSettings } from './config.js';
import { createSlackDestination } from './destination.js';

export { type SlackSettings, slackConfigProblems, slackOptionsFromConfig } from './config.js';
export { SlackConfigError, SlackStartError } from './errors.js';
export { renderSlackMessages, type SlackMessage } from './render.js';

/** Everything the Slack platform needs: the settings plus what the service gives every platform. */
export interface SlackPlatformOptions extends SlackSettings {
  /** The command handler both platforms share (`ChatDeps.answer`). */
  answer: CommandHandler;
  /** The service's Redis: requests already received are remembered there (HTTP mode). */
  redis: Redis;
  prefix: string;
  logger: Logger;
}

/**
 * The Slack platform. Cheap to create: destinations share one Web API client, and the command
 * app connects only in {@link ChatPlatform.startCommands}.
 */
export function createSlackPlatform(options: SlackPlatformOptions): ChatPlatform {
  const { logger } = options;
  const client = createSlackClient(options.botToken, { apiUrl: options.apiUrl, logger });
  const isAdmin = createAdminCheck({ client, admins: options.admins, logger });
  const replayGuard = createReplayGuard(options.redis, options.prefix);
  const commands = createSlackCommandApp({ ...options, isAdmin, replayGuard });
  return {
    type: 'slack',
    credentialTag: credentialTag(options.botToken),
    destination: (id, channel) => createSlackDestination({ id, channel, client, logger }),
    routes: commands.route ? [commands.route] : [],
    startCommands: () => commands.start(),
    close: () => commands.stop(),
  };
}
