/**
 * Feed fetcher: a hardened HTTP GET for feeds (timeouts, size caps, manual redirects, SSRF guard,
 * conditional GET). Import from here, not from the files inside.
 */
export type { FeedFetcher, FetchErrorCode, FetchOutcome, FetchRequest } from './types.js';
export { FETCH_ERROR_CODES } from './types.js';
