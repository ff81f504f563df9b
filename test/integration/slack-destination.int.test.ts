/**
 * The Slack destination and admin check through the real Web API client, against the fake Slack:
 * what each Slack answer becomes for delivery (posted, retry later after Retry-After, refused for
 * good, thrown), joining a public channel once, and a split message resumed where it stopped.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withText } from '../../src/chat/core/compose.js';
import type { Message } from '../../src/chat/core/message.js';
import { createAdminCheck } from '../../src/chat/slack/admins.js';
import { createSlackClient } from '../../src/chat/slack/client.js';
import { createSlackDestination } from '../../src/chat/slack/destination.js';
import { DEFAULT_SERVER_ERROR_RETRY_MS } from '../../src/chat/slack/send-result.js';
import { silentLogger } from '../../src/log.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';

let fake: FakeSlack;
const logger = silentLogger();

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

function destination(channel: string) {
  const client = createSlackClient(FAKE_BOT_TOKEN, { apiUrl: fake.apiUrl, logger });
  return createSlackDestination({ id: `slack:T:${channel}`, channel, client, logger });
}

const alert: Message = withText({
  kind: 'alert',
  topic: 'cecot',
  title: 'New story: <!channel> Red Cross visits CECOT',
  sections: [
    {
      lines: ['Isthmus Ledger · 2026-11-28 09:00 UTC'],
      links: [{ label: 'Isthmus Ledger', url: 'https://i.example/a' }],
    },
  ],
});

/** A digest big enough for three posts. */
const digest: Message = withText({
  kind: 'digest',
  topic: 'cecot',
  title: 'Digest',
  sections: Array.from({ length: 60 }, (_, i) => ({
    heading: `Story ${i}`,
    lines: [`${i} ${'word '.repeat(100)}`, `${i} ${'more '.repeat(100)}`],
  })),
});

describe('posting to a Slack channel', () => {
  it('posts with previews and mention parsing off, and returns the message ts', async () => {
    const result = await destination('C0POST').send(alert);
    const [post] = fake.posts('C0POST');
    expect(result).toEqual({ ok: true, ref: post!.ts });
    expect(post!.params).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false', link_names: 'false' });
    expect(post!.params.parse).toBeUndefined();
    expect(JSON.stringify(post!.blocks)).not.toContain('<!channel>');
  });

  it('answers a 429 with retry-later after Retry-After, without waiting in the client', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7, channel: 'C0LIMIT' });
    const result = await destination('C0LIMIT').send(alert);
    expect(result).toMatchObject({ ok: false, kind: 'retry-later', retryAfterMs: 7000 });
    expect(fake.calls('chat.postMessage')).toHaveLength(1);
    expect(fake.posts('C0LIMIT')).toHaveLength(0);
  });

  it('answers a 5xx with retry-later, after its Retry-After or the default', async () => {
    fake.failNext('chat.postMessage', { status: 503, retryAfter: 4, channel: 'C0DOWN' });
    expect(await destination('C0DOWN').send(alert)).toMatchObject({
      kind: 'retry-later',
      retryAfterMs: 4000,
    });
    fake.failNext('chat.postMessage', { status: 500, channel: 'C0DOWN' });
    expect(await destination('C0DOWN').send(alert)).toMatchObject({
      kind: 'retry-later',
      retryAfterMs: DEFAULT_SERVER_ERROR_RETRY_MS,
      reason: 'Slack answered HTTP 500',
    });
    expect(fake.calls('chat.postMessage')).toHaveLength(2);
  });

  it('refuses for good when the channel is gone, archived or the token revoked, naming the error', async () => {
    fake.channels.set('C0GONE', { exists: false });
    fake.channels.set('C0OLD', { archived: true });
    expect(await destination('C0GONE').send(alert)).toMatchObject({
      ok: false,
      kind: 'permanent',
      reason: expect.stringMatching(/^channel_not_found: /),
    });
    expect(await destination('C0OLD').send(alert)).toMatchObject({
      reason: expect.stringMatching(/^is_archived: /),
    });
    fake.failNext('chat.postMessage', { error: 'token_revoked' });
    expect(await destination('C0POST').send(alert)).toMatchObject({
      kind: 'permanent',
      reason: expect.stringContaining('SLACK_BOT_TOKEN'),
    });
  });

  it('joins a public channel it is not in, once, then posts', async () => {
    fake.channels.set('C0PUBLIC', { member: false });
    expect(await destination('C0PUBLIC').send(alert)).toMatchObject({ ok: true });
    expect(fake.calls('conversations.join')).toHaveLength(1);
    expect(fake.posts('C0PUBLIC')).toHaveLength(1);
  });

  it('pauses a public channel it cannot join', async () => {
    fake.channels.set('C0NOJOIN', { member: false });
    fake.failNext('conversations.join', { error: 'missing_scope' });
    expect(await destination('C0NOJOIN').send(alert)).toMatchObject({
      kind: 'permanent',
      reason: expect.stringMatching(/^not_in_channel: .*\/invite/),
    });
  });

  it('throws on an error that is neither, so the job is retried with backoff', async () => {
    fake.failNext('chat.postMessage', { error: 'invalid_arguments' });
    await expect(destination('C0POST').send(alert)).rejects.toThrow(/invalid_arguments/);
  });

  it('posts a split message in order, and resumes after the part Slack refused for now', async () => {
    const channel = 'C0SPLIT';
    const target = destination(channel);
    // Part one goes out; part two is rate limited.
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1, channel, skip: 1 });
    const first = await target.send(digest);
    expect(first).toMatchObject({ ok: false, kind: 'retry-later', retryAfterMs: 1000 });
    expect(fake.posts(channel)).toHaveLength(1);
    // The retry goes on from part two: part one is not posted again.
    const second = await target.send(digest);
    const posts = fake.posts(channel);
    expect(posts.length).toBeGreaterThan(2);
    expect(second).toEqual({ ok: true, ref: posts[0]!.ts });
    expect(posts.map((p) => p.text.match(/continued, (\d+) of/)?.[1] ?? '1')).toEqual(
      posts.map((_, i) => String(i + 1)),
    );
    expect(fake.calls('chat.postMessage')).toHaveLength(posts.length + 1);
    // Sent again later (a new digest with the same content), it is posted whole again.
    await target.send(digest);
    expect(fake.posts(channel)).toHaveLength(2 * posts.length);
  });
});

describe('admin check', () => {
  it('trusts the configured list, then users.info (cached), and never an error', async () => {
    fake.users.set('U0OWNER', { is_owner: true });
    fake.users.set('U0ADMIN', { is_admin: true });
    fake.users.set('U0MEMBER', {});
    const client = createSlackClient(FAKE_BOT_TOKEN, { apiUrl: fake.apiUrl, logger });
    const isAdmin = createAdminCheck({ client, admins: ['U0LISTED'], logger });
    expect(await isAdmin('U0LISTED')).toBe(true);
    expect(fake.calls('users.info')).toHaveLength(0);
    expect(await isAdmin('U0OWNER')).toBe(true);
    expect(await isAdmin('U0ADMIN')).toBe(true);
    expect(await isAdmin('U0ADMIN')).toBe(true);
    expect(await isAdmin('U0MEMBER')).toBe(false);
    expect(fake.calls('users.info')).toHaveLength(3);
    fake.failNext('users.info', { status: 500 });
    expect(await isAdmin('U0OTHER')).toBe(false);
    expect(await isAdmin('U0UNKNOWN')).toBe(false);
  });
});
