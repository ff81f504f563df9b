/**
 * The response classifier (miniflux's `IsModified`, `IsRateLimited`, `ParseRetryDelay`): from a
 * status line and headers alone, decide what to do next. Pure, so cache, backoff and redirect
 * rules are table-tested without HTTP; the fetcher only does what the decision says.
 */
import { parseRetryAfter } from './retry-after.js';
import type { FetchOutcome } from './types.js';

/** Response headers as undici gives them: lower-case names, repeated headers as arrays. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** Content codings the body reader can undo. */
export type ContentCoding = 'identity' | 'gzip' | 'deflate' | 'br';

/** What the classifier looks at. */
export interface ClassifyInput {
  /** The URL this response answered (relative Locations resolve against it). */
  url: string;
  status: number;
  headers: ResponseHeaders;
  /** Clock for Retry-After dates. */
  nowMs: number;
  /** Cap on the body as sent; a larger Content-Length is refused before reading. */
  maxBodyBytes: number;
  /** Validators the request carried; a 304 without its own keeps these. */
  previous?: { etag?: string | null; lastModified?: string | null };
}

/** The decision: read the body, follow a redirect, or stop with an outcome. */
export type ResponseDecision =
  | {
      action: 'read-body';
      status: number;
      coding: ContentCoding;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    }
  | { action: 'redirect'; status: number; location: string }
  | { action: 'done'; outcome: FetchOutcome };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** First value of a header, trimmed; `null` when absent or blank. */
export function headerValue(headers: ResponseHeaders, name: string): string | null {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** First value of a header exactly as received; `null` when absent. */
export function rawHeader(headers: ResponseHeaders, name: string): string | null {
  const raw = headers[name];
  return (Array.isArray(raw) ? raw[0] : raw) ?? null;
}

/**
 * The single coding to undo, or `null` when we cannot (stacked codings, `compress`, unknown
 * names). `x-gzip` is the old spelling of gzip and still seen in the wild.
 */
export function parseContentCoding(value: string | null): ContentCoding | null {
  if (value === null) return 'identity';
  const codings = value
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return 'identity';
  if (codings.length > 1) return null;
  const [coding] = codings;
  if (coding === 'gzip' || coding === 'x-gzip') return 'gzip';
  if (coding === 'deflate') return 'deflate';
  if (coding === 'br') return 'br';
  return null;
}

/** Decides what a response means for a feed fetch. */
export function classifyResponse(input: ClassifyInput): ResponseDecision {
  const { url, status, headers } = input;

  if (REDIRECTS.has(status)) {
    const location = headerValue(headers, 'location');
    if (location === null)
      return failed(url, 'http-status', `${status} redirect without a Location header`, status);
    let target: URL;
    try {
      target = new URL(location, url);
    } catch {
      return failed(
        url,
        'bad-url',
        `${status} redirect to an invalid Location: ${location.slice(0, 200)}`,
        status,
      );
    }
    // A fragment never reaches the server; dropping it keeps final URLs stable for dedupe.
    target.hash = '';
    return { action: 'redirect', status, location: target.href };
  }

  if (status === 304) {
    return {
      action: 'done',
      outcome: {
        kind: 'not-modified',
        url,
        etag: headerValue(headers, 'etag') ?? input.previous?.etag ?? null,
        lastModified: headerValue(headers, 'last-modified') ?? input.previous?.lastModified ?? null,
      },
    };
  }

  // 429 is the server asking us to slow down, and 503 is usually a maintenance window: both mean
  // "come back later", not "this feed is broken", so the poller reschedules instead of counting a failure.
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), input.nowMs);
    return { action: 'done', outcome: { kind: 'retry-later', url, status, retryAfterMs } };
  }

  if (status === 410) return { action: 'done', outcome: { kind: 'gone', url, status: 410 } };

  if (status < 200 || status >= 300) {
    return failed(url, 'http-status', `HTTP ${status}`, status);
  }

  const contentLength = headerValue(headers, 'content-length');
  if (contentLength !== null && /^\d+$/.test(contentLength) && Number(contentLength) > input.maxBodyBytes) {
    return failed(
      url,
      'too-large',
      `Content-Length ${contentLength} is over the ${input.maxBodyBytes}-byte limit`,
      status,
    );
  }

  const encoding = headerValue(headers, 'content-encoding');
  const coding = parseContentCoding(encoding);
  if (coding === null) return failed(url, 'decode', `unsupported Content-Encoding: ${encoding}`, status);

  return {
    action: 'read-body',
    status,
    coding,
    // Passed through untouched: the charset parameter is the parser's business.
    contentType: rawHeader(headers, 'content-type'),
    etag: headerValue(headers, 'etag'),
    lastModified: headerValue(headers, 'last-modified'),
  };
}

function failed(
  url: string,
  code: 'http-status' | 'bad-url' | 'too-large' | 'decode',
  message: string,
  status: number,
): ResponseDecision {
  return { action: 'done', outcome: { kind: 'failed', url, code, message, status } };
}
