import { afterAll, describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../../src/chat/core/replay-guard.js';
import { SlackHttpReceiver } from '../../../../src/chat/slack/http-receiver.js';
import { silentLogger } from '../../../../src/log.js';
import { startTestServer } from '../../../helpers/http-server.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../../helpers/redis.js';
import { postSlashCommand, TEST_SIGNING_SECRET } from '../../../helpers/slack-requests.js';

const redis = connectTestRedis();
const prefix = uniqueName('slack-receiver');

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('the Slack HTTP receiver', () => {
  it('takes no request before bolt has started it, nor after it stopped: 503, not an acknowledged command left unanswered', async () => {
    const receiver = new SlackHttpReceiver({
      signingSecret: TEST_SIGNING_SECRET,
      replayGuard: createReplayGuard(redis, prefix),
      logger: silentLogger(),
    });
    const server = await startTestServer((req, res) => {
      void receiver.route(req, res);
    });
    const url = `${server.url}/slack/events`;
    const payload = { command: '/cecot', text: 'stats', user_id: 'U1' };
    const timestampSec = Math.floor(Date.now() / 1000);
    try {
      expect((await postSlashCommand(url, payload, { timestampSec })).status).toBe(503);
      await receiver.start();
      // Turned away before it was read, the same request is no replay once the receiver takes requests.
      expect((await postSlashCommand(url, payload, { timestampSec })).status).not.toBe(401);
      await receiver.stop();
      expect((await postSlashCommand(url, { ...payload, text: 'help' })).status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
