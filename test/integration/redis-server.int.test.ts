import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisServerError, resolveRedis, startPrivateRedis } from '../../src/runtime/redis-server.js';

describe('startPrivateRedis', () => {
  it('starts a server that answers, and stop() removes it and its directory', async () => {
    const server = await startPrivateRedis();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect();
    expect(await redis.ping()).toBe('PONG');
    const config = await redis.config('GET', 'appendonly');
    expect(config).toEqual(['appendonly', 'no']);
    redis.disconnect();
    await server.stop();
    expect(existsSync(server.dir)).toBe(false);
    const after = new Redis(server.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    after.on('error', () => {});
    await expect(after.connect()).rejects.toThrow();
    after.disconnect();
    await server.stop(); // idempotent
  });

  it('keeps data across restart() with an append-only file', async () => {
    const server = await startPrivateRedis({ appendOnly: true });
    try {
      const redis = new Redis(server.url, { maxRetriesPerRequest: null });
      await redis.set('survives', 'yes');
      await server.restart();
      // ioredis reconnects by itself after the restart.
      expect(await redis.get('survives')).toBe('yes');
      redis.disconnect();
    } finally {
      await server.stop();
    }
  });

  it('names docker compose and the Debian package when redis-server is missing', async () => {
    const err = await startPrivateRedis({ binary: 'redis-server-that-does-not-exist' }).catch((e) => e);
    expect(err).toBeInstanceOf(RedisServerError);
    expect(err.code).toBe('REDIS_SERVER_NOT_FOUND');
    expect(err.message).toContain('docker compose up');
    expect(err.message).toContain('redis-server');
  });

  it('reports a server that cannot start, with its output', async () => {
    const err = await startPrivateRedis({ dir: '/nonexistent/beatwatch-dir' }).catch((e) => e);
    expect(err).toBeInstanceOf(RedisServerError);
    expect(err.code).toBe('REDIS_SERVER_EXITED');
  });
});

describe('resolveRedis', () => {
  it('uses the given URL and starts nothing', async () => {
    const resolved = await resolveRedis('redis://127.0.0.1:6379');
    expect(resolved).toMatchObject({ url: 'redis://127.0.0.1:6379', private: false });
    await resolved.stop();
  });

  it('refuses an unreachable URL with a clear error instead of waiting forever', async () => {
    const err = await resolveRedis('redis://user:secret@127.0.0.1:1').catch((e) => e);
    expect(err).toBeInstanceOf(RedisServerError);
    expect(err.code).toBe('REDIS_UNREACHABLE');
    expect(err.message).toContain('cannot reach Redis at redis://user:[redacted]@127.0.0.1:1');
    expect(err.message).not.toContain('secret');
  });

  it('starts a private server without a URL', async () => {
    const resolved = await resolveRedis(undefined);
    try {
      expect(resolved.private).toBe(true);
      const redis = new Redis(resolved.url, { maxRetriesPerRequest: 0 });
      expect(await redis.ping()).toBe('PONG');
      redis.disconnect();
    } finally {
      await resolved.stop();
    }
  });
});
