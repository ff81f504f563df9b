/**
 * `beatwatch bot` and `beatwatch run` as processes, configured by the environment alone: with Slack
 * credentials they answer a signed slash command over HTTP from a beat's brief on an empty Redis;
 * without any, `bot` says which variables to set and exits non-zero.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/runtime/redis-server.js';
import { type CliProcess, killStartedClis, startCli } from '../helpers/cli-process.js';
import { writeBeatConfig } from '../helpers/config-files.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack, waitFor } from '../helpers/fake-slack.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { postSlashCommand, slashCommand, TEST_SIGNING_SECRET } from '../helpers/slack-requests.js';

const prefix = uniqueName('bot-cli');
let dir: string;
let configFile: string;
let fake: FakeSlack;

beforeAll(async () => {
  ({ dir, configFile } = writeBeatConfig({ prefix }));
  fake = await startFakeSlack();
});

afterEach(killStartedClis);

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
  const redis = connectTestRedis();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

function start(command: string, env: Record<string, string>): CliProcess {
  // Only what the test gives: no token of the machine's own may leak in.
  return startCli([command, '-c', configFile], {
    PATH: process.env.PATH ?? '',
    REDIS_URL: TEST_REDIS_URL,
    ...env,
  });
}

const slackEnv = (port: number) => ({
  BEATWATCH_HTTP_PORT: String(port),
  SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
  SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
  SLACK_API_URL: fake.apiUrl,
});

/** Posts `/cecot stats` until the bot's HTTP server takes it; returns what the bot answered. */
async function askStats(port: number): Promise<string> {
  const before = fake.responses.length;
  const url = `http://127.0.0.1:${port}/slack/events`;
  await waitFor(
    async () => {
      try {
        return (await postSlashCommand(url, slashCommand(fake, { text: 'stats' }))).status === 200;
      } catch {
        return false;
      }
    },
    'the bot to listen',
    60_000,
  );
  const response = await waitFor(() => fake.responses[before], 'the answer', 30_000);
  return JSON.stringify(response);
}

describe('beatwatch bot', () => {
  it('says which variables to set when no chat platform is configured, and exits 1', async () => {
    const r = start('bot', {});
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toContain('set SLACK_BOT_TOKEN');
    expect(r.stderr()).toContain('DISCORD_TOKEN');
  });

  it('refuses half-set credentials, naming the missing variable', async () => {
    const r = start('bot', { DISCORD_TOKEN: 'discord-token' });
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toContain('DISCORD_APPLICATION_ID');
    expect(r.stderr()).not.toContain('discord-token');
  });

  it('answers /cecot stats from the brief on an empty Redis, over signed HTTP', async () => {
    const port = await findFreePort();
    const r = start('bot', slackEnv(port));
    const answer = await askStats(port);
    expect(answer).toContain('Known figures');
    expect(answer).toContain('454');
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    expect(r.stderr()).not.toContain(TEST_SIGNING_SECRET);
    expect(r.stderr()).not.toContain(FAKE_BOT_TOKEN);
  });

  it('is part of beatwatch run when Slack credentials are set', async () => {
    const port = await findFreePort();
    const r = start('run', slackEnv(port));
    expect(await askStats(port)).toContain('Known figures');
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  });
});
