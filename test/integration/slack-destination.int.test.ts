/**
 * The Slack destination and admin check through the real Web API client, against the fake Slack:
 * what each Slack answer becomes for delivery (posted, retry later after Retry-After, refused for
 * good, thrown), joining a public channel once, a split message resumed where it stopped, and a
 * retry after an unknown outcome that finds the earlier posts in the channel instead of doubling.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withText } from '../../src/chat/core/compose.js';
import type { Message } from '../../src/chat/core/message.js';
import { createAdminCheck } from '../../src/chat/slack/admins.js';
import { createSlackClient } from '../../src/chat/slack/client.js';
import { createSlackDestination } from '../../src/chat/slack/destination.js';
import { renderSlackMessages } from '../../src/chat/slack/render.js';
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

describe('a retry after an attempt whose outcome is unknown', () => {
  const key = 'a1b2c3d4e5f6a1b2c3d4e5f6';

  it('finds the post the earlier attempt made and posts nothing again', async () => {
    const channel = 'C0ONCE';
    const startedMs = Date.now();
    const first = await destination(channel).send(alert, { idempotency: { key, earlierAttemptAtMs: null } });
    expect(fake.posts(channel)[0]!.metadata).toEqual({
      event_type: 'beatwatch_delivery',
      event_payload: { key, part: 0, parts: 1 },
    });
    // Another process retries, not knowing whether the first call went through.
    const again = await destination(channel).send(alert, {
      idempotency: { key, earlierAttemptAtMs: startedMs },
    });
    expect(again).toEqual(first);
    expect(fake.posts(channel)).toHaveLength(1);
    expect(fake.calls('conversations.history')[0]!.body).toMatchObject({
      channel,
      include_all_metadata: 'true',
    });
  });

  it('posts only the parts of a split message that are not there, in a thread too', async () => {
    const channel = 'C0PARTS';
    const root = await destination(channel).send(alert);
    const thread = root.ok ? root.ref : undefined;
    const startedMs = Date.now();
    // The first attempt got one part out, then its worker died.
    fake.failNext('chat.postMessage', { status: 500, retryAfter: 1, channel, skip: 1 });
    await destination(channel).send(digest, {
      replyTo: thread,
      idempotency: { key, earlierAttemptAtMs: null },
    });
    expect(fake.posts(channel)).toHaveLength(2);
    const retry = await destination(channel).send(digest, {
      replyTo: thread,
      idempotency: { key, earlierAttemptAtMs: startedMs },
    });
    const replies = fake.posts(channel).filter((p) => p.params.thread_ts === thread);
    expect(retry).toEqual({ ok: true, ref: replies[0]!.ts });
    expect(replies.map((p) => p.metadata?.event_payload.part)).toEqual(replies.map((_, i) => i));
    // Each part once: the one the first attempt posted was found, not posted again.
    expect(replies).toHaveLength(renderSlackMessages(digest).length);
    expect(fake.calls('conversations.replies')).toHaveLength(1);
  });

  it('joins a public channel it posted to without joining, to read it back', async () => {
    const channel = 'C0OUTSIDE';
    const startedMs = Date.now();
    await destination(channel).send(alert, { idempotency: { key, earlierAttemptAtMs: null } });
    // Not a member (as after a post through chat:write.public): reading needs the bot in.
    fake.channels.set(channel, { member: false });
    await destination(channel).send(alert, { idempotency: { key, earlierAttemptAtMs: startedMs } });
    expect(fake.calls('conversations.join').map((c) => c.body.channel)).toEqual([channel]);
    expect(fake.posts(channel)).toHaveLength(1);
  });

  it('posts anyway when the app lacks the history scopes, and waits when Slack asks it to', async () => {
    const channel = 'C0NOSCOPE';
    fake.failNext('conversations.history', { status: 429, retryAfter: 2 });
    const later = await destination(channel).send(alert, {
      idempotency: { key, earlierAttemptAtMs: Date.now() },
    });
    expect(later).toMatchObject({ ok: false, kind: 'retry-later', retryAfterMs: 2000 });
    expect(fake.posts(channel)).toHaveLength(0);
    fake.grantHistory(false);
    try {
      const sent = await destination(channel).send(alert, {
        idempotency: { key, earlierAttemptAtMs: Date.now() },
      });
      expect(sent.ok).toBe(true);
      expect(fake.posts(channel)).toHaveLength(1);
    } finally {
      fake.grantHistory(true);
    }
  });
});

describe('admin check', () => {
  it('trusts the configured list, then users.info (cached); an outage says try again, an error never grants', async () => {
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
    await expect(isAdmin('U0OTHER')).rejects.toMatchObject({ code: 'TRY_AGAIN_LATER', retryAfterMs: 10_000 });
    fake.failNext('users.info', { status: 429, retryAfter: 3 });
    await expect(isAdmin('U0OTHER')).rejects.toMatchObject({ code: 'TRY_AGAIN_LATER', retryAfterMs: 3000 });
    fake.failNext('users.info', { error: 'missing_scope' });
    expect(await isAdmin('U0OTHER')).toBe(false);
    expect(await isAdmin('U0UNKNOWN')).toBe(false);
  });
});
