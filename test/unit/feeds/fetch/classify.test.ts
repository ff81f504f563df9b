import { describe, expect, it } from 'vitest';
import {
  type ClassifyInput,
  classifyResponse,
  parseContentCoding,
} from '../../../../src/feeds/fetch/index.js';

const URL_ = 'https://news.example.org/feeds/cecot.xml';
const NOW = Date.parse('2026-01-01T00:00:00Z');

function classify(
  status: number,
  headers: ClassifyInput['headers'] = {},
  extra: Partial<ClassifyInput> = {},
) {
  return classifyResponse({ url: URL_, status, headers, nowMs: NOW, maxBodyBytes: 1000, ...extra });
}

describe('classifyResponse', () => {
  it.each([200, 203, 299])('%d → read the body', (status) => {
    expect(classify(status)).toMatchObject({ action: 'read-body', status, coding: 'identity' });
  });

  it('keeps Content-Type exactly as sent and picks up validators', () => {
    expect(
      classify(200, {
        'content-type': 'text/xml; charset="windows-1252"',
        etag: ' "v7" ',
        'last-modified': 'Wed, 01 Oct 2025 10:00:00 GMT',
      }),
    ).toEqual({
      action: 'read-body',
      status: 200,
      coding: 'identity',
      contentType: 'text/xml; charset="windows-1252"',
      etag: '"v7"',
      lastModified: 'Wed, 01 Oct 2025 10:00:00 GMT',
    });
  });

  it.each([
    ['gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['br', 'br'],
    ['identity', 'identity'],
  ])('Content-Encoding %s → %s', (header, coding) => {
    expect(classify(200, { 'content-encoding': header })).toMatchObject({ action: 'read-body', coding });
  });

  it.each(['compress', 'zstd', 'gzip, br'])('Content-Encoding %s → decode failure', (header) => {
    expect(classify(200, { 'content-encoding': header })).toMatchObject({
      action: 'done',
      outcome: { kind: 'failed', code: 'decode', status: 200 },
    });
  });

  it('refuses a Content-Length over the cap, accepts one at the cap', () => {
    expect(classify(200, { 'content-length': '1001' })).toMatchObject({
      action: 'done',
      outcome: { kind: 'failed', code: 'too-large' },
    });
    expect(classify(200, { 'content-length': '1000' })).toMatchObject({ action: 'read-body' });
  });

  it.each([
    [301, '/other.xml', 'https://news.example.org/other.xml'],
    [302, 'next.xml', 'https://news.example.org/feeds/next.xml'],
    [303, '../up.xml?x=1', 'https://news.example.org/up.xml?x=1'],
    [307, 'https://cdn.example.net/f.xml#frag', 'https://cdn.example.net/f.xml'],
    [308, '//mirror.example.com/f', 'https://mirror.example.com/f'],
  ])('%d to %s → redirect to %s', (status, location, target) => {
    expect(classify(status, { location })).toEqual({ action: 'redirect', status, location: target });
  });

  it('a redirect without Location is an http-status failure; a broken Location is bad-url', () => {
    expect(classify(302)).toMatchObject({ outcome: { kind: 'failed', code: 'http-status', status: 302 } });
    expect(classify(302, { location: 'http://[bad' })).toMatchObject({
      outcome: { kind: 'failed', code: 'bad-url' },
    });
  });

  it('304 → not-modified, with the new validators or else the previous ones', () => {
    expect(classify(304, { etag: '"v2"' }, { previous: { etag: '"v1"', lastModified: 'L1' } })).toEqual({
      action: 'done',
      outcome: { kind: 'not-modified', url: URL_, etag: '"v2"', lastModified: 'L1' },
    });
    expect(classify(304)).toMatchObject({
      outcome: { kind: 'not-modified', etag: null, lastModified: null },
    });
  });

  it.each([
    [429, { 'retry-after': '60' }, 60_000],
    [429, { 'retry-after': 'Thu, 01 Jan 2026 00:10:00 GMT' }, 600_000],
    [429, {}, null],
    [503, { 'retry-after': '5' }, 5_000],
    [503, { 'retry-after': 'later' }, null],
  ])('%d %j → retry-later after %s ms', (status, headers, retryAfterMs) => {
    expect(classify(status, headers)).toEqual({
      action: 'done',
      outcome: { kind: 'retry-later', url: URL_, status, retryAfterMs },
    });
  });

  it('410 → gone', () => {
    expect(classify(410)).toEqual({ action: 'done', outcome: { kind: 'gone', url: URL_, status: 410 } });
  });

  it.each([300, 305, 306, 400, 401, 403, 404, 451, 500, 502, 504])('%d → http-status failure', (status) => {
    expect(classify(status)).toMatchObject({
      action: 'done',
      outcome: { kind: 'failed', code: 'http-status', status, url: URL_ },
    });
  });

  it('takes the first value of a repeated header', () => {
    expect(classify(200, { etag: ['"a"', '"b"'] })).toMatchObject({ etag: '"a"' });
  });
});

describe('parseContentCoding', () => {
  it.each([
    [null, 'identity'],
    ['', 'identity'],
    ['identity, gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate', null],
    ['lzma', null],
  ])('%j → %j', (value, coding) => {
    expect(parseContentCoding(value)).toBe(coding);
  });
});
