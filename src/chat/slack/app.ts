/**
 * The bolt app that answers slash commands: Socket Mode when an app token is given (no public
 * URL needed: the default for self-hosting), otherwise HTTP mode through beatwatch's own HTTP
 * server ({@link SlackHttpReceiver}). Built only when commands start, so a process that only
 * delivers never opens a socket or calls `auth.test`.
 */
import { App } from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { HttpRoute } from '../core/platform.js';
import type { ReplayGuard } from '../core/replay-guard.js';
import type { CommandHandler } from '../core/request.js';
import type { AdminCheck } from './admins.js';
import { SLACK_API_BASE, slackApiBase } from './client.js';
import { SlackConfigError, SlackStartError } from './errors.js';
import { SlackHttpReceiver } from './http-receiver.js';
import { slackLogger } from './logger.js';
import { createRespondFetch } from './respond-fetch.js';
import { slashCommandListener } from './slash-command.js';

export interface SlackCommandAppOptions {
  botToken: string;
  /** `SLACK_APP_TOKEN` (xapp-…): Socket Mode. */
  appToken?: string;
  /** `SLACK_SIGNING_SECRET`: HTTP mode, used when there is no app token. */
  signingSecret?: string;
  /** `SLACK_API_URL`, given to every client bolt makes. */
  apiUrl?: string;
  /** Slash command names without the slash (`cecot`), one per beat. */
  commands: readonly string[];
  answer: CommandHandler;
  isAdmin: AdminCheck;
  /** Refuses a signed request received twice (HTTP mode). */
  replayGuard: ReplayGuard;
  logger: Logger;
}

export interface SlackCommandApp {
  readonly mode: 'socket' | 'http';
  /** `POST /slack/events` in HTTP mode; null in Socket Mode. */
  readonly route: HttpRoute | null;
  /** Checks the bot token (`auth.test`) and, in Socket Mode, connects. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Creates the command app; nothing connects until {@link SlackCommandApp.start}. */
export function createSlackCommandApp(options: SlackCommandAppOptions): SlackCommandApp {
  const { botToken, appToken, signingSecret, logger } = options;
  if (!appToken && !signingSecret) {
    throw new SlackConfigError([
      'set SLACK_APP_TOKEN for Socket Mode (no public URL needed) or SLACK_SIGNING_SECRET for HTTP mode',
    ]);
  }
  const mode = appToken ? 'socket' : 'http';
  const receiver =
    mode === 'http' && signingSecret
      ? new SlackHttpReceiver({ signingSecret, replayGuard: options.replayGuard, logger })
      : undefined;
  let app: App | undefined;
  let starting: Promise<void> | undefined;

  function build(): App {
    const built = new App({
      token: botToken,
      ...(receiver ? { receiver } : { appToken, socketMode: true }),
      logger: slackLogger(logger, 'slack-bolt'),
      clientOptions: {
        slackApiUrl: slackApiBase(options.apiUrl),
        // What `respond()` posts through: it retries an answer Slack refused for now.
        fetch: createRespondFetch({ apiBase: slackApiBase(options.apiUrl) ?? SLACK_API_BASE, logger }),
      },
      deferInitialization: true,
    });
    const listener = slashCommandListener(options);
    for (const name of new Set(options.commands)) built.command(`/${name}`, listener);
    built.error(async (err) => {
      logger.warn({ err }, 'a Slack command failed');
    });
    return built;
  }

  async function connect(): Promise<void> {
    app = build();
    try {
      await app.init();
    } catch (err) {
      throw new SlackStartError(
        `Slack refused SLACK_BOT_TOKEN (${(err as Error).message}); check it is the app's Bot User OAuth Token (xoxb-…)`,
        { cause: err },
      );
    }
    try {
      await app.start();
    } catch (err) {
      throw new SlackStartError(
        `could not open Socket Mode with SLACK_APP_TOKEN (${(err as Error).message}); check it is an app-level token (xapp-…) with connections:write`,
        { cause: err },
      );
    }
    logger.info({ mode, commands: options.commands.map((c) => `/${c}`) }, 'answering Slack commands');
  }

  return {
    mode,
    route: receiver?.route ?? null,
    start() {
      starting ??= connect();
      return starting;
    },
    async stop() {
      if (!starting) return;
      await starting.catch(() => undefined);
      await app?.stop().catch((err: unknown) => logger.warn({ err }, 'could not stop the Slack app cleanly'));
    },
  };
}
