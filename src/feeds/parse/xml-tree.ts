/**
 * A forgiving XML reader for feeds. It never rejects a document: htmlparser2's tokenizer (in
 * XML mode) tokenises whatever it is given, and this module turns the tokens into a small tree with
 * namespaces resolved to short canonical keys, `xml:base` and `xml:lang` in scope on every
 * element, and entity references decoded, including the HTML named entities (`&aacute;`,
 * `&nbsp;`) that real feeds use without declaring them and entities declared in the document's
 * own DOCTYPE.
 */
import { decodeHTML } from 'entities';
import { demoronize } from './decode.js';
import { tokenize } from './tokens.js';
import { resolveUrl } from './urls.js';

/** A text run. `value` is already entity-decoded (CDATA sections are kept verbatim). */
export interface XmlText {
  kind: 'text';
  value: string;
}

/** An element of the tree. Names are lowercased, as feeds are inconsistent about case. */
export interface XmlElement {
  kind: 'element';
  /** Local name, lowercased (`title`, `link`, `encoded`). */
  local: string;
  /** Canonical namespace key: '' for RSS core, 'atom', 'dc', 'content', … (see {@link namespaceKey}). */
  ns: string;
  /** Attributes by lowercased qualified name (`href`, `rdf:about`, `xml:base`), values decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** `xml:base` in scope (resolved against outer bases and the document URL), or null. */
  base: string | null;
  /** `xml:lang` in scope, or null. */
  lang: string | null;
}

export type XmlNode = XmlElement | XmlText;

/** Namespace URIs we understand, mapped to the key the format readers match on. */
const KNOWN_NAMESPACES: Record<string, string> = {
  // RSS core in all its spellings: 0.90, 1.0, and the namespaced 2.0 variants.
  'http://purl.org/rss/1.0': '',
  'http://my.netscape.com/rdf/simple/0.9': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://purl.org/net/rss1.1': '',
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns': 'atom',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns': 'rdf',
  'http://purl.org/dc/elements/1.1': 'dc',
  'http://purl.org/dc/elements/1.0': 'dc',
  'http://purl.org/dc/terms': 'dcterms',
  'http://purl.org/rss/1.0/modules/content': 'content',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/xml/1998/namespace': 'xml',
  'http://www.w3.org/2000/svg': 'svg',
  'http://www.w3.org/1998/math/mathml': 'mathml',
};

