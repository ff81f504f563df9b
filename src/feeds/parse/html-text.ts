/**
 * Markup to plain text, as a chat message needs it: tags dropped, `<script>`/`<style>` dropped
 * with their content, every HTML entity decoded, whitespace folded the way a browser folds it,
 * and line breaks where block elements end so paragraphs do not run into each other.
 */
import { repairMojibake } from './decode.js';
import { tokenize } from './tokens.js';
import type { XmlNode } from './xml-tree.js';

/** Elements whose content is never text for a reader. */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'head']);

/** Elements that flow inside a line: no separator at their edges ("<b>Hel</b>lo" → "Hello"). */
const INLINE = new Set([
  'a',
  'abbr',
  'acronym',
  'b',
  'bdi',
  'bdo',
  'big',
  'blink',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'label',
  'mark',
  'nobr',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
]);

/** Elements that end a line (rather than a paragraph). */
const LINE = new Set(['br', 'li', 'tr', 'dt', 'dd', 'option', 'caption', 'figcaption']);

/** Elements that separate paragraphs. */
const PARAGRAPH = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'details',
  'dialog',
  'div',
  'dl',
  'fieldset',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);

/** Break strength between two runs of text: none, a space, a line break, a blank line. */
const Break = { None: 0, Space: 1, Line: 2, Paragraph: 3 } as const;
type Break = (typeof Break)[keyof typeof Break];

function breakFor(name: string): Break {
  if (INLINE.has(name)) return Break.None;
  if (LINE.has(name)) return Break.Line;
  if (PARAGRAPH.has(name)) return Break.Paragraph;
  // Table cells, images, unknown or foreign (SVG, MathML) elements: keep words apart.
  return Break.Space;
}

/** Accumulates text runs and the breaks between them, folding whitespace as it goes. */
class TextBuilder {
  private out = '';
  private pending: Break = Break.None;

  text(raw: string, preformatted: boolean): void {
    let s = raw;
    let trailingSpace = false;
    if (!preformatted) {
      s = s.replace(/[ \t\n\r\f\u00a0\u200b]+/g, ' ');
      if (s.startsWith(' ')) this.brk(Break.Space);
      trailingSpace = s.endsWith(' ');
      s = s.trim();
    } else {
      s = s.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ');
    }
    if (s === '') return;
    if (this.out !== '') {
      if (this.pending === Break.Space) this.out += ' ';
      else if (this.pending === Break.Line) this.out += '\n';
      else if (this.pending === Break.Paragraph) this.out += '\n\n';
    }
    this.pending = Break.None;
    this.out += s;
    if (trailingSpace) this.pending = Break.Space;
  }

  brk(level: Break): void {
    if (level > this.pending) this.pending = level;
  }

  result(): string {
    return repairMojibake(this.out)
      .split('\n')
      .map((l) => l.replace(/[ \t]+$/g, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}

/** Elements that never have content or a close tag in HTML. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Converts an HTML fragment (or document) to plain text. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return normalizeText(html);
  const tb = new TextBuilder();
  writeHtml(repairMarkup(html), tb);
  return tb.result();
}

function writeHtml(html: string, tb: TextBuilder): void {
  // Dropped content is tracked by the name of the element that started it (its own nested
  // copies counted), so a void or unclosed element inside cannot leave us dropping for good.
  let dropName: string | null = null;
  let dropCount = 0;
  let preDepth = 0;
  tokenize(
    html,
    {
      open(rawName, _attrs, selfClosing) {
        const name = rawName.toLowerCase();
        if (dropName !== null) {
          if (name === dropName && !selfClosing) dropCount++;
          // <head> ends where <body> starts, whether or not </head> was written.
          else if (dropName === 'head' && name === 'body') dropName = null;
          return;
        }
        if (DROPPED.has(name)) {
          if (!selfClosing) {
            dropName = name;
            dropCount = 1;
          }
          return;
        }
        if (name === 'pre' && !selfClosing) preDepth++;
        tb.brk(breakFor(name));
      },
      close(rawName) {
        const name = rawName.toLowerCase();
        if (dropName !== null) {
          if (name === dropName && --dropCount === 0) dropName = null;
          return;
        }
        if (name === 'pre' && preDepth > 0) preDepth--;
        // <br> ends the line it is in; other elements separate what follows from them.
        if (!VOID.has(name)) tb.brk(breakFor(name));
      },
      text(data) {
        if (dropName === null) tb.text(data, preDepth > 0);
      },
      cdata(data) {
        // CDATA inside HTML is content wrapped once too often: read it as HTML.
        if (dropName === null) writeHtml(data, tb);
      },
    },
    false,
    true,
  );
}

/**
 * Fixes two ways broken markup would swallow real text: a comment that never ends ("<!-- x >")
 * is ended at the next ">", as old browsers did; and a "<" with no ">" after it cannot start a
 * tag, so it is text ("<!DOCTYPE" at the very end of a description).
 */
function repairMarkup(html: string): string {
  let s = html;
  if (s.includes('<!--')) {
    const parts: string[] = [];
    let from = 0;
    let closersLeft = true;
    for (;;) {
      const open = s.indexOf('<!--', from);
      if (open < 0) break;
      const close = closersLeft ? s.indexOf('-->', open + 4) : -1;
      if (close >= 0) {
        parts.push(s.slice(from, close + 3));
        from = close + 3;
        continue;
      }
      closersLeft = false;
      parts.push(s.slice(from, open));
      const gt = s.indexOf('>', open + 4);
      from = gt < 0 ? s.length : gt + 1;
    }
    parts.push(s.slice(from));
    s = parts.join('');
  }
  const lastGt = s.lastIndexOf('>');
  const tail = s.slice(lastGt + 1);
  return tail.includes('<') ? s.slice(0, lastGt + 1) + tail.replace(/</g, '&lt;') : s;
}

/** Converts inline XML/XHTML children (already parsed into our tree) to plain text. */
export function nodesToText(nodes: readonly XmlNode[]): string {
  const tb = new TextBuilder();
  const walk = (list: readonly XmlNode[], pre: boolean): void => {
    for (const n of list) {
      if (n.kind === 'text') {
        tb.text(n.value, pre);
        continue;
      }
      if (DROPPED.has(n.local)) continue;
      const b = breakFor(n.local);
      tb.brk(b);
      walk(n.children, pre || n.local === 'pre');
      if (n.local !== 'br') tb.brk(b);
    }
  };
  walk(nodes, false);
  return tb.result();
}

/** Folds whitespace of text that is already plain: spaces within lines, at most one blank line. */
export function normalizeText(text: string): string {
  return repairMojibake(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0\u200b]+/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Names of HTML elements that show a string is markup rather than text with a stray "<". */
const HTML_TAG_RE =
  /<\/?(?:a|abbr|acronym|address|applet|area|article|aside|audio|b|basefont|bdi|bdo|big|blink|blockquote|body|br|button|canvas|caption|center|cite|code|col|colgroup|dd|del|details|dfn|dialog|dir|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|math|menu|meta|nav|noscript|object|ol|optgroup|option|p|param|picture|pre|q|s|samp|script|section|select|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|tt|u|ul|var|video|wbr)(?:\s[^<>]*)?\/?>/i;
const ENTITY_RE = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/**
 * Guesses whether text declared as neither text nor HTML (RSS fields) is HTML. RSS never says,
 * and most feeds put escaped HTML in descriptions, while a title like "1 < 2" is plain text.
 */
export function looksLikeHtml(text: string): boolean {
  return HTML_TAG_RE.test(text) || ENTITY_RE.test(text) || text.includes('<!--');
}
