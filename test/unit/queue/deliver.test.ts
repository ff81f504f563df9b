import { DelayedError } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildRollup, parseRollupEntry } from '../../../src/alerts/rollup.js';
import {
  type Destination,
  deliveryIdempotencyKey,
  type SendOptions,
  type SendResult,
} from '../../../src/chat/core/destination.js';
import { silentLogger } from '../../../src/log.js';
import type { ComposeRequest, DeliverJob } from '../../../src/queue/jobs/deliver.js';
import { processDeliver, UnknownDestinationError } from '../../../src/queue/workers/deliver.js';
import { createDestinationDirectory } from '../../../src/service/destinations.js';
import { createMetrics } from '../../../src/service/metrics.js';
import { createRedisDeliveryMarkers } from '../../../src/store/delivery-markers.js';
import { createRedisDestinationStore } from '../../../src/store/destination-store.js';
import { createRedisFollowStore, type FollowStore } from '../../../src/store/follow-store.js';
import type { DeliveryMarkers, DestinationStore } from '../../../src/store/types.js';
import { captureLogs } from '../../helpers/logs.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';

const redis: Redis = connectTestRedis();
const prefixes: string[] = [];
let markers: DeliveryMarkers;
let destinationStore: DestinationStore;
let follows: FollowStore;
const NOW = 1_800_000_000_000;

beforeEach(() => {
  const prefix = uniqueName('deliver');
  prefixes.push(prefix);
  markers = createRedisDeliveryMarkers(redis, prefix, { retentionMs: 86_400_000 });
  destinationStore = createRedisDestinationStore(redis, prefix);
  follows = createRedisFollowStore(redis, prefix);
});

afterAll(async () => {
  for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
  await redis.quit();
});

/** A chat platform double that answers from a script and records what it was sent. */
function platform(
  answers: Array<SendResult | Error>,
): Destination & { sent: string[]; asked: SendOptions[] } {
  const sent: string[] = [];
  const asked: SendOptions[] = [];
  return {
    id: 'chat',
    type: 'console',
    sent,
    asked,
    async send(message, options = {}) {
      asked.push(options);
      const answer = answers.shift() ?? { ok: true };
      if (answer instanceof Error) throw answer;
      if (answer.ok)
        sent.push(options?.replyTo ? `${message.title} (reply to ${options.replyTo})` : message.title);
      return answer;
    },
  };
}

/** The part of a BullMQ job the processor uses, recording delays; `delay` is the one it was added with. */
function job(timestamp = NOW, delay?: number) {
  const delays: number[] = [];
  return {
    delays,
    timestamp,
    opts: delay === undefined ? {} : { delay },
    async moveToDelayed(timestamp: number) {
      delays.push(timestamp);
    },
  };
}

const data: DeliverJob = {
  topic: 'cecot',
  destinationId: 'chat',
  deliveryKey: 'story-1',
  message: { kind: 'alert', topic: 'cecot', title: 'New story', sections: [], text: 'New story' },
  polledAtMs: NOW - 5000,
};

function deps(destination: Destination) {
  return {
    markers,
    destinations: createDestinationDirectory({
      built: new Map([[destination.id, destination]]),
      configs: [{ id: destination.id, type: destination.type, topics: ['cecot'] }],
      store: destinationStore,
      platforms: new Map(),
      now: () => NOW,
    }),
    threads: follows,
    compose: async (request: ComposeRequest) => {
      const entries = (await follows.rollup(request.followId, request.hour)).map((j) => parseRollupEntry(j)!);
      return buildRollup({ id: 'cecot', name: 'CECOT', command: 'cecot' }, request.query, entries);
    },
    rememberMs: 86_400_000,
    markerTtlMs: 2000,
    metrics: createMetrics(),
    logger: silentLogger(),
    now: () => NOW,
  };
}

