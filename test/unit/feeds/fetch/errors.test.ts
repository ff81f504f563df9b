import { describe, expect, it } from 'vitest';
import { toFetchFailure } from '../../../../src/feeds/fetch/errors.js';
import { FETCH_ERROR_CODES, FetchFailure } from '../../../../src/feeds/fetch/index.js';

const coded = (code: string, cause?: unknown) =>
  Object.assign(new Error(`boom ${code}`, { cause }), { code });

describe('toFetchFailure', () => {
  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'connect'],
    ['ECONNRESET', 'connect'],
    ['UND_ERR_SOCKET', 'connect'],
    ['EHOSTUNREACH', 'connect'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['Z_DATA_ERROR', 'decode'],
    ['Z_BUF_ERROR', 'decode'],
    ['ERR_BROTLI_DECOMPRESSION_FAILED', 'decode'],
    ['ERR_INVALID_URL', 'bad-url'],
  ])('%s → %s', (code, expected) => {
    const failure = toFetchFailure(coded(code));
    expect(failure.code).toBe(expected);
    expect(failure.cause).toMatchObject({ code });
  });

  it('finds the code on a wrapped cause', () => {
    expect(toFetchFailure(coded('UND_ERR_SOCKET_WRAP', coded('ENOTFOUND'))).code).toBe('dns');
    expect(toFetchFailure(new Error('fetch failed', { cause: coded('CERT_HAS_EXPIRED') })).code).toBe('tls');
  });

  it('returns our own failures as they are, even wrapped', () => {
    const own = new FetchFailure('blocked-address', 'nope');
    expect(toFetchFailure(own)).toBe(own);
    expect(toFetchFailure(new Error('wrapped', { cause: own }))).toBe(own);
  });

  it('falls back to connect for anything unknown', () => {
    expect(toFetchFailure('a string').code).toBe('connect');
    expect(toFetchFailure(new Error('weird')).code).toBe('connect');
  });

  it('only ever produces codes from the published list', () => {
    const codes = ['X', 'ENOTFOUND', 'Z_DATA_ERROR', 'CERT_REVOKED', 'UND_ERR_BODY_TIMEOUT'].map(
      (c) => toFetchFailure(coded(c)).code,
    );
    for (const code of codes) expect(FETCH_ERROR_CODES).toContain(code);
  });
});
