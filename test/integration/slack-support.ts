/**
 * Support for the Slack integration tests: beatwatch started with the Slack platform built the
 * way the composition root builds it (settings from the configuration's environment through
 * `slackOptionsFromConfig`), pointed at the fake Slack, on real Redis under a unique prefix.
 */
import { expect } from 'vitest';
import type { ChatPlatform } from '../../src/chat/core/platform.js';
import { createSlackPlatform, slackOptionsFromConfig } from '../../src/chat/slack/index.js';
import type { Config, DestinationConfig } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import { type Role, startBeatwatch } from '../../src/main.js';
import type { ChatDeps, Service } from '../../src/service/start.js';
import {
  FAKE_APP_TOKEN,
  FAKE_BOT_TOKEN,
  type FakeSlack,
  type SlackResponse,
  waitFor,
} from '../helpers/fake-slack.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { postSlashCommand, slashCommand, TEST_SIGNING_SECRET } from '../helpers/slack-requests.js';
import { FAST_TIMINGS, testConfig } from './service-support.js';

export interface SlackServiceOptions {
  fake: FakeSlack;
  prefix: string;
  /** `socket` sets SLACK_APP_TOKEN; `http` only SLACK_SIGNING_SECRET. */
  mode: 'socket' | 'http';
  roles: 'run' | readonly Role[];
  feeds?: Array<{ url: string; name: string }>;
  destinations?: DestinationConfig[];
  /** `chat.slack.admins`. */
  admins?: string[];
  postOnFirstFetch?: boolean;
}

/** The configuration for a Slack test: the project's, pointed at the fake and the feed server. */
export function slackTestConfig(options: SlackServiceOptions): Config {
  const base = testConfig({
    prefix: options.prefix,
    feeds: options.feeds ?? [],
    redisUrl: TEST_REDIS_URL,
    destinations: [],
    postOnFirstFetch: options.postOnFirstFetch,
  });
  return {
    ...base,
    env: {
      ...base.env,
      SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
      SLACK_API_URL: options.fake.apiUrl,
      ...(options.mode === 'socket'
        ? { SLACK_APP_TOKEN: FAKE_APP_TOKEN }
        : { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET }),
    },
    destinations: options.destinations ?? [],
    chat: { slack: { admins: options.admins ?? [] } },
  };
}

/** The Slack platform of a configuration, built as the composition root builds it. */
export function slackPlatformOf(config: Config): (deps: ChatDeps) => ChatPlatform {
  const settings = slackOptionsFromConfig(config);
  if (!settings) throw new Error('the test configuration has no Slack bot token');
  return (deps) => createSlackPlatform({ ...settings, ...deps });
}

/** Starts beatwatch with Slack as its only chat platform. */
export async function startSlackService(options: SlackServiceOptions): Promise<Service> {
  const config = slackTestConfig(options);
  const slack = slackPlatformOf(config);
  return startBeatwatch({
    config,
    redisUrl: TEST_REDIS_URL,
    roles: options.roles,
    logger: silentLogger(),
    timings: FAST_TIMINGS,
    httpPort: 0,
    chat: (deps) => [slack(deps)],
  });
}

/**
 * Sends `/cecot <text>` signed to beatwatch's `/slack/events` as `user` in `channel`, and waits
 * for its answer: the HTTP status and body, the posts to its `response_url`, and their text.
 */
export async function runSlashCommand(
  fake: FakeSlack,
  eventsUrl: string,
  text: string,
  user = 'U0USER',
  channel = 'C0CHAN',
) {
  const payload = slashCommand(fake, { text, user_id: user, channel_id: channel });
  const http = await postSlashCommand(eventsUrl, payload);
  expect(http.status).toBe(200);
  const responses = await responsesTo(fake, payload.response_url!);
  return { http, responses, shown: responses.map((r) => shownText(r.body)).join('\n'), payload };
}

/** The responses posted to one `response_url`, once at least `count` arrived. */
export function responsesTo(fake: FakeSlack, responseUrl: string, count = 1): Promise<SlackResponse[]> {
  const id = responseUrl.split('/').pop();
  return waitFor(() => {
    const found = fake.responses.filter((r) => r.id === id);
    return found.length >= count ? found : undefined;
  }, `${count} response(s) to ${responseUrl}`);
}

/** All the text of a response or post as a reader would see it (entities decoded). */
export function shownText(value: { text?: string; blocks?: unknown }): string {
  return `${value.text ?? ''}\n${JSON.stringify(value.blocks ?? [])}`
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
