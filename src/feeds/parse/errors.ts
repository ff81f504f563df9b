/**
 * Errors of the feed parser. Each carries a stable `code` that callers (the CLI, the poller's
 * metrics) can branch on without matching message text.
 */

/** Stable codes of {@link FeedParseError}. */
export type FeedParseErrorCode =
  /** Nothing but whitespace (or nothing at all) was given. */
  | 'FEED_EMPTY'
  /** The document is readable but is not RSS, RDF, Atom or JSON Feed (an HTML page, some other XML). */
  | 'FEED_NOT_A_FEED'
  /** It looks like JSON but cannot be read as JSON at all. */
  | 'FEED_INVALID_JSON';

/** Raised by `parseFeed` when the input is not a feed at all. Ill-formed feeds do not raise it. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';
  readonly code: FeedParseErrorCode;

  constructor(code: FeedParseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
