import { DelayedError } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Destination, SendResult } from '../../../src/chat/core/destination.js';
import { silentLogger } from '../../../src/log.js';
import type { DeliverJob } from '../../../src/queue/jobs/deliver.js';
import { processDeliver, UnknownDestinationError } from '../../../src/queue/workers/deliver.js';
import { createMetrics } from '../../../src/service/metrics.js';
import { createRedisDeliveryMarkers } from '../../../src/store/delivery-markers.js';
import type { DeliveryMarkers } from '../../../src/store/types.js';
import { captureLogs } from '../../helpers/logs.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';

const redis: Redis = connectTestRedis();
const prefixes: string[] = [];
let markers: DeliveryMarkers;
const NOW = 1_800_000_000_000;

beforeEach(() => {
  const prefix = uniqueName('deliver');
  prefixes.push(prefix);
  markers = createRedisDeliveryMarkers(redis, prefix, { retentionMs: 86_400_000 });
});

afterAll(async () => {
  for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
  await redis.quit();
});

/** A chat platform double that answers from a script and records what it was sent. */
function platform(answers: Array<SendResult | Error>): Destination & { sent: string[] } {
  const sent: string[] = [];
  return {
    id: 'chat',
    type: 'console',
    sent,
    async send(message) {
      const answer = answers.shift() ?? { ok: true };
      if (answer instanceof Error) throw answer;
      if (answer.ok) sent.push(message.title);
      return answer;
    },
  };
}

/** The part of a BullMQ job the processor uses, recording delays. */
function job() {
  const delays: number[] = [];
  return {
    delays,
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
    destinations: new Map([[destination.id, destination]]),
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
    const chat = platform([{ ok: false, retryAfterMs: 100, reason: '429' }]);
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
    const chat = platform([{ ok: false, retryAfterMs: 7000, reason: 'slow down' }]);
    const j = job();
    await expect(processDeliver(deps(chat), data, j, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(j.delays).toEqual([NOW + 7000]);
    expect(await markers.isSent('chat', 'story-1')).toBe(false);
    expect(await processDeliver(deps(chat), data, job(), 'token')).toBe('sent');
    expect(chat.sent).toHaveLength(1);
  });

  it('a failed post frees the marker and throws, so BullMQ retries it', async () => {
    const chat = platform([new Error('socket hang up')]);
    await expect(processDeliver(deps(chat), data, job(), 'token')).rejects.toThrow('socket hang up');
    expect(await markers.isSent('chat', 'story-1')).toBe(false);
    expect(await processDeliver(deps(chat), data, job(), 'token')).toBe('sent');
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
