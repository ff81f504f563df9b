/**
 * Feed fetcher: a hardened HTTP GET for feeds (timeouts, size caps, manual redirects, SSRF guard,
 * conditional GET). Import from here, not from the files inside.
 *
 * ```ts
 * const fetcher = createFeedFetcher(config.fetch);
 * const outcome = await fetcher.fetch({ url, etag, lastModified });
 * switch (outcome.kind) { case 'fetched': … case 'not-modified': … case 'retry-later': … }
 * await fetcher.close();
 * ```
 */

export { createAddressPolicy, isBlockedAddress, type Resolver } from './address-guard.js';
export {
  type ClassifyInput,
  type ContentCoding,
  classifyResponse,
  parseContentCoding,
  type ResponseDecision,
  type ResponseHeaders,
} from './classify.js';
export { FetchFailure } from './errors.js';
export { createFeedFetcher, type FeedFetcherOptions } from './fetcher.js';
export {
  ACCEPT_ENCODING,
  buildRequestHeaders,
  FEED_ACCEPT,
  type RequestHeaderInput,
} from './request-headers.js';
export { parseRetryAfter } from './retry-after.js';
export type { FeedFetcher, FetchErrorCode, FetchOutcome, FetchRequest } from './types.js';
export { FETCH_ERROR_CODES } from './types.js';
