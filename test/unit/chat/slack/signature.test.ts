import { describe, expect, it } from 'vitest';
import { signatureProblem } from '../../../../src/chat/slack/http-receiver.js';
import { slackSignature, TEST_SIGNING_SECRET } from '../../../helpers/slack-requests.js';

const NOW_MS = Date.parse('2026-11-27T12:00:00Z');
const NOW_SEC = NOW_MS / 1000;
const BODY = 'command=%2Fcecot&text=stats&user_id=U1';

function request(
  timestampSec: number,
  overrides: { signature?: string; timestamp?: string; body?: string } = {},
) {
  return {
    rawBody: overrides.body ?? BODY,
    signature:
      'signature' in overrides
        ? overrides.signature
        : slackSignature(TEST_SIGNING_SECRET, timestampSec, BODY),
    timestamp: 'timestamp' in overrides ? overrides.timestamp : String(timestampSec),
  };
}

describe('Slack request signatures', () => {
  it('accepts a request Slack signed just now, or up to five minutes either way', () => {
    expect(signatureProblem(request(NOW_SEC), TEST_SIGNING_SECRET, NOW_MS)).toBeNull();
    expect(signatureProblem(request(NOW_SEC - 300), TEST_SIGNING_SECRET, NOW_MS)).toBeNull();
    expect(signatureProblem(request(NOW_SEC + 300), TEST_SIGNING_SECRET, NOW_MS)).toBeNull();
  });

  it('refuses unsigned, forged, tampered, stale and future-dated requests', () => {
    const cases: Array<[string, ReturnType<typeof request>]> = [
      ['no X-Slack-Signature', request(NOW_SEC, { signature: undefined })],
      ['no readable X-Slack-Request-Timestamp', request(NOW_SEC, { timestamp: undefined })],
      ['no readable X-Slack-Request-Timestamp', request(NOW_SEC, { timestamp: '12e9' })],
      ['does not match', request(NOW_SEC, { signature: slackSignature('another-secret', NOW_SEC, BODY) })],
      ['does not match', request(NOW_SEC, { body: BODY.replace('stats', 'subscribe') })],
      ['does not match', request(NOW_SEC, { signature: 'v1=abc' })],
      ['old', request(NOW_SEC - 301)],
      ['future', request(NOW_SEC + 301)],
    ];
    for (const [problem, req] of cases) {
      expect(signatureProblem(req, TEST_SIGNING_SECRET, NOW_MS), problem).toContain(problem);
    }
  });
});
