/**
 * Discord as a {@link ChatPlatform}: destinations that post through discord.js's REST client, and
 * slash commands answered either over HTTP interactions (when the application's public key is set)
 * or over the gateway, held by one process at a time. With both the public key and the token set,
 * HTTP interactions win and the gateway is never opened: Discord sends a command to one or the
 * other, and answering from both would answer twice.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import { storeKeys } from '../../store/keys.js';
import { type ChatPlatform, credentialTag } from '../core/platform.js';
import { createReplayGuard } from '../core/replay-guard.js';
import type { CommandHandler } from '../core/request.js';
import { createDiscordDestination } from './destination.js';
import { DiscordSetupError } from './errors.js';
import { openGateway } from './gateway.js';
import { contendForGatewayLock, type GatewayLock } from './gateway-lock.js';
import { createInteractionsRoute, INTERACTIONS_PATH } from './http-interactions.js';
import { createRedisPostedParts } from './posted-parts.js';
import { closeDiscordRest, createDiscordRest } from './rest.js';
import { discordPublicKey } from './verify.js';

/** What the environment gives the Discord adapter (see {@link discordOptionsFromConfig}). */
export interface DiscordSettings {
  /** `DISCORD_TOKEN`: the bot token. */
  token: string;
  /** `DISCORD_APPLICATION_ID`. */
  applicationId: string;
  /** `DISCORD_PUBLIC_KEY`: set to answer commands over HTTP interactions instead of the gateway. */
  publicKey?: string;
  /** `DISCORD_API_URL`: the REST base, e.g. `http://127.0.0.1:PORT/api` in tests. */
  apiUrl?: string;
  /** The beats' slash command names (`cecot`), for the log. */
  commands: string[];
}

/** Settings plus what the service gives every chat platform. */
export interface DiscordPlatformOptions extends DiscordSettings {
  answer: CommandHandler;
  /**
   * The service's Redis: the gateway lock, the progress of split messages and the requests
   * already received live there.
   */
  redis: Redis;
  prefix: string;
  logger: Logger;
  /** TTL of the gateway lock; another process takes over this long after a holder dies. */
  gatewayLockTtlMs?: number;
  /** When delivery tries again after a 5xx (which carries no Retry-After). */
  serverErrorRetryMs?: number;
}

const DEFAULT_GATEWAY_LOCK_TTL_MS = 15_000;
const DEFAULT_SERVER_ERROR_RETRY_MS = 5_000;

/**
 * The Discord settings of a configuration, or null when `DISCORD_TOKEN` is not set (no Discord).
 * Throws a {@link DiscordSetupError} naming what is missing when the token is set without
 * `DISCORD_APPLICATION_ID`, or the public key is not a key.
 */
export function discordOptionsFromConfig(config: Pick<Config, 'env' | 'topics'>): DiscordSettings | null {
  const { DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_PUBLIC_KEY, DISCORD_API_URL } = config.env;
  if (!DISCORD_TOKEN) return null;
  if (!DISCORD_APPLICATION_ID) {
    throw new DiscordSetupError(
      'DISCORD_APPLICATION_ID_MISSING',
      'DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: set it to the Application ID shown on ' +
        "the application's General Information page in the Discord developer portal",
    );
  }
  if (DISCORD_PUBLIC_KEY) discordPublicKey(DISCORD_PUBLIC_KEY);
  return {
    token: DISCORD_TOKEN,
    applicationId: DISCORD_APPLICATION_ID,
    ...(DISCORD_PUBLIC_KEY ? { publicKey: DISCORD_PUBLIC_KEY } : {}),
    ...(DISCORD_API_URL ? { apiUrl: DISCORD_API_URL } : {}),
    commands: config.topics.map((t) => t.command),
  };
}

/** Builds the platform. Nothing connects until `startCommands()`; destinations post on demand. */
export function createDiscordPlatform(options: DiscordPlatformOptions): ChatPlatform {
  const { token, apiUrl, logger } = options;
  const serverErrorRetryMs = options.serverErrorRetryMs ?? DEFAULT_SERVER_ERROR_RETRY_MS;
  // Deliveries fail fast so the queue can reschedule; answers to people may wait out a 429.
  const deliveryRest = createDiscordRest({ token, apiUrl, failFast: true });
  const replyRest = createDiscordRest({ token, apiUrl, failFast: false });
  const postedParts = createRedisPostedParts(options.redis, options.prefix);
  const interactions = options.publicKey
    ? createInteractionsRoute({
        publicKey: discordPublicKey(options.publicKey),
        answer: options.answer,
        rest: replyRest,
        replayGuard: createReplayGuard(options.redis, options.prefix),
        logger,
      })
    : null;
  let lock: GatewayLock | null = null;
  const commands = options.commands.map((c) => `/${c}`);

  return {
    type: 'discord',
    credentialTag: credentialTag(token),
    destination(id, channel) {
      return createDiscordDestination({ id, channel, rest: deliveryRest, postedParts, serverErrorRetryMs });
    },
    routes: interactions ? [interactions.route] : [],
    async startCommands() {
      if (interactions) {
        logger.info(
          { commands, path: INTERACTIONS_PATH },
          'discord commands arrive over HTTP interactions (DISCORD_PUBLIC_KEY is set); the gateway is not opened',
        );
        return;
      }
      if (lock) return;
      logger.info({ commands }, 'discord commands arrive over the gateway, held by one process at a time');
      const gatewayLock: GatewayLock = contendForGatewayLock({
        redis: options.redis,
        key: storeKeys(options.prefix).discordGateway(options.applicationId),
        ttlMs: options.gatewayLockTtlMs ?? DEFAULT_GATEWAY_LOCK_TTL_MS,
        logger,
        start: () =>
          openGateway({
            token,
            apiUrl,
            answer: options.answer,
            logger,
            onFailure: (reason) => void gatewayLock.resign(reason),
          }),
      });
      lock = gatewayLock;
    },
    async close() {
      await lock?.stop();
      lock = null;
      await interactions?.drain();
      closeDiscordRest(deliveryRest);
      closeDiscordRest(replyRest);
    },
  };
}
