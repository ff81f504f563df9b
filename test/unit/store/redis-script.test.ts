import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { defineScript } from '../../../src/store/redis-script.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';

const redis: Redis = connectTestRedis();
const prefix = uniqueName('script');

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

/** A script no other test has sent, so the server's cache starts without it. */
const freshScript = (lua: string) => defineScript(`-- ${randomBytes(8).toString('hex')}\n${lua}`);

describe('defineScript', () => {
  it('sends the text once, then only the digest; after SCRIPT FLUSH it sends the text again', async () => {
    const script = freshScript(`return redis.call('INCRBY', KEYS[1], ARGV[1])`);
    const evalsha = vi.spyOn(redis, 'evalsha');
    const evalText = vi.spyOn(redis, 'eval');
    const key = `${prefix}:n`;
    expect(await script.run(redis, [key], [2])).toBe(2);
    expect([evalsha.mock.calls.length, evalText.mock.calls.length]).toEqual([1, 1]);
    expect(await script.run(redis, [key], ['3'])).toBe(5);
    expect([evalsha.mock.calls.length, evalText.mock.calls.length]).toEqual([2, 1]);
    expect(evalsha.mock.calls[1]).toEqual([script.sha, 1, key, '3']);
    await redis.script('FLUSH');
    expect(await script.run(redis, [key], [1])).toBe(6);
    expect([evalsha.mock.calls.length, evalText.mock.calls.length]).toEqual([3, 2]);
    // The script ran once per call: NOSCRIPT means it did not run.
    expect(await redis.get(key)).toBe('6');
  });

  it('names the script by the SHA-1 Redis gives it', async () => {
    const script = freshScript('return 1');
    await script.run(redis, [], []);
    expect(await redis.script('EXISTS', script.sha)).toEqual([1]);
  });

  it('passes other errors on without sending the text', async () => {
    const script = freshScript(`return redis.call('INCR', KEYS[1])`);
    const key = `${prefix}:text`;
    await redis.set(key, 'not a number');
    await script.run(redis, [`${prefix}:warm`], []);
    const evalText = vi.spyOn(redis, 'eval');
    await expect(script.run(redis, [key], [])).rejects.toThrow(/not an integer/);
    expect(evalText).not.toHaveBeenCalled();
  });
});