/** Maps a namespace URI to its canonical key; unknown URIs keep their (normalised) URI. */
export function namespaceKey(uri: string): string {
  const norm = uri
    .trim()
    .toLowerCase()
    .replace(/[/#]+$/, '');
  if (norm === '') return '';
  return KNOWN_NAMESPACES[norm] ?? norm;
}

/** Longest declared entity value we expand, and how much text expansion may add in total. */
const MAX_ENTITY_VALUE = 1024;
const MAX_ENTITY_EXPANSION = 1_000_000;

/**
 * Entities declared in an internal DTD subset: `<!ENTITY name "value">`, values stored already
 * escaped for {@link decodeHTML} (so they come out as declared).
 */
function declaredEntities(doctype: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<!ENTITY\s+([^\s%"'>]+)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
  for (const m of doctype.matchAll(re)) {
    const name = m[1]!;
    const value = m[2] ?? m[3] ?? '';
    // One level only: a declared value is decoded as ordinary text, never expanded again, and
    // long values are not expanded at all, so an "entity bomb" cannot blow up.
    if (!out.has(name) && value.length <= MAX_ENTITY_VALUE) {
      out.set(name, decodeHTML(value).replace(/&/g, '&amp;'));
    }
  }
  return out;
}

/** Characters XML forbids; some feeds carry them anyway (stray bytes from a bad encoder). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this regex exists to remove them
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Finds a DOCTYPE in the prolog (before the first element), with its internal subset. A
 * "<!DOCTYPE" anywhere else (in a comment, CDATA or text) is content, not a declaration. Linear
 * scan with indexOf, so hostile input cannot make it slow.
 */
export function findDoctype(text: string): { start: number; end: number } | null {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (text.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const gt = text.indexOf('>', i);
      const bracket = text.indexOf('[', i);
      if (gt < 0) return null;
      if (bracket < 0 || bracket > gt) return { start: i, end: gt + 1 };
      const close = text.indexOf(']', bracket);
      if (close < 0) return null;
      const after = text.indexOf('>', close);
      return after < 0 ? null : { start: i, end: after + 1 };
    } else {
      return null;
    }
  }
}

/** Elements nested deeper than this are flattened into their ancestor: no feed needs more. */
const MAX_DEPTH = 200;

interface Scope {
  prefixes: Map<string, string>;
  base: string | null;
  lang: string | null;
}

/**
 * Reads an XML document into a tree. Never throws on ill-formed input: unclosed elements are
 * closed at the end, stray close tags are ignored, undeclared prefixes keep their prefix as
 * namespace key. Text outside the root element is dropped.
 *
 * @param text the decoded document
 * @param baseUrl the document's own URL, the outermost base for relative links
 * @returns a synthetic root element whose children are the document's top-level elements
 */
export function readXml(text: string, baseUrl: string | null): XmlElement {
  let source = demoronize(text).replace(FORBIDDEN_CHARS, '');
  let custom = new Map<string, string>();
  const doctype = findDoctype(source);
  if (doctype) {
    custom = declaredEntities(source.slice(doctype.start, doctype.end));
    // Drop the DOCTYPE: its internal subset would otherwise leak into the token stream.
    source = source.slice(0, doctype.start) + source.slice(doctype.end);
  }
  let expansionLeft = MAX_ENTITY_EXPANSION;
  const decode = (raw: string): string => {
    if (!raw.includes('&')) return raw;
    const withCustom =
      custom.size === 0
        ? raw
        : raw.replace(/&([^\s;&]+);/g, (all, name: string) => {
            const v = custom.get(name);
            if (v === undefined || v.length > expansionLeft) return all;
            expansionLeft -= v.length;
            return v;
          });
    return decodeHTML(withCustom);
  };

  const root: XmlElement = {
    kind: 'element',
    local: '#document',
    ns: '',
    attrs: {},
    children: [],
    base: baseUrl,
    lang: null,
  };
  const stack: XmlElement[] = [root];
  /** Qualified names (lowercased) of the open elements, parallel to `stack`. */
  const names: string[] = ['#document'];
  const scopes: Scope[] = [{ prefixes: new Map(), base: baseUrl, lang: null }];
  let rawText = '';
  let textBuf = '';
  let ignoredDepth = 0;

  const flushText = (): void => {
    if (rawText !== '') {
      textBuf += decode(rawText);
      rawText = '';
    }
    if (textBuf === '') return;
    const parent = stack[stack.length - 1]!;
    // Text outside the root element is noise (whitespace, leftovers of a broken prolog).
    if (stack.length > 1) {
      const last = parent.children[parent.children.length - 1];
      if (last?.kind === 'text') last.value += textBuf;
      else parent.children.push({ kind: 'text', value: textBuf });
    }
    textBuf = '';
  };

  const open = (rawName: string, rawAttrs: Record<string, string>): void => {
    flushText();
    if (stack.length > MAX_DEPTH) {
      ignoredDepth++;
      return;
    }
    const outer = scopes[scopes.length - 1]!;
    const attrs: Record<string, string> = {};
    let prefixes = outer.prefixes;
    for (const [k, v] of Object.entries(rawAttrs)) {
      const key = k.toLowerCase();
      const value = decode(v);
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        if (prefixes === outer.prefixes) prefixes = new Map(outer.prefixes);
        prefixes.set(key === 'xmlns' ? '' : key.slice(6), namespaceKey(value));
      }
      if (!Object.hasOwn(attrs, key)) attrs[key] = value;
    }
    const name = rawName.toLowerCase();
    const colon = name.indexOf(':');
    const prefix = colon >= 0 ? name.slice(0, colon) : '';
    const local = colon >= 0 ? name.slice(colon + 1) : name;
    // An undeclared prefix (dc:, atom: without xmlns) keeps the prefix itself as key,
    // which matches our canonical keys for the common modules.
    const ns = prefixes.get(prefix) ?? (prefix === '' ? '' : namespaceKey(prefix));
    const xmlBase = attrs['xml:base'];
    const base = xmlBase !== undefined ? resolveUrl(xmlBase.trim(), outer.base) : outer.base;
    const xmlLang = attrs['xml:lang'];
    const lang = xmlLang !== undefined ? xmlLang.trim() || null : outer.lang;
    const el: XmlElement = { kind: 'element', local, ns, attrs, children: [], base, lang };
    stack[stack.length - 1]!.children.push(el);
    stack.push(el);
    names.push(name);
    scopes.push({ prefixes, base, lang });
  };

  const close = (rawName: string): void => {
    flushText();
    if (ignoredDepth > 0) {
      ignoredDepth--;
      return;
    }
    // Close up to the matching open element (closing any left open inside it); a close tag
    // that matches nothing open is ignored. The stack is at most MAX_DEPTH deep.
    const at = names.lastIndexOf(rawName.toLowerCase());
    if (at < 1) return;
    stack.length = at;
    names.length = at;
    scopes.length = at;
  };

  tokenize(
    source,
    {
      open,
      close,
      text(data) {
        rawText += data;
      },
      cdata(data) {
        if (rawText !== '') {
          textBuf += decode(rawText);
          rawText = '';
        }
        textBuf += data;
      },
    },
    true,
    false,
  );
  flushText();
  return root;
}

/** Direct child elements of `el`, optionally filtered by local name and namespace keys. */
export function childElements(el: XmlElement, local?: string, ns?: readonly string[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    if (local !== undefined && c.local !== local) continue;
    if (ns !== undefined && !ns.includes(c.ns)) continue;
    out.push(c);
  }
  return out;
}

/** The first direct child with that local name in one of the namespaces, or undefined. */
export function firstChild(el: XmlElement, local: string, ns: readonly string[]): XmlElement | undefined {
  for (const c of el.children) {
    if (c.kind === 'element' && c.local === local && ns.includes(c.ns)) return c;
  }
  return undefined;
}

/** Concatenated text of an element and its descendants. */
export function textContent(el: XmlElement): string {
  let out = '';
  for (const c of el.children) out += c.kind === 'text' ? c.value : textContent(c);
  return out;
}

/** True when the element holds child elements (naked or inline markup), not only text. */
export function hasElementChildren(el: XmlElement): boolean {
  return el.children.some((c) => c.kind === 'element');
}

/** Attribute by local name, whatever prefix it was written with (`rdf:about`, `about`). */
export function attr(el: XmlElement, name: string): string | undefined {
  const direct = el.attrs[name];
  if (direct !== undefined) return direct;
  for (const [k, v] of Object.entries(el.attrs)) {
    const colon = k.indexOf(':');
    if (colon >= 0 && k.slice(colon + 1) === name && !k.startsWith('xmlns')) return v;
  }
  return undefined;
}
