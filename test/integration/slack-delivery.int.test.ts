/**
 * Delivery to Slack through the real deliver worker (BullMQ on real Redis) and the real Web API
 * client, against the fake Slack: a 429 with Retry-After and a 500 are rescheduled and posted
 * exactly once in the end; `channel_not_found` pauses the destination, which `/cecot sources`
 * then shows; a configured `type: slack` destination posts to its channel. A configured channel
 * paused by a refused token is resumed by `/cecot subscribe` there, and by a restart with another
 * token.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withText } from '../../src/chat/core/compose.js';
import { credentialTag } from '../../src/chat/core/platform.js';
import { JOB_NAMES } from '../../src/queue/names.js';
import type { Service } from '../../src/service/start.js';
import { FAKE_BOT_TOKEN, FAKE_TEAM_ID, type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../helpers/redis.js';
import { postSlashCommand, slashCommand } from '../helpers/slack-requests.js';
import { responsesTo, shownText, startSlackService } from './slack-support.js';

const redis: Redis = connectTestRedis();
const prefix = uniqueName('slack-deliver');
let fake: FakeSlack;
let service: Service;
let eventsUrl: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  service = await startSlackService({
    fake,
    prefix,
    mode: 'http',
    roles: ['scheduler', 'deliver', 'bot', 'http'],
    admins: ['U0ADMIN'],
    destinations: [{ id: 'desk', type: 'slack', channel: 'C0DESK', topics: ['cecot'] }],
  });
  eventsUrl = `http://127.0.0.1:${service.httpPort}/slack/events`;
});

afterAll(async () => {
  await service?.stop();
  await fake?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

/** `/cecot <text>` typed by an admin in `channel`; resolves with what the reader sees. */
async function command(text: string, channel: string): Promise<string> {
  const payload = slashCommand(fake, { text, user_id: 'U0ADMIN', channel_id: channel });
  expect((await postSlashCommand(eventsUrl, payload)).status).toBe(200);
  return (await responsesTo(fake, payload.response_url!)).map((r) => shownText(r.body)).join('\n');
}

let story = 0;
/** Queues one alert for a destination and waits until the queues are idle. */
async function deliver(destinationId: string): Promise<string> {
  story += 1;
  const title = `Story ${story} for ${destinationId}`;
  await service.queues.deliver.add(JOB_NAMES.deliver, {
    topic: 'cecot',
    destinationId,
    deliveryKey: `story-${story}`,
    message: withText({ kind: 'alert', topic: 'cecot', title, sections: [{ lines: ['A line.'] }] }),
  });
  await service.waitUntilIdle({ timeoutMs: 30_000 });
  return title;
}

const channelId = (channel: string) => `slack:${FAKE_TEAM_ID}:${channel}`;

describe('delivery to Slack through the deliver worker', () => {
  it('reschedules after a 429 with Retry-After and posts exactly once', async () => {
    await command('subscribe', 'C0RATE');
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1, channel: 'C0RATE' }, 2);
    const title = await deliver(channelId('C0RATE'));
    const attempts = fake.calls('chat.postMessage').filter((r) => r.body.channel === 'C0RATE');
    expect(attempts).toHaveLength(3);
    const posts = fake.posts('C0RATE');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain(title);
    expect(await service.stores.deliveries.isSent(channelId('C0RATE'), `story-${story}`)).toBe(true);
    const metrics = await service.metrics.registry.metrics();
    expect(metrics).toContain(`result="rate-limited"} 2`);
  });

  it('reschedules after a 500 and posts exactly once', async () => {
    await command('subscribe', 'C0FLAKY');
    fake.failNext('chat.postMessage', { status: 500, retryAfter: 1, channel: 'C0FLAKY' });
    await deliver(channelId('C0FLAKY'));
    expect(fake.calls('chat.postMessage').filter((r) => r.body.channel === 'C0FLAKY')).toHaveLength(2);
    expect(fake.posts('C0FLAKY')).toHaveLength(1);
  });

  it('posts to a configured type: slack destination', async () => {
    const title = await deliver('desk');
    expect(fake.posts('C0DESK').map((p) => p.text)).toEqual([expect.stringContaining(title)]);
  });

  it('pauses a channel Slack cannot find, shows it in sources, and posts nothing more there', async () => {
    await command('subscribe', 'C0GONE');
    fake.channels.set('C0GONE', { exists: false });
    await deliver(channelId('C0GONE'));
    const paused = await service.stores.destinations.get(channelId('C0GONE'));
    expect(paused?.paused?.reason).toMatch(/^channel_not_found: /);
    const sources = await command('sources', 'C0OTHER');
    expect(sources).toContain('Destinations paused');
    expect(sources).toContain('channel_not_found');
    const calls = fake.calls('chat.postMessage').length;
    await deliver(channelId('C0GONE'));
    expect(fake.calls('chat.postMessage')).toHaveLength(calls);
    expect(fake.posts('C0GONE')).toEqual([]);
  });

  it('subscribe in a configured channel paused by a refused token resumes it, and adds no second subscription', async () => {
    fake.failNext('chat.postMessage', { error: 'token_revoked', channel: 'C0DESK' });
    await deliver('desk');
    const paused = (await service.stores.destinations.get('desk'))?.paused;
    expect(paused?.reason).toMatch(/^token_revoked: /);
    expect(paused?.credentialTag).toBe(credentialTag(FAKE_BOT_TOKEN));
    expect(await command('sources', 'C0OTHER')).toContain('subscribe in that channel resumes it');

    const answer = await command('subscribe', 'C0DESK');
    expect(answer).toContain('Alerts were paused here; they are resumed.');
    expect(answer).toContain('configured destination "desk"');
    expect((await service.stores.destinations.get('desk'))?.paused).toBeNull();
    expect(await service.stores.destinations.get(channelId('C0DESK'))).toBeNull();
    const title = await deliver('desk');
    expect(fake.posts('C0DESK').at(-1)?.text).toContain(title);
  });

  it('subscribe resumes a paused subscribed channel', async () => {
    await command('subscribe', 'C0BACK');
    fake.failNext('chat.postMessage', { error: 'is_archived', channel: 'C0BACK' });
    await deliver(channelId('C0BACK'));
    expect((await service.stores.destinations.get(channelId('C0BACK')))?.paused?.reason).toMatch(
      /^is_archived: /,
    );
    expect(await command('subscribe', 'C0BACK')).toContain('Alerts were paused here; they are resumed.');
    const title = await deliver(channelId('C0BACK'));
    expect(fake.posts('C0BACK').map((p) => p.text)).toEqual([expect.stringContaining(title)]);
  });

  it('a restart with another bot token resumes what a refused token paused, and nothing else', async () => {
    const atMs = Date.now();
    await service.stores.destinations.pause('desk', {
      reason: 'token_revoked: …',
      atMs,
      credentialTag: credentialTag('xoxb-an-older-token'),
    });
    await service.stores.destinations.pause(channelId('C0BACK'), {
      reason: 'token_revoked: …',
      atMs,
      credentialTag: credentialTag(FAKE_BOT_TOKEN),
    });
    await service.stores.destinations.pause(channelId('C0RATE'), { reason: 'channel_not_found: …', atMs });
    const restarted = await startSlackService({ fake, prefix, mode: 'http', roles: ['deliver'] });
    await restarted.stop();
    expect((await service.stores.destinations.get('desk'))?.paused).toBeNull();
    expect((await service.stores.destinations.get(channelId('C0BACK')))?.paused?.atMs).toBe(atMs);
    expect((await service.stores.destinations.get(channelId('C0RATE')))?.paused?.atMs).toBe(atMs);
  });
});
