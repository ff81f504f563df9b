/**
 * The fetcher's contract: what callers ask for and every outcome they can get back. Network and
 * HTTP problems are outcomes (values), never exceptions, so the poller can decide about backoff
 * from one `switch`.
 */

/** Why a fetch failed. Stable: the poller and the metrics key on these strings. */
export type FetchErrorCode =
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'blocked-address'
  | 'bad-url'
  | 'dns'
  | 'connect'
  | 'tls'
  | 'http-status'
  | 'decode';

/** Every code, in one place, for exhaustive checks and tests. */
export const FETCH_ERROR_CODES: readonly FetchErrorCode[] = [
  'timeout',
  'too-large',
  'too-many-redirects',
  'blocked-address',
  'bad-url',
  'dns',
  'connect',
  'tls',
  'http-status',
  'decode',
];

/** One fetch of one feed, with the validators remembered from the previous successful fetch. */
export interface FetchRequest {
  url: string;
  /** ETag from the previous response; sent as If-None-Match. */
  etag?: string | null;
  /** Last-Modified from the previous response; sent as If-Modified-Since. */
  lastModified?: string | null;
  /** Lets the caller cancel (e.g. on shutdown); a cancelled fetch ends as `failed`/`timeout`. */
  signal?: AbortSignal;
}

/** What happened. `url` is always the last URL tried (the final one after redirects). */
export type FetchOutcome =
  | {
      kind: 'fetched';
      /** Final URL after redirects. */
      url: string;
      status: number;
      /** Decompressed bytes, not yet decoded to text (character decoding belongs to the parser). */
      body: Buffer;
      /** The Content-Type header exactly as sent, charset included. */
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      /** Length of `body`. */
      bytes: number;
    }
  | { kind: 'not-modified'; url: string; etag: string | null; lastModified: string | null }
  | { kind: 'retry-later'; url: string; status: number; retryAfterMs: number | null }
  | { kind: 'gone'; url: string; status: 410 }
  | { kind: 'failed'; url: string; code: FetchErrorCode; message: string; status?: number };

/** A fetcher holds a connection pool; `close()` it on shutdown. */
export interface FeedFetcher {
  fetch(req: FetchRequest): Promise<FetchOutcome>;
  close(): Promise<void>;
}
