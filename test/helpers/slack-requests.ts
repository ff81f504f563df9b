/**
 * Slash commands as Slack sends them: the form-encoded payload, and for HTTP mode the
 * `X-Slack-Signature` Slack computes (`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the
 * app's signing secret), so tests can send good, forged, stale and future-dated requests.
 */
import { createHmac } from 'node:crypto';
import { FAKE_TEAM_ID, type FakeSlack } from './fake-slack.js';

export const TEST_SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef';

/** A slash command payload; its `response_url` points at the fake. */
export function slashCommand(fake: FakeSlack, fields: Record<string, string> = {}): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    command: '/cecot',
    text: '',
    response_url: fake.responseUrl(),
    trigger_id: '1.2.3',
    user_id: 'U0USER',
    user_name: 'reader',
    team_id: FAKE_TEAM_ID,
    team_domain: 'fake',
    channel_id: 'C0CHAN',
    channel_name: 'news',
    api_app_id: 'AFAKE',
    ...fields,
  };
}

/** Slack's signature of a body at a timestamp (seconds). */
export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface PostOptions {
  /** Default: signed with {@link TEST_SIGNING_SECRET} just now. */
  secret?: string | null;
  timestampSec?: number;
}

/** POSTs a slash command to `url` (`…/slack/events`) as Slack would; returns the HTTP status and body. */
export async function postSlashCommand(
  url: string,
  payload: Record<string, string>,
  options: PostOptions = {},
): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams(payload).toString();
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const secret = options.secret === undefined ? TEST_SIGNING_SECRET : options.secret;
  if (secret !== null) {
    headers['x-slack-request-timestamp'] = String(timestampSec);
    headers['x-slack-signature'] = slackSignature(secret, timestampSec, body);
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text() };
}
