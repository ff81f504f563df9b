import { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackHttpReceiver } from '../../../../src/chat/slack/http-receiver.js';
import { silentLogger } from '../../../../src/log.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../../helpers/fake-slack.js';
import { startTestServer, type TestServer } from '../../../helpers/http-server.js';
import { postSlashCommand, slashCommand, TEST_SIGNING_SECRET } from '../../../helpers/slack-requests.js';

let fake: FakeSlack;
let server: TestServer;
const receiver = new SlackHttpReceiver({ signingSecret: TEST_SIGNING_SECRET, logger: silentLogger() });

beforeAll(async () => {
  fake = await startFakeSlack();
  server = await startTestServer((req, res) => {
    void receiver.route(req, res);
  });
});

afterAll(async () => {
  await server.close();
  await fake.close();
});

describe('SlackHttpReceiver', () => {
  it('answers 503 to a signed command until the bolt app is started, so Slack says to try again', async () => {
    // Built, as the command app builds it, but not initialised nor started yet.
    new App({
      token: FAKE_BOT_TOKEN,
      receiver,
      deferInitialization: true,
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    const url = `${server.url}/slack/events`;
    expect((await postSlashCommand(url, slashCommand(fake, { text: 'stats' }))).status).toBe(503);
    await receiver.start();
    await receiver.stop();
    expect((await postSlashCommand(url, slashCommand(fake, { text: 'stats' }))).status).toBe(503);
    expect(fake.responses).toEqual([]);
  });
});
