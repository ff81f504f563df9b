import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createReplayGuard, ReplayCheckError } from '../../../src/chat/core/replay-guard.js';
import { findFreePort } from '../../../src/runtime/redis-server.js';
import { storeKeys } from '../../../src/store/keys.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';

const redis = connectTestRedis();
const prefix = uniqueName('replay');

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('the replay guard', () => {
  it('lets a request through once per platform, timestamp and body, and remembers it for 11 minutes', async () => {
    const guard = createReplayGuard(redis, prefix);
    expect(await guard.firstSeen('slack', '1700000000', 'text=help')).toBe(true);
    expect(await guard.firstSeen('slack', '1700000000', 'text=help')).toBe(false);
    expect(await guard.firstSeen('slack', '1700000001', 'text=help')).toBe(true);
    expect(await guard.firstSeen('slack', '1700000000', 'text=stats')).toBe(true);
    expect(await guard.firstSeen('discord', '1700000000', Buffer.from('text=help'))).toBe(true);
    const hash = createHash('sha256').update('1700000000\ntext=help').digest('hex');
    const ttl = await redis.pttl(storeKeys(prefix).seenRequest('slack', hash));
    expect(ttl).toBeGreaterThan(10 * 60_000);
    expect(ttl).toBeLessThanOrEqual(11 * 60_000);
  });

  it('gives up with a coded error when Redis does not answer, instead of holding the request', async () => {
    const away = new Redis(`redis://127.0.0.1:${await findFreePort()}`, {
      maxRetriesPerRequest: null,
      retryStrategy: () => 200,
    });
    away.on('error', () => undefined);
    try {
      const check = createReplayGuard(away, prefix).firstSeen('discord', '1700000000', 'x');
      await expect(check).rejects.toBeInstanceOf(ReplayCheckError);
      await expect(check).rejects.toMatchObject({ code: 'CHAT_REPLAY_CHECK_UNAVAILABLE' });
    } finally {
      away.disconnect();
    }
  });
});
