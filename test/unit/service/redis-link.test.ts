import { describe, expect, it } from 'vitest';
import { isConnectionError, redisRetryDelayMs } from '../../../src/service/redis-link.js';

describe('redis link', () => {
  it('backs off from half a second, doubling, to at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(redisRetryDelayMs)).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('tells errors that only mean "unreachable" from the rest', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    expect(isConnectionError(refused)).toBe(true);
    expect(isConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isConnectionError(new Error('NOAUTH Authentication required.'))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});
