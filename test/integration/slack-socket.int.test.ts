/**
 * Slack in Socket Mode, end to end: the real bolt app opens a connection through
 * `apps.connections.open` with the app token, the fake delivers `slash_commands` envelopes over
 * its WebSocket, bolt acknowledges each one, and the answer arrives at the `response_url`. No
 * HTTP route is served in this mode. Tokens Slack refuses stop the start with a clear error.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackPlatform, SlackStartError } from '../../src/chat/slack/index.js';
import { silentLogger } from '../../src/log.js';
import type { Service } from '../../src/service/start.js';
import {
  FAKE_APP_TOKEN,
  FAKE_BOT_TOKEN,
  FAKE_TEAM_ID,
  type FakeSlack,
  startFakeSlack,
} from '../helpers/fake-slack.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../helpers/redis.js';
import { slashCommand } from '../helpers/slack-requests.js';
import { responsesTo, shownText, startSlackService } from './slack-support.js';

const redis: Redis = connectTestRedis();
const prefix = uniqueName('slack-sock');
let fake: FakeSlack;
let service: Service;

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.users.set('U0OWNER', { is_owner: true });
  service = await startSlackService({ fake, prefix, mode: 'socket', roles: ['bot', 'http'] });
});

afterAll(async () => {
  await service?.stop();
  await fake?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('Slack Socket Mode', () => {
  it('connects with the app token after checking the bot token, and serves no HTTP route', async () => {
    expect(fake.calls('auth.test')).toHaveLength(1);
    const [open] = fake.calls('apps.connections.open');
    expect(open!.headers.authorization).toBe(`Bearer ${FAKE_APP_TOKEN}`);
    expect(fake.socket.connections).toBe(1);
    const post = await fetch(`http://127.0.0.1:${service.httpPort}/slack/events`, {
      method: 'POST',
      body: 'x',
    });
    expect(post.status).toBe(404);
  });

  it('acknowledges a slash command envelope, then answers through response_url', async () => {
    const payload = slashCommand(fake, { text: 'stats' });
    const ack = await fake.socket.sendSlashCommand(payload);
    expect(ack.envelope_id).toBeTruthy();
    const [response] = await responsesTo(fake, payload.response_url!);
    expect(response!.body.response_type).toBe('ephemeral');
    expect(shownText(response!.body)).toContain('figures and coverage');
  });

  it('subscribes a channel for a workspace owner, for everyone to see', async () => {
    const payload = slashCommand(fake, { text: 'subscribe', user_id: 'U0OWNER', channel_id: 'C0SOCK' });
    await fake.socket.sendSlashCommand(payload);
    const [response] = await responsesTo(fake, payload.response_url!);
    expect(response!.body.response_type).toBe('in_channel');
    expect(await service.stores.destinations.get(`slack:${FAKE_TEAM_ID}:C0SOCK`)).toMatchObject({
      type: 'slack',
      topics: ['cecot'],
    });
    expect(fake.socket.acks.length).toBeGreaterThanOrEqual(2);
  });
});

describe('Slack start with tokens Slack refuses', () => {
  const base = {
    admins: [],
    commands: ['cecot'],
    answer: async () => Promise.reject(new Error('unused')),
    redis,
    prefix,
  };

  it('names SLACK_BOT_TOKEN when auth.test fails', async () => {
    const platform = createSlackPlatform({
      ...base,
      botToken: 'xoxb-refused',
      appToken: FAKE_APP_TOKEN,
      apiUrl: fake.apiUrl,
      logger: silentLogger(),
    });
    const start = platform.startCommands();
    await expect(start).rejects.toBeInstanceOf(SlackStartError);
    await expect(start).rejects.toThrow(/SLACK_BOT_TOKEN/);
    await platform.close();
  });

  it('names SLACK_APP_TOKEN when Socket Mode cannot open', async () => {
    const platform = createSlackPlatform({
      ...base,
      botToken: FAKE_BOT_TOKEN,
      appToken: 'xapp-refused',
      apiUrl: fake.apiUrl,
      logger: silentLogger(),
    });
    await expect(platform.startCommands()).rejects.toThrow(/SLACK_APP_TOKEN.*invalid_auth/);
    await platform.close();
  });
});
