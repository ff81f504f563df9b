/**
 * The request side (miniflux's request builder): which headers a feed GET carries. Pure, so the
 * conditional-GET rules are tested without a server.
 */

/**
 * Feed types first, then generic XML/JSON (many servers label feeds `text/xml` or
 * `application/xml`), then anything: a feed served as `text/html` is still worth a try.
 */
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** Codings `readBody` can undo. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** What the request builder needs. */
export interface RequestHeaderInput {
  userAgent: string;
  /** ETag from the previous response, sent back as If-None-Match. */
  etag?: string | null;
  /** Last-Modified from the previous response, sent back as If-Modified-Since. */
  lastModified?: string | null;
}

/**
 * Headers for one feed GET. Validators are sent back exactly as the server gave them (an ETag is
 * opaque, weak `W/` prefix included); empty ones are left out rather than sent blank.
 */
export function buildRequestHeaders(input: RequestHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': input.userAgent,
    accept: FEED_ACCEPT,
    'accept-encoding': ACCEPT_ENCODING,
  };
  const etag = input.etag?.trim();
  if (etag) headers['if-none-match'] = etag;
  const lastModified = input.lastModified?.trim();
  if (lastModified) headers['if-modified-since'] = lastModified;
  return headers;
}
