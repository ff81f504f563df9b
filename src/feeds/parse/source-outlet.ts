/**
 * Items that name the outlet they came from (RSS `<source url="…">Outlet</source>`), as
 * aggregators such as Google News write them: the outlet is read from the element, the
 * " - Outlet" the aggregator appends to the headline is dropped, and a description made only of
 * links and outlet names is no text of the article.
 */
import type { ItemOutlet } from '../types.js';
import { absoluteLink } from './fields.js';
import { htmlToText, normalizeText } from './html-text.js';
import { attr, firstChild, textContent, type XmlElement } from './xml-tree.js';

/** The outlet an RSS item names in its `<source>`, or undefined when it names none. */
export function sourceOutlet(item: XmlElement, feedLink: string | null): ItemOutlet | undefined {
  const source = firstChild(item, 'source', ['']);
  if (!source) return undefined;
  const name = normalizeText(textContent(source));
  if (name === '') return undefined;
  return { name, url: absoluteLink(attr(source, 'url'), source, feedLink) };
}

/** Separators aggregators put between a headline and its outlet: hyphen, en and em dash, bar. */
const SEPARATORS = ['-', '\u2013', '\u2014', '|'];

/** `title` without a trailing " - {outlet}"; unchanged when it does not end so. */
export function withoutOutletSuffix(title: string, outlet: string): string {
  for (const sep of SEPARATORS) {
    const suffix = ` ${sep} ${outlet}`;
    if (title.length > suffix.length && title.toLowerCase().endsWith(suffix.toLowerCase()))
      return title.slice(0, -suffix.length).trimEnd();
  }
  return title;
}

// A link, and the label an aggregator gives an outlet's name (`<font color="#6f6f6f">Outlet</font>`).
const LINK = /<a\b[^>]*>[\s\S]*?<\/a\s*>/gi;
const LABEL = /<font\b[^>]*\bcolor\s*=[^>]*>[^<]*<\/font\s*>/gi;

/**
 * Whether a description's HTML holds nothing but links and outlet labels: what Google News puts
 * where an outlet's own feed has the article's opening (the headline linked, the outlet named,
 * or a list of other outlets' headlines). Such a description is no text of the article.
 */
export function onlyLinksAndLabels(html: string): boolean {
  if (!/<a\b/i.test(html)) return false;
  const rest = htmlToText(html.replace(LINK, ' ').replace(LABEL, ' '));
  return !/[\p{L}\p{N}]/u.test(rest);
}