describe('processDeliver', () => {
  it('posts once, then finds the story already sent', async () => {
    const chat = platform([]);
    expect(await processDeliver(deps(chat), data, job(), 'token')).toBe('sent');
    expect(await processDeliver(deps(chat), data, job(), 'token')).toBe('already-sent');
    expect(chat.sent).toEqual(['New story']);
  });

  it('logs each delivered message once, at info, with its destination and story', async () => {
    const chat = platform([{ ok: false, kind: 'retry-later', retryAfterMs: 100, reason: '429' }]);
    const logs = captureLogs();
    const logged = { ...deps(chat), logger: logs.logger };
    await expect(processDeliver(logged, data, job(), 'token')).rejects.toBeInstanceOf(DelayedError);
    await processDeliver(logged, data, job(), 'token');
    await processDeliver(logged, data, job(), 'token');
    const delivered = logs.lines().filter((l) => l.msg === 'message delivered');
    expect(delivered).toEqual([
      expect.objectContaining({ level: 30, destination: 'chat', story: 'story-1', title: 'New story' }),
    ]);
    expect(await markers.isSent('chat', 'story-1')).toBe(true);
  });

  it('a 429 reschedules by Retry-After and frees the marker; the retry posts', async () => {
    const chat = platform([{ ok: false, kind: 'retry-later', retryAfterMs: 7000, reason: 'slow down' }]);
    const j = job();
    await expect(processDeliver(deps(chat), data, j, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(j.delays).toEqual([NOW + 7000]);
    expect(await markers.isSent('chat', 'story-1')).toBe(false);
    expect(await processDeliver(deps(chat), data, job(), 'token')).toBe('sent');
    expect(chat.sent).toHaveLength(1);
  });

  it('posts with the delivery’s key, and tells a retry after an unknown outcome when the first attempt began', async () => {
    const chat = platform([new Error('socket hang up'), { ok: true }]);
    let clock = NOW;
    const d = { ...deps(chat), now: () => clock };
    await expect(processDeliver(d, data, job(), 'token')).rejects.toThrow('socket hang up');
    clock += 60_000;
    expect(await processDeliver(d, data, job(), 'token')).toBe('sent');
    const key = deliveryIdempotencyKey('chat', 'story-1');
    expect(chat.asked.map((o) => o.idempotency)).toEqual([
      { key, earlierAttemptAtMs: null },
      { key, earlierAttemptAtMs: NOW },
    ]);
    // "Sent" clears the note: a later delivery under the same key would start afresh.
    expect(await markers.recordAttempt('chat', 'story-1', clock)).toBeNull();
  });

  it('a failed post frees the marker and throws, so BullMQ retries it', async () => {
    const chat = platform([new Error('socket hang up')]);
    await expect(processDeliver(deps(chat), data, job(), 'token')).rejects.toThrow('socket hang up');
    expect(await markers.isSent('chat', 'story-1')).toBe(false);
    expect(await processDeliver(deps(chat), data, job(), 'token')).toBe('sent');
  });

  it('a permanent refusal pauses the destination instead of retrying; later jobs post nothing', async () => {
    const chat = platform([{ ok: false, kind: 'permanent', reason: 'channel_not_found' }]);
    await destinationStore.upsert({ id: 'chat', type: 'console', topics: ['cecot'] });
    const d = deps(chat);
    expect(await processDeliver(d, data, job(), 'token')).toBe('paused');
    expect((await destinationStore.get('chat'))?.paused).toEqual({ reason: 'channel_not_found', atMs: NOW });
    expect(await markers.isSent('chat', 'story-1')).toBe(false);
    expect(await processDeliver(d, { ...data, deliveryKey: 'story-2' }, job(), 'token')).toBe('paused');
    expect(chat.sent).toEqual([]);
  });

  it('keeps a thread root’s reference and posts replies under it', async () => {
    const chat = platform([
      { ok: true, ref: 'ts-1' },
      { ok: true, ref: 'ts-2' },
    ]);
    const thread = { role: 'root' as const, key: 'follow-1:cluster-a' };
    expect(await processDeliver(deps(chat), { ...data, thread }, job(), 'token')).toBe('sent');
    const reply = { role: 'reply' as const, key: thread.key, rootDeliveryKey: 'story-1' };
    expect(
      await processDeliver(deps(chat), { ...data, deliveryKey: 'story-2', thread: reply }, job(), 'token'),
    ).toBe('sent');
    expect(chat.sent).toEqual(['New story', 'New story (reply to ts-1)']);
  });

  it('a reply waits a little for its root, then goes out on its own', async () => {
    const chat = platform([]);
    const reply = { role: 'reply' as const, key: 'follow-1:cluster-b', rootDeliveryKey: 'story-root' };
    const waiting = job(NOW - 1000);
    await expect(
      processDeliver(deps(chat), { ...data, thread: reply }, waiting, 'token'),
    ).rejects.toBeInstanceOf(DelayedError);
    expect(waiting.delays).toEqual([NOW + 2000]);
    expect(await processDeliver(deps(chat), { ...data, thread: reply }, job(NOW - 200_000), 'token')).toBe(
      'sent',
    );
    expect(chat.sent).toEqual(['New story']);
  });

  it('a reply held back by quiet hours waits for its root from when it became due, not from when it was added', async () => {
    const chat = platform([{ ok: true, ref: 'ts-root' }, { ok: true }]);
    const thread = { role: 'reply' as const, key: 'follow-1:cluster-q', rootDeliveryKey: 'story-q1' };
    // Both were added 50 minutes ago with a 50-minute delay: the span just ended, the reply runs first.
    const held = job(NOW - 3_000_000, 3_000_000);
    await expect(
      processDeliver(deps(chat), { ...data, deliveryKey: 'story-q2', thread }, held, 'token'),
    ).rejects.toBeInstanceOf(DelayedError);
    expect(held.delays).toEqual([NOW + 2000]);
    const root = { role: 'root' as const, key: thread.key };
    expect(
      await processDeliver(deps(chat), { ...data, deliveryKey: 'story-q1', thread: root }, job(), 'token'),
    ).toBe('sent');
    expect(
      await processDeliver(deps(chat), { ...data, deliveryKey: 'story-q2', thread }, held, 'token'),
    ).toBe('sent');
    expect(chat.sent).toEqual(['New story', 'New story (reply to ts-root)']);
  });

  it('builds a roll-up when the job runs, and sends nothing for an empty one', async () => {
    const chat = platform([]);
    const { follow } = await follows.add(
      { topic: 'cecot', destinationId: 'chat', kind: 'keywords', query: 'abrego garcia', owner: 'test' },
      NOW,
    );
    const compose = { kind: 'rollup' as const, followId: follow.id, hour: 7, query: 'abrego garcia' };
    const { message: _, ...bare } = data;
    expect(
      await processDeliver(deps(chat), { ...bare, deliveryKey: 'rollup-empty', compose }, job(), 'token'),
    ).toBe('nothing-to-send');
    // With no room in the hour, every story goes to the roll-up of 07:00–08:00.
    const full = { maxPerHour: 0, rememberMs: 60_000 };
    for (const title of ['One', 'Two']) {
      const entry = JSON.stringify({ title, outlet: 'Wire', link: 'https://wire.example/x' });
      await follows.decide(follow, `cluster-${title}`, `story-${title}`, 7 * 3_600_000 + 5, full, entry);
    }
    expect(
      await processDeliver(deps(chat), { ...bare, deliveryKey: 'rollup-7', compose }, job(), 'token'),
    ).toBe('sent');
    expect(chat.sent).toEqual(['2 more stories matched "abrego garcia" in the last hour']);
  });

  it('waits while another worker holds the marker, without posting', async () => {
    await markers.acquire('chat', 'story-1', 'someone-else', 5000);
    const chat = platform([]);
    const j = job();
    await expect(processDeliver(deps(chat), data, j, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(j.delays).toEqual([NOW + 2000]);
    expect(chat.sent).toEqual([]);
  });

  it('names a destination this process does not have', async () => {
    await expect(
      processDeliver(deps(platform([])), { ...data, destinationId: 'slack-news' }, job(), 'token'),
    ).rejects.toBeInstanceOf(UnknownDestinationError);
  });
});
