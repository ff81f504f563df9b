/**
 * What a failed Web API call means for delivery: wait and try again (429, Slack's own outages),
 * stop posting to this channel until someone acts (channel gone, bot removed, token revoked), or
 * neither (an unexpected error: thrown, so BullMQ retries the job with backoff).
 */
import { ErrorCode } from '@slack/web-api';
import type { SendResult } from '../core/destination.js';

/** Wait after a Slack outage (5xx) that named no Retry-After. */
export const DEFAULT_SERVER_ERROR_RETRY_MS = 10_000;

/** A failure delivery acts on. */
export type SlackFailure = Extract<SendResult, { ok: false }>;

/**
 * Platform errors after which no post to the channel can succeed until someone acts, with what
 * to do. The error code leads the reason so logs and `sources` can be searched for it.
 */
const PERMANENT: Readonly<Record<string, string>> = {
  channel_not_found:
    'the channel is gone, or it is private and the bot is not in it: /invite the bot there, then run the subscribe command again',
  not_in_channel:
    'the bot is not in the channel: /invite the bot there, then run the subscribe command again',
  is_archived: 'the channel is archived: unarchive it, or unsubscribe it',
  account_inactive: 'the bot user was deactivated: reinstall the Slack app',
  token_revoked: 'the bot token was revoked: reinstall the Slack app and update SLACK_BOT_TOKEN',
  token_expired: 'the bot token expired: reinstall the Slack app and update SLACK_BOT_TOKEN',
  invalid_auth: 'Slack does not accept SLACK_BOT_TOKEN: check it is the app’s Bot User OAuth Token (xoxb-…)',
  not_authed: 'no bot token reached Slack: set SLACK_BOT_TOKEN',
  missing_scope: 'the app lacks a scope it needs: reinstall it from slack/manifest.yaml',
  no_permission: 'the workspace does not let the bot post there: ask a workspace admin',
  restricted_action: 'the workspace does not let the bot post there: ask a workspace admin',
  ekm_access_denied: 'the workspace’s key management denies access: ask a workspace admin',
  team_access_not_granted: 'the app is not installed in that workspace: install it there',
  org_login_required: 'the workspace needs an organisation login: ask a workspace admin',
};

/** Permanent errors that are about the bot's token or user, not the channel. */
const CREDENTIALS = new Set([
  'token_revoked',
  'token_expired',
  'invalid_auth',
  'not_authed',
  'account_inactive',
]);

/** Slack-side errors answered with HTTP 200 that go away by themselves. */
const TRANSIENT = new Set([
  'ratelimited',
  'service_unavailable',
  'fatal_error',
  'internal_error',
  'request_timeout',
]);

/** The platform error code of a Web API error, or null when it is another kind of error. */
export function slackErrorCode(err: unknown): string | null {
  const e = err as { code?: unknown; data?: { error?: unknown } };
  return e?.code === ErrorCode.PlatformError && typeof e.data?.error === 'string' ? e.data.error : null;
}

/** Retry-After (seconds) from response headers, in ms, or null when absent or unreadable. */
function retryAfterMs(headers: Record<string, string> | undefined): number | null {
  const value = headers?.['retry-after'];
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  return Number(value) * 1000;
}

/**
 * Classifies a Web API error (compared by its `code`, so a second copy of the SDK in the tree
 * classifies the same). Returns null for errors delivery should throw.
 */
export function classifySlackError(err: unknown): SlackFailure | null {
  const e = err as {
    code?: unknown;
    retryAfter?: number;
    statusCode?: number;
    headers?: Record<string, string>;
  };
  if (e?.code === ErrorCode.RateLimitedError) {
    const seconds = Math.max(1, Number(e.retryAfter) || 1);
    return {
      ok: false,
      kind: 'retry-later',
      retryAfterMs: seconds * 1000,
      reason: `rate limited by Slack (retry after ${seconds} s)`,
    };
  }
  if (e?.code === ErrorCode.HTTPError && typeof e.statusCode === 'number' && e.statusCode >= 500) {
    return {
      ok: false,
      kind: 'retry-later',
      retryAfterMs: retryAfterMs(e.headers) ?? DEFAULT_SERVER_ERROR_RETRY_MS,
      reason: `Slack answered HTTP ${e.statusCode}`,
    };
  }
  const code = slackErrorCode(err);
  if (code === null) return null;
  const hint = PERMANENT[code];
  if (hint) {
    return {
      ok: false,
      kind: 'permanent',
      reason: `${code}: ${hint}`,
      ...(CREDENTIALS.has(code) ? { cause: 'credentials' as const } : {}),
    };
  }
  if (TRANSIENT.has(code)) {
    return {
      ok: false,
      kind: 'retry-later',
      retryAfterMs: DEFAULT_SERVER_ERROR_RETRY_MS,
      reason: `Slack said ${code}`,
    };
  }
  return null;
}
