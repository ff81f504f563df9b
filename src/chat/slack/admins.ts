/**
 * Who may run admin commands on Slack: the users in the configured admin list, and the
 * workspace's admins and owners as `users.info` reports them. Answers are kept for a few minutes
 * so a burst of commands costs one lookup. A lookup Slack asks to repeat later (429, outage)
 * throws a {@link TryAgainLaterError}, so a real admin is told to wait rather than refused; any
 * other failed lookup means "not an admin" (and is logged), so an outage can never grant rights.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';
import { TryAgainLaterError } from '../core/request.js';
import { classifySlackError, slackErrorCode } from './send-result.js';

/** How long a `users.info` answer is trusted. */
export const ADMIN_CACHE_MS = 5 * 60_000;
/** Users whose answers are kept at once; past it the cache starts again. */
const MAX_CACHED = 1000;

export interface AdminCheckOptions {
  client: Pick<WebClient, 'users'>;
  /** `chat.slack.admins`: user ids that are admins whatever Slack says. */
  admins: readonly string[];
  logger: Logger;
  cacheMs?: number;
  now?: () => number;
}

/** Whether a Slack user may run admin commands. */
export type AdminCheck = (userId: string) => Promise<boolean>;

/** Creates the admin check for one workspace's bot. */
export function createAdminCheck(options: AdminCheckOptions): AdminCheck {
  const listed = new Set(options.admins);
  const cacheMs = options.cacheMs ?? ADMIN_CACHE_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { admin: boolean; untilMs: number }>();
  return async (userId) => {
    if (listed.has(userId)) return true;
    const cached = cache.get(userId);
    if (cached && cached.untilMs > now()) return cached.admin;
    let admin: boolean;
    try {
      const { user } = await options.client.users.info({ user: userId });
      admin = user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true;
    } catch (err) {
      const failure = classifySlackError(err);
      if (failure?.kind === 'retry-later') {
        options.logger.info(
          { userId, retryAfterMs: failure.retryAfterMs, reason: failure.reason },
          'Slack cannot say now whether the user is a workspace admin',
        );
        throw new TryAgainLaterError(
          failure.retryAfterMs,
          'Slack cannot say right now whether you are an admin',
        );
      }
      options.logger.warn(
        { userId, error: slackErrorCode(err) ?? (err as Error).message },
        'could not ask Slack whether the user is a workspace admin; treated as not an admin',
      );
      return false;
    }
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(userId, { admin, untilMs: now() + cacheMs });
    return admin;
  };
}
