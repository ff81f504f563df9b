/**
 * Slack's HTTP mode while the bolt app starts: bolt hands the app to the receiver when it is
 * built, before its initialisation (`auth.test`) ends. A slash command arriving in between must
 * be refused with 503, not acknowledged and dropped; once the app has started it is answered.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackHttpReceiver } from '../../src/chat/slack/http-receiver.js';
import { silentLogger } from '../../src/log.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { postSlashCommand, slashCommand, TEST_SIGNING_SECRET } from '../helpers/slack-requests.js';

let fake: FakeSlack;
let server: Server;
let eventsUrl: string;
const receiver = new SlackHttpReceiver({ signingSecret: TEST_SIGNING_SECRET, logger: silentLogger() });

beforeAll(async () => {
  fake = await startFakeSlack();
  server = createServer((req, res) => {
    void Promise.resolve(receiver.route(req, res)).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake.close();
});

describe('SlackHttpReceiver while the app starts', () => {
  it('refuses commands with 503 until bolt has started it, then answers them', async () => {
    const app = new App({
      token: FAKE_BOT_TOKEN,
      receiver,
      clientOptions: { slackApiUrl: fake.apiUrl },
      deferInitialization: true,
    });
    app.command('/cecot', async ({ ack }) => {
      await ack('pong');
    });
    // Built, so the receiver has the app, but not initialised yet.
    expect((await postSlashCommand(eventsUrl, slashCommand(fake))).status).toBe(503);
    await app.init();
    expect((await postSlashCommand(eventsUrl, slashCommand(fake))).status).toBe(503);
    await app.start();
    const answered = await postSlashCommand(eventsUrl, slashCommand(fake));
    expect(answered).toEqual({ status: 200, body: 'pong' });
    await app.stop();
    expect((await postSlashCommand(eventsUrl, slashCommand(fake))).status).toBe(503);
  });
});
