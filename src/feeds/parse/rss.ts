/**
 * RSS 0.9x, 2.0 and RDF (RSS 0.90 / 1.0) — and Microsoft's CDF, which has the same shape — to
 * {@link ParsedFeed}. Common modules are read too: Dublin Core, content:encoded, iTunes,
 * Media RSS titles, and Atom elements embedded in RSS.
 */
import type { FeedItem, ParsedFeed } from '../types.js';
import { parseFeedDate } from './dates.js';
import { absoluteLink, atomText, authorName, clip, hashId, rssText } from './fields.js';
import { onlyLinksAndLabels, sourceOutlet, withoutOutletSuffix } from './source-outlet.js';
import { attr, childElements, firstChild, textContent, type XmlElement } from './xml-tree.js';

const CORE = [''];
const DC = ['dc', 'dcterms'];
const ATOM = ['atom'];

/** First non-empty plain text among candidate children. */
function firstText(el: XmlElement, candidates: [string, readonly string[]][]): string {
  for (const [local, ns] of candidates) {
    for (const c of childElements(el, local, ns)) {
      const t = ns === ATOM ? atomText(c) : rssText(c);
      if (t !== '') return t;
    }
  }
  return '';
}

/** First non-empty raw text (trimmed) among candidate children, for dates and ids. */
function firstRaw(el: XmlElement, candidates: [string, readonly string[]][]): string | undefined {
  for (const [local, ns] of candidates) {
    for (const c of childElements(el, local, ns)) {
      const t = textContent(c).trim();
      if (t !== '') return t;
    }
  }
  return undefined;
}

/** href of the first alternate (or rel-less) atom:link child. */
function atomAlternate(el: XmlElement): XmlElement | undefined {
  return childElements(el, 'link', ATOM).find((l) => {
    const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase();
    return rel === 'alternate' && attr(l, 'href') !== undefined;
  });
}

/**
 * Elements named `item` (RSS core) in document order. An item found inside another one is an
 * unclosed previous item (`<item>…<item>…`), so it counts too; item fields are read from direct
 * children only, so the two do not mix.
 */
function collectItems(el: XmlElement, out: XmlElement[]): XmlElement[] {
  for (const c of el.children) {
    if (c.kind !== 'element' || (c.ns !== '' && c.ns !== 'rdf')) continue;
    if (c.local === 'item' && c.ns === '') out.push(c);
    collectItems(c, out);
  }
  return out;
}

/**
 * The URL an RSS `<link>` gives: its text, or — for feeds that write Atom-style links without
 * the Atom namespace — its href, unless that href is the feed itself (`rel="self"`) or some
 * other relation.
 */
function rssLinkValue(l: XmlElement): string | undefined {
  const text = textContent(l).trim();
  if (text !== '') return text;
  const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase();
  return rel === 'alternate' ? attr(l, 'href') : undefined;
}

function channelLink(channel: XmlElement): string | null {
  for (const l of childElements(channel, 'link', CORE)) {
    const link = absoluteLink(rssLinkValue(l), l, null);
    if (link) return link;
  }
  const alt = atomAlternate(channel);
  if (alt) return absoluteLink(attr(alt, 'href'), alt, null);
  const cdf = attr(channel, 'href');
  return cdf ? absoluteLink(cdf, channel, null) : null;
}

