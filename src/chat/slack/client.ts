/**
 * The Web API client beatwatch posts and looks users up with. It never waits on its own: a 429
 * is thrown at once (`rejectRateLimitedCalls`) and nothing is retried in the client, so the
 * deliver queue decides when to try again (after Retry-After) instead of a call hanging for the
 * half hour the client's default retry policy allows.
 */
import { WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';
import { slackLogger } from './logger.js';

/** How long one Web API call may take before it fails (and its job is retried). */
const CALL_TIMEOUT_MS = 15_000;

/** Slack's own Web API base. */
export const SLACK_API_BASE = 'https://slack.com/api/';

/** The Web API base with the trailing slash the client expects, or undefined for Slack's own. */
export function slackApiBase(apiUrl: string | undefined): string | undefined {
  if (!apiUrl) return undefined;
  return apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
}

export interface SlackClientOptions {
  /** `SLACK_API_URL`: another Web API base (a local fake in tests). */
  apiUrl?: string;
  logger: Logger;
}

/** A Web API client for the bot token that fails fast instead of retrying. */
export function createSlackClient(botToken: string, options: SlackClientOptions): WebClient {
  return new WebClient(botToken, {
    slackApiUrl: slackApiBase(options.apiUrl),
    logger: slackLogger(options.logger, 'slack-web-api'),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: CALL_TIMEOUT_MS,
  });
}
