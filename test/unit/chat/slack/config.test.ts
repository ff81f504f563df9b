import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  SlackConfigError,
  slackConfigProblems,
  slackOptionsFromConfig,
} from '../../../../src/chat/slack/index.js';
import { ConfigError, loadConfig } from '../../../../src/config/load.js';
import type { Config } from '../../../../src/config/schema.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

const base = loadConfig({ path: resolve('config/default.yaml'), env: {} });

function config(env: Record<string, string>, extra: Partial<Config> = {}): Config {
  return { ...base, env: { ...base.env, ...env }, ...extra };
}

describe('Slack settings from the configuration', () => {
  it('is off without SLACK_BOT_TOKEN', () => {
    expect(slackOptionsFromConfig(config({}))).toBeNull();
    expect(slackConfigProblems(config({}))).toEqual([]);
  });

  it('takes Socket Mode or HTTP mode, the admin list and every beat command', () => {
    const settings = slackOptionsFromConfig(
      config(
        { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'http://127.0.0.1:9/api' },
        { chat: { slack: { admins: ['U0ADMIN'] } } },
      ),
    );
    expect(settings).toEqual({
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      apiUrl: 'http://127.0.0.1:9/api',
      admins: ['U0ADMIN'],
      commands: ['cecot'],
    });
    expect(
      slackOptionsFromConfig(config({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })),
    ).toMatchObject({
      signingSecret: 's',
    });
  });

  it('names the variables to set, never their values', () => {
    const withoutMode = () => slackOptionsFromConfig(config({ SLACK_BOT_TOKEN: 'xoxb-secret-value' }));
    expect(withoutMode).toThrow(SlackConfigError);
    expect(withoutMode).toThrow(/SLACK_APP_TOKEN .*SLACK_SIGNING_SECRET/s);
    const err = thrown(() =>
      slackOptionsFromConfig(
        config({ SLACK_BOT_TOKEN: 'wrong-secret-value', SLACK_APP_TOKEN: 'also-wrong' }),
      ),
    );
    expect(err).toBeInstanceOf(SlackConfigError);
    expect((err as SlackConfigError).code).toBe('SLACK_CONFIG_INVALID');
    expect((err as Error).message).toContain('xoxb-');
    expect((err as Error).message).toContain('xapp-');
    expect((err as Error).message).not.toMatch(/secret-value|also-wrong/);
    const destinations = [{ id: 'desk', type: 'slack' as const, channel: 'C1', topics: ['cecot'] }];
    expect(slackConfigProblems(config({}, { destinations }))).toEqual([
      'destinations desk post to Slack: set SLACK_BOT_TOKEN',
    ]);
  });

  it('reads chat.slack.admins from the main file and checks the ids', () => {
    expect(base.chat.slack.admins).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'slack-config-'));
    const write = (admins: string) => {
      const path = join(dir, 'main.yaml');
      writeFileSync(
        path,
        `topics: [${resolve('config/topics/cecot.yaml')}]\nchat:\n  slack:\n    admins: ${admins}\n`,
      );
      return path;
    };
    try {
      expect(loadConfig({ path: write('[U0ADMIN, W0OTHER]'), env: {} }).chat.slack.admins).toEqual([
        'U0ADMIN',
        'W0OTHER',
      ]);
      const err = thrown(() => loadConfig({ path: write('[alice]'), env: {} }));
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems[0]).toMatchObject({ key: 'chat.slack.admins.0' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Slack app manifest', () => {
  const manifest = parse(readFileSync(resolve('slack/manifest.yaml'), 'utf8'));

  it("declares each beat's slash command, with a description and usage hint", () => {
    const commands = manifest.features.slash_commands.map((c: { command: string }) => c.command);
    expect(commands).toEqual(base.topics.map((t) => `/${t.command}`));
    for (const c of manifest.features.slash_commands) {
      expect(c.description.length).toBeGreaterThan(10);
      expect(c.usage_hint).toContain('follow');
    }
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });

  it('asks for the scopes the bot uses, with Socket Mode on', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'channels:history',
        'channels:join',
        'chat:write',
        'chat:write.public',
        'commands',
        'groups:history',
        'im:history',
        'im:write',
        'users:read',
      ].sort(),
    );
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