function itemLink(item: XmlElement, feedLink: string | null): string | null {
  for (const l of childElements(item, 'link', CORE)) {
    const link = absoluteLink(rssLinkValue(l), l, feedLink);
    if (link) return link;
  }
  const alt = atomAlternate(item);
  if (alt) return absoluteLink(attr(alt, 'href'), alt, feedLink);
  // A guid is the permalink unless it says otherwise (RSS 2.0).
  const guid = firstChild(item, 'guid', CORE);
  if (guid && (attr(guid, 'ispermalink') ?? 'true').trim().toLowerCase() !== 'false') {
    const g = textContent(guid).trim();
    if (/^https?:\/\//i.test(g)) return g;
  }
  const cdf = attr(item, 'href');
  if (cdf) return absoluteLink(cdf, item, feedLink);
  const enclosure = firstChild(item, 'enclosure', CORE);
  return enclosure ? absoluteLink(attr(enclosure, 'url'), enclosure, feedLink) : null;
}

function itemAuthor(item: XmlElement): string | null {
  const text = firstText(item, [
    ['author', CORE],
    ['creator', DC],
    ['author', DC],
    ['author', ['itunes']],
  ]);
  if (text !== '') return authorName(text);
  const atomAuthor = firstChild(item, 'author', ATOM);
  if (atomAuthor) {
    const name = firstRaw(atomAuthor, [
      ['name', ATOM],
      ['email', ATOM],
    ]);
    if (name) return authorName(name);
  }
  return null;
}

function readItem(item: XmlElement, feedLink: string | null, feedLanguage: string | null): FeedItem {
  const outlet = sourceOutlet(item, feedLink);
  const fullTitle = firstText(item, [
    ['title', CORE],
    ['title', DC],
    ['title', ATOM],
    ['title', ['media']],
  ]);
  const title = outlet ? withoutOutletSuffix(fullTitle, outlet.name) : fullTitle;
  const link = itemLink(item, feedLink);
  const content = firstText(item, [
    ['encoded', ['content']],
    ['body', ['xhtml']],
    ['content', ATOM],
    ['body', CORE],
    ['fullitem', CORE],
  ]);
  const description = firstText(item, [
    ['description', CORE],
    ['abstract', CORE],
    ['description', DC],
    ['summary', ATOM],
    ['summary', ['itunes']],
    ['subtitle', ['itunes']],
  ]);
  const publishedRaw = firstRaw(item, [
    ['pubdate', CORE],
    ['date', DC],
    ['issued', DC],
    ['created', DC],
    ['published', ATOM],
    ['issued', ATOM],
  ]);
  const updatedRaw = firstRaw(item, [
    ['modified', DC],
    ['updated', ATOM],
    ['modified', ATOM],
  ]);
  // An entry that only says when it was modified is dated by that: better than no date at all.
  // CDF dates an item with a LASTMOD attribute.
  const updated = parseFeedDate(updatedRaw) ?? parseFeedDate(attr(item, 'lastmod'));
  const published = parseFeedDate(publishedRaw) ?? updated;
  const guid = firstRaw(item, [
    ['guid', CORE],
    ['id', ATOM],
  ]);
  const about = attr(item, 'about')?.trim();
  // The id hashes the title as the feed wrote it: an id must not move when title handling does.
  const id = guid || about || link || hashId(fullTitle, publishedRaw, description);
  const language =
    firstRaw(item, [
      ['language', DC],
      ['language', CORE],
    ]) ??
    item.lang ??
    feedLanguage;
  const descriptionEl = outlet ? firstChild(item, 'description', CORE) : undefined;
  const text = descriptionEl && onlyLinksAndLabels(textContent(descriptionEl)) ? '' : description;
  return {
    id,
    title,
    link,
    published,
    updated,
    author: itemAuthor(item),
    summary: text || clip(content, 600),
    content,
    language,
    ...(outlet ? { outlet } : {}),
  };
}

/**
 * Reads an RSS or RDF document element.
 *
 * @param doc `rss`, `rdf:RDF` or a bare `channel` (CDF) element
 */
export function readRss(doc: XmlElement, format: 'rss' | 'rdf'): ParsedFeed {
  const channel = doc.local === 'channel' ? doc : (firstChild(doc, 'channel', CORE) ?? doc);
  const title = firstText(channel, [
    ['title', CORE],
    ['title', DC],
    ['title', ATOM],
  ]);
  const link = channelLink(channel);
  const language =
    firstRaw(channel, [
      ['language', CORE],
      ['language', DC],
    ]) ??
    channel.lang ??
    doc.lang;
  const items = collectItems(doc, []).map((i) => readItem(i, link, language ?? null));
  return { format, title, link, language: language ?? null, items };
}
