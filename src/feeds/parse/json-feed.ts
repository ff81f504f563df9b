/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) to {@link ParsedFeed}. */
import type { FeedItem, ParsedFeed } from '../types.js';
import { parseFeedDate } from './dates.js';
import { FeedParseError } from './errors.js';
import { clip, hashId } from './fields.js';
import { htmlToText, normalizeText } from './html-text.js';
import { resolveUrl } from './urls.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function link(v: unknown, base: string | null): string | null {
  const s = str(v);
  return s === null ? null : resolveUrl(s, base);
}

/** 1.1 has `authors` (array), 1.0 had `author` (object); either may be a bare string in the wild. */
function authorOf(o: Json): string | null {
  const list = Array.isArray(o.authors) ? o.authors : [o.author];
  const names: string[] = [];
  for (const a of list) {
    const name = isObject(a) ? str(a.name) : str(a);
    if (name) names.push(normalizeText(name));
  }
  return names.length > 0 ? names.join(', ') : null;
}

function readItem(
  o: Json,
  base: string | null,
  feedLanguage: string | null,
  feedAuthor: string | null,
): FeedItem {
  const title = htmlToText(str(o.title) ?? '');
  const url = link(o.url, base) ?? link(o.external_url, base);
  const html = str(o.content_html);
  const text = str(o.content_text);
  const content = html !== null ? htmlToText(html) : text !== null ? normalizeText(text) : '';
  const summary = htmlToText(str(o.summary) ?? '') || clip(content, 600);
  const publishedRaw = str(o.date_published);
  return {
    id: str(o.id) ?? url ?? hashId(title, publishedRaw, summary),
    title,
    link: url,
    published: parseFeedDate(publishedRaw),
    updated: parseFeedDate(str(o.date_modified)),
    author: authorOf(o) ?? feedAuthor,
    summary,
    content,
    language: str(o.language) ?? feedLanguage,
  };
}

/** True when parsed JSON is shaped like a JSON Feed (a version URL or a top-level items list). */
export function looksLikeJsonFeed(v: unknown): boolean {
  if (!isObject(v)) return false;
  const version = typeof v.version === 'string' ? v.version : '';
  return /jsonfeed\.org\/version\//i.test(version) || Array.isArray(v.items);
}

/** Reads a parsed JSON Feed document. Throws FEED_NOT_A_FEED for JSON of another shape. */
export function readJsonFeed(v: unknown, baseUrl: string | null): ParsedFeed {
  if (!isObject(v) || !looksLikeJsonFeed(v)) {
    throw new FeedParseError(
      'FEED_NOT_A_FEED',
      'JSON document is not a JSON Feed (no version URL, no items)',
    );
  }
  const home = link(v.home_page_url, baseUrl);
  const base = baseUrl ?? link(v.feed_url, null) ?? home;
  const language = str(v.language);
  const author = authorOf(v);
  const items = (Array.isArray(v.items) ? v.items : [])
    .filter(isObject)
    .map((o) => readItem(o, base, language, author));
  return { format: 'json', title: htmlToText(str(v.title) ?? ''), link: home, language, items };
}
