import { describe, expect, it } from 'vitest';
import { buildRequestHeaders, FEED_ACCEPT } from '../../../../src/feeds/fetch/index.js';

describe('buildRequestHeaders', () => {
  it('always sends the User-Agent, a feed-first Accept and the codings we can undo', () => {
    expect(buildRequestHeaders({ userAgent: 'beatwatch/0.1' })).toEqual({
      'user-agent': 'beatwatch/0.1',
      accept: FEED_ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(FEED_ACCEPT.split(',')[0]).toBe('application/rss+xml');
  });

  it.each([
    [{ etag: '"abc"' }, { 'if-none-match': '"abc"' }],
    [{ etag: 'W/"weak-1"' }, { 'if-none-match': 'W/"weak-1"' }],
    [
      { lastModified: 'Wed, 01 Oct 2025 10:00:00 GMT' },
      { 'if-modified-since': 'Wed, 01 Oct 2025 10:00:00 GMT' },
    ],
    [
      { etag: '"x"', lastModified: 'Wed, 01 Oct 2025 10:00:00 GMT' },
      { 'if-none-match': '"x"', 'if-modified-since': 'Wed, 01 Oct 2025 10:00:00 GMT' },
    ],
  ])('sends validators %j', (validators, expected) => {
    expect(buildRequestHeaders({ userAgent: 'ua', ...validators })).toMatchObject(expected);
  });

  it.each([{ etag: null }, { etag: '' }, { etag: '   ' }, { lastModified: null }, { lastModified: '' }])(
    'leaves out empty validators %j',
    (validators) => {
      const headers = buildRequestHeaders({ userAgent: 'ua', ...validators });
      expect(headers).not.toHaveProperty('if-none-match');
      expect(headers).not.toHaveProperty('if-modified-since');
    },
  );
});
