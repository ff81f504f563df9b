/**
 * discord.js's REST client as beatwatch uses it, and what its errors mean for delivery. A post
 * never waits inside the client: a 429 throws at once (`rejectOnRateLimit`) and a 5xx is not
 * retried there, so the deliver worker can reschedule the job after Retry-After instead of holding
 * a worker slot. A refusal that cannot change by itself (channel gone, bot removed, access or
 * permission missing, token refused) becomes a permanent result that pauses the destination.
 */
import { DiscordAPIError, HTTPError, RateLimitError, REST, RESTJSONErrorCodes } from 'discord.js';
import type { SendResult } from '../core/destination.js';

export interface DiscordRestOptions {
  token: string;
  /** REST base (`DISCORD_API_URL`), e.g. `http://127.0.0.1:PORT/api`; default Discord's. */
  apiUrl?: string;
  /** Throw on a 429 and on a 5xx instead of waiting and retrying inside the client. */
  failFast: boolean;
}

/** Time allowed for one request; Discord answers in well under a second when it is up. */
const REQUEST_TIMEOUT_MS = 15_000;

/** A REST client with the token set and the API base overridden when given. */
export function createDiscordRest(options: DiscordRestOptions): REST {
  return new REST({
    ...(options.apiUrl ? { api: options.apiUrl } : {}),
    timeout: REQUEST_TIMEOUT_MS,
    ...(options.failFast ? { rejectOnRateLimit: () => true, retries: 0 } : {}),
  }).setToken(options.token);
}

/** Stops the client's sweep timers (it has no connections of its own to close). */
export function closeDiscordRest(rest: REST): void {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
}

/** Discord error codes after which the same post can never succeed until someone acts. */
const PERMANENT_CODES = new Set<number>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.UnknownGuild,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel,
]);

/** What to do when a post failed, or null when the error means nothing to delivery (rethrow it). */
export function sendResultOfError(err: unknown, serverErrorRetryMs: number): SendResult | null {
  if (err instanceof RateLimitError) {
    // retryAfter comes from the Retry-After header; timeToReset from the bucket's reset time.
    const retryAfterMs =
      err.retryAfter > 0 ? err.retryAfter : err.timeToReset > 0 ? err.timeToReset : serverErrorRetryMs;
    return {
      ok: false,
      kind: 'retry-later',
      retryAfterMs,
      reason: `rate limited on ${err.route}${err.global ? ' (global)' : ''}`,
    };
  }
  if (err instanceof HTTPError && err.status >= 500) {
    return {
      ok: false,
      kind: 'retry-later',
      retryAfterMs: serverErrorRetryMs,
      reason: `Discord answered ${err.status}`,
    };
  }
  if (err instanceof DiscordAPIError) {
    if (err.status === 401) {
      return {
        ok: false,
        kind: 'permanent',
        reason: `Discord refused the bot token (${err.message}); check DISCORD_TOKEN`,
        cause: 'credentials',
      };
    }
    if (err.status === 403 || (typeof err.code === 'number' && PERMANENT_CODES.has(err.code))) {
      return { ok: false, kind: 'permanent', reason: `${err.message} (Discord error ${err.code})` };
    }
  }
  return null;
}
