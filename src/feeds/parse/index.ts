/**
 * The feed parser: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 into {@link ParsedFeed}.
 *
 * It is lenient the way feedparser is: a missing `version`, a stray byte, an undeclared entity
 * or ill-formed markup never loses a feed. It refuses only input that is not a feed at all
 * (an HTML page, some other XML or JSON, an empty body), with a {@link FeedParseError}.
 */
import type { ParsedFeed } from '../types.js';
import { readAtom } from './atom.js';
import { decodeFeedBytes } from './decode.js';
import { FeedParseError } from './errors.js';
import { readJsonFeed } from './json-feed.js';
import { readRss } from './rss.js';
import { readXml, type XmlElement } from './xml-tree.js';

export { parseFeedDate } from './dates.js';
export { decodeFeedBytes } from './decode.js';
export { FeedParseError, type FeedParseErrorCode } from './errors.js';
export { htmlToText } from './html-text.js';

/** Options of {@link parseFeed}. */
export interface ParseFeedOptions {
  /** The document's URL: the base for relative links when the feed gives no `xml:base`. */
  baseUrl?: string;
  /** The HTTP Content-Type header, for the charset of byte input. */
  contentType?: string | null;
}

/** The element that makes a document a feed: rss, rdf:RDF, (atom) feed, or a bare channel. */
function findFeedElement(root: XmlElement): { el: XmlElement; kind: 'rss' | 'rdf' | 'atom' } | null {
  // Breadth-first and shallow: a feed is the document element, or sits just inside a wrapper.
  let level: XmlElement[] = [root];
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const next: XmlElement[] = [];
    for (const parent of level) {
      for (const c of parent.children) {
        if (c.kind !== 'element') continue;
        if (c.local === 'rss' || (c.local === 'channel' && c.ns === '')) return { el: c, kind: 'rss' };
        if (c.local === 'rdf' && (c.ns === 'rdf' || c.ns === '')) return { el: c, kind: 'rdf' };
        if (c.local === 'feed') return { el: c, kind: 'atom' };
        next.push(c);
      }
    }
    level = next;
  }
  return null;
}

function describe(root: XmlElement): string {
  const first = root.children.find((c): c is XmlElement => c.kind === 'element');
  return first ? `document element <${first.local}> is not RSS, RDF or Atom` : 'no XML markup found';
}

/**
 * Parses a feed document.
 *
 * @param input the document as text, or its raw bytes (decoded with {@link decodeFeedBytes})
 * @param options the document's URL and Content-Type, when known
 * @throws FeedParseError when the input is empty or not a feed
 */
export function parseFeed(input: string | Uint8Array, options: ParseFeedOptions = {}): ParsedFeed {
  const text =
    typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeFeedBytes(input, options.contentType);
  const start = text.search(/\S/);
  if (start < 0) throw new FeedParseError('FEED_EMPTY', 'empty document');
  const baseUrl = options.baseUrl ?? null;
  if (text[start] === '{') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new FeedParseError('FEED_INVALID_JSON', `not a feed: invalid JSON (${(err as Error).message})`, {
        cause: err,
      });
    }
    return withCleanLanguages(readJsonFeed(json, baseUrl));
  }
  const root = readXml(text, baseUrl);
  const found = findFeedElement(root);
  if (!found) throw new FeedParseError('FEED_NOT_A_FEED', `not a feed: ${describe(root)}`);
  return withCleanLanguages(found.kind === 'atom' ? readAtom(found.el) : readRss(found.el, found.kind));
}

/** "en_US" → "en-US"; anything that is not shaped like a BCP 47 tag → null. */
export function normalizeLanguage(raw: string | null): string | null {
  if (raw === null) return null;
  const tag = raw.trim().replace(/_/g, '-');
  return /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/.test(tag) ? tag : null;
}

function withCleanLanguages(feed: ParsedFeed): ParsedFeed {
  feed.language = normalizeLanguage(feed.language);
  for (const item of feed.items) item.language = normalizeLanguage(item.language) ?? feed.language;
  return feed;
}
