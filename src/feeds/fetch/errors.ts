/**
 * Turning whatever went wrong (our own refusals, undici errors, Node socket/DNS/TLS errors, zlib
 * errors) into one stable `FetchErrorCode`. Inside the fetcher problems travel as `FetchFailure`
 * exceptions; the public API turns them into `{ kind: 'failed' }` values at the edge.
 */
import type { FetchErrorCode } from './types.js';

/** A fetch problem with its stable code; `cause` keeps the original error for logs. */
export class FetchFailure extends Error {
  readonly code: FetchErrorCode;
  readonly status: number | undefined;

  constructor(code: FetchErrorCode, message: string, cause?: unknown, status?: number) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'FetchFailure';
    this.code = code;
    this.status = status;
  }
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA']);
const DECODE_CODES = new Set([
  'Z_DATA_ERROR',
  'Z_BUF_ERROR',
  'Z_NEED_DICT',
  'ERR_BROTLI_DECOMPRESSION_FAILED',
]);

/** True for Node/OpenSSL certificate and handshake errors. */
function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('CERT_') ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' ||
    code === 'EPROTO'
  );
}

/** Walks `err` and its causes (undici wraps socket errors) and returns the first code it knows. */
export function toFetchFailure(err: unknown): FetchFailure {
  if (err instanceof FetchFailure) return err;
  for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof FetchFailure) return e;
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    const detail = `${code}: ${(e as Error).message ?? ''}`.trim();
    if (TIMEOUT_CODES.has(code)) return new FetchFailure('timeout', `timed out (${detail})`, err);
    if (DNS_CODES.has(code)) return new FetchFailure('dns', `DNS lookup failed (${detail})`, err);
    if (DECODE_CODES.has(code) || code.startsWith('Z_')) {
      return new FetchFailure('decode', `could not decompress the body (${detail})`, err);
    }
    if (isTlsCode(code)) return new FetchFailure('tls', `TLS failed (${detail})`, err);
    if (code === 'ERR_INVALID_URL' || code === 'UND_ERR_INVALID_ARG') {
      return new FetchFailure('bad-url', `invalid URL or request (${detail})`, err);
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  // Refused, reset, unreachable, closed sockets, HTTP parser errors: the conversation broke.
  return new FetchFailure('connect', `connection failed (${firstCode(err) ?? message})`, err);
}

function firstCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return `${code}: ${(e as Error).message ?? ''}`;
  }
  return undefined;
}
