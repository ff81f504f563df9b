/**
 * Atom 1.0 and Atom 0.3 to {@link ParsedFeed}. Elements are matched in the Atom namespaces, in
 * no namespace (feeds that forget `xmlns`) and in whatever namespace the root `feed` element
 * declared (pre-1.0 drafts used several URIs).
 */
import type { FeedItem, ParsedFeed } from '../types.js';
import { parseFeedDate } from './dates.js';
import { absoluteLink, atomText, authorName, clip, hashId, rssText } from './fields.js';
import { htmlToText, normalizeText } from './html-text.js';
import { attr, childElements, firstChild, textContent, type XmlElement } from './xml-tree.js';

interface Ctx {
  /** Namespace keys read as Atom. */
  ns: readonly string[];
}

function first(el: XmlElement, local: string, ctx: Ctx): XmlElement | undefined {
  return firstChild(el, local, ctx.ns);
}

function raw(el: XmlElement, local: string, ctx: Ctx): string | undefined {
  for (const c of childElements(el, local, ctx.ns)) {
    const t = textContent(c).trim();
    if (t !== '') return t;
  }
  return undefined;
}

/** The alternate link: rel="alternate" or no rel, preferring HTML when several are given. */
function alternateLink(el: XmlElement, ctx: Ctx, feedLink: string | null): string | null {
  const candidates = childElements(el, 'link', ctx.ns).filter((l) => {
    const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase();
    return (rel === 'alternate' || rel === '') && (attr(l, 'href') ?? '').trim() !== '';
  });
  const html = candidates.find((l) => /html/i.test(attr(l, 'type') ?? ''));
  const chosen = html ?? candidates[0];
  if (chosen) return absoluteLink(attr(chosen, 'href'), chosen, feedLink);
  // Atom written like RSS: <link>http://…</link>.
  for (const l of childElements(el, 'link', ctx.ns)) {
    if (attr(l, 'href') === undefined) {
      const link = absoluteLink(textContent(l), l, feedLink);
      if (link) return link;
    }
  }
  return null;
}

function personName(el: XmlElement | undefined, ctx: Ctx): string | null {
  if (!el) return null;
  const name = raw(el, 'name', ctx) ?? raw(el, 'email', ctx);
  if (name !== undefined) return authorName(htmlToText(name));
  const text = normalizeText(textContent(el));
  return text === '' ? null : authorName(text);
}

function readEntry(entry: XmlElement, ctx: Ctx, feed: FeedDefaults): FeedItem {
  const title = atomText(first(entry, 'title', ctx)) || rssText(firstChild(entry, 'title', ['dc', 'media']));
  const link = alternateLink(entry, ctx, feed.link);
  const contentEl = first(entry, 'content', ctx);
  const content = contentEl && attr(contentEl, 'src') === undefined ? atomText(contentEl) : '';
  const summary = atomText(first(entry, 'summary', ctx)) || rssText(firstChild(entry, 'description', ['dc']));
  const publishedRaw =
    raw(entry, 'published', ctx) ??
    raw(entry, 'issued', ctx) ??
    raw(entry, 'created', ctx) ??
    raw(entry, 'date', { ns: ['dc'] });
  const updatedRaw = raw(entry, 'updated', ctx) ?? raw(entry, 'modified', ctx);
  const source = first(entry, 'source', ctx);
  const author =
    personName(first(entry, 'author', ctx), ctx) ??
    (source ? personName(first(source, 'author', ctx), ctx) : null) ??
    (rssText(firstChild(entry, 'creator', ['dc'])) || null) ??
    feed.author;
  const id = raw(entry, 'id', ctx) ?? link ?? hashId(title, publishedRaw ?? updatedRaw, summary);
  return {
    id,
    title,
    link,
    published: parseFeedDate(publishedRaw) ?? parseFeedDate(updatedRaw),
    updated: parseFeedDate(updatedRaw),
    author,
    summary: summary || clip(content, 600),
    content,
    language: entry.lang ?? feed.language,
  };
}

interface FeedDefaults {
  link: string | null;
  author: string | null;
  language: string | null;
}

function collectEntries(el: XmlElement, ctx: Ctx, out: XmlElement[]): XmlElement[] {
  for (const c of el.children) {
    if (c.kind !== 'element' || !ctx.ns.includes(c.ns)) continue;
    if (c.local === 'entry') out.push(c);
    // An entry inside an entry is an unclosed previous one; a source's elements are not entries.
    if (c.local !== 'source') collectEntries(c, ctx, out);
  }
  return out;
}

/** Reads an Atom `feed` document element. */
export function readAtom(doc: XmlElement): ParsedFeed {
  const ctx: Ctx = { ns: ['atom', '', doc.ns].filter((v, i, a) => a.indexOf(v) === i) };
  const title = atomText(first(doc, 'title', ctx)) || rssText(firstChild(doc, 'title', ['dc']));
  const link = alternateLink(doc, ctx, null);
  const language = doc.lang ?? (raw(doc, 'language', { ns: ['dc'] }) || null);
  const defaults: FeedDefaults = { link, author: personName(first(doc, 'author', ctx), ctx), language };
  const items = collectEntries(doc, ctx, []).map((e) => readEntry(e, ctx, defaults));
  return { format: 'atom', title, link, language, items };
}
