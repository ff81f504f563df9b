/**
 * Field readers shared by the RSS and Atom readers: element content to plain text (according
 * to what the format says, or guesses, about markup), links made absolute, authors, stable ids.
 */
import { createHash } from 'node:crypto';
import { htmlToText, looksLikeHtml, nodesToText, normalizeText } from './html-text.js';
import { resolveUrl } from './urls.js';
import { attr, hasElementChildren, textContent, type XmlElement } from './xml-tree.js';

/**
 * Plain text of an RSS-style element: naked child markup is walked as a tree; otherwise the
 * text is treated as HTML when it looks like HTML (RSS never says which it is).
 */
export function rssText(el: XmlElement | undefined): string {
  if (!el) return '';
  if (hasElementChildren(el)) return nodesToText(el.children);
  const value = textContent(el);
  return looksLikeHtml(value) ? htmlToText(value) : normalizeText(value);
}

function decodeBase64Text(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) return value;
  return Buffer.from(compact, 'base64').toString('utf8');
}

/**
 * Plain text of an Atom text or content construct. Atom 1.0 says `type` is text, html, xhtml
 * or a MIME type (base64 unless textual); Atom 0.3 adds `mode` (xml, escaped, base64). Feeds
 * that leave `type` out or put markup where text was announced are read as what they contain.
 */
export function atomText(el: XmlElement | undefined): string {
  if (!el) return '';
  const type = (attr(el, 'type') ?? '').trim().toLowerCase();
  const mode = (attr(el, 'mode') ?? '').trim().toLowerCase();
  const isXmlType = type === 'xhtml' || type.endsWith('/xml') || type.endsWith('+xml');
  const isTextual =
    type === '' || type === 'text' || type === 'html' || type.startsWith('text/') || isXmlType;
  if (mode === 'base64' || (!isTextual && !hasElementChildren(el))) {
    const decoded = decodeBase64Text(textContent(el));
    return type.includes('html') || looksLikeHtml(decoded) ? htmlToText(decoded) : normalizeText(decoded);
  }
  if (hasElementChildren(el) || mode === 'xml') return nodesToText(el.children);
  const value = textContent(el);
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return htmlToText(value);
  if (isXmlType) return htmlToText(value);
  return normalizeText(value);
}

/**
 * Makes a link absolute: against the `xml:base`/document URL in scope, then against the feed's
 * own link when nothing better is known. Returns null for an empty link.
 */
export function absoluteLink(
  raw: string | undefined,
  el: XmlElement,
  feedLink: string | null,
): string | null {
  if (raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  return resolveUrl(resolveUrl(trimmed, el.base), feedLink);
}

/** "jane@example.com (Jane Doe)" and "Jane Doe (jane@example.com)" → "Jane Doe"; else as written. */
export function authorName(raw: string): string | null {
  const s = normalizeText(raw);
  if (s === '') return null;
  const emailFirst = /^<?[^\s@()]+@[^\s()]+?>?\s*\(([^)]+)\)$/.exec(s);
  if (emailFirst) return emailFirst[1]!.trim();
  const nameFirst = /^(.+?)\s*[(<]\s*[^\s@()<>]+@[^\s()<>]+\s*[)>]$/.exec(s);
  if (nameFirst) return nameFirst[1]!.trim();
  return s;
}

/** The id of last resort: a hash of what identifies an entry when it has neither id nor link. */
export function hashId(...parts: (string | null | undefined)[]): string {
  const h = createHash('sha1');
  h.update(parts.map((p) => p ?? '').join('\n'));
  return `sha1:${h.digest('hex').slice(0, 20)}`;
}

/** Cuts a plain text to at most `max` characters at a word boundary, marking the cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
