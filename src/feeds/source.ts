/**
 * One feed source given on a command line — a local file or an http(s) URL — read and parsed.
 * Every failure (unreadable file, network refusal, not a feed) becomes an `ok: false` result with
 * a readable message, so a command over many sources reports each and keeps going.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { redactUrlCredentials } from '../redact.js';
import type { FeedFetcher, FetchOutcome } from './fetch/types.js';
import { FeedParseError } from './parse/errors.js';
import { parseFeed } from './parse/index.js';
import type { ParsedFeed } from './types.js';

/** The result of {@link readFeedSource}; `source` as given, with a URL's password hidden. */
export type FeedSourceResult =
  | { source: string; ok: true; feed: ParsedFeed }
  | { source: string; ok: false; error: string };

/** Local files larger than this are refused: no feed is this big, and we read it whole. */
export const MAX_LOCAL_FEED_BYTES = 64 * 1024 * 1024;

/** True when the source is read over HTTP rather than from disk. */
export function isUrlSource(source: string): boolean {
  return /^https?:\/\//i.test(source.trim());
}

function describeOutcome(outcome: Exclude<FetchOutcome, { kind: 'fetched' }>): string {
  switch (outcome.kind) {
    case 'not-modified':
      return `${outcome.url}: not modified (304) and no earlier copy to parse`;
    case 'retry-later':
      return `${outcome.url}: server asks to retry later (HTTP ${outcome.status})`;
    case 'gone':
      return `${outcome.url}: feed is gone (HTTP 410)`;
    case 'failed':
      return `${outcome.url}: fetch failed (${outcome.code}): ${outcome.message}`;
  }
}

function describeError(err: unknown): string {
  if (err instanceof FeedParseError) return `${err.code}: ${err.message}`;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'cannot read file: no such file';
  if (e?.code === 'EISDIR') return 'cannot read file: it is a directory';
  if (e?.code === 'EACCES') return 'cannot read file: permission denied';
  return err instanceof Error ? err.message : String(err);
}

async function readLocal(path: string): Promise<Uint8Array> {
  const info = await stat(path);
  if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  // A device or a pipe (/dev/zero, a FIFO) could be read forever: only regular files.
  if (!info.isFile()) throw new Error('cannot read file: not a regular file');
  if (info.size > MAX_LOCAL_FEED_BYTES) {
    throw new Error(`cannot read file: ${info.size} bytes is over the ${MAX_LOCAL_FEED_BYTES}-byte limit`);
  }
  return readFile(path);
}

/**
 * Reads and parses one source. URLs go through `deps.fetcher` (which applies the configured
 * limits and the private-address policy); without a fetcher a URL is reported as an error.
 */
export async function readFeedSource(
  given: string,
  deps: { fetcher?: FeedFetcher },
): Promise<FeedSourceResult> {
  // Results are printed: a `user:password@` written in the URL must not be.
  const source = redactUrlCredentials(given);
  try {
    if (isUrlSource(given)) {
      if (!deps.fetcher) return { source, ok: false, error: 'URLs need a fetcher; none was given' };
      const outcome = await deps.fetcher.fetch({ url: given.trim() });
      if (outcome.kind !== 'fetched') return { source, ok: false, error: describeOutcome(outcome) };
      const feed = parseFeed(outcome.body, { baseUrl: outcome.url, contentType: outcome.contentType });
      return { source, ok: true, feed };
    }
    const path = given.startsWith('file:') ? fileURLToPath(given) : given;
    const feed = parseFeed(await readLocal(path));
    return { source, ok: true, feed };
  } catch (err) {
    return { source, ok: false, error: describeError(err) };
  }
}
