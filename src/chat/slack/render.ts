/**
 * A platform-neutral {@link Message} as Slack messages: Block Kit blocks with a `text` fallback,
 * every piece of text escaped for Slack and every message within Slack's limits. A message too
 * big for one post (a long digest) becomes several, in order; nothing is cut into an invalid
 * payload. Feed text is untrusted: it is cleaned (controls, bidi overrides, mention tokens) and
 * escaped (`&`, `<`, `>`), and mrkdwn is sent `verbatim` so Slack parses no mention or channel
 * name out of it either.
 */
import type { types } from '@slack/bolt';
import {
  cleanText,
  escapeSlackText,
  neutraliseMentions,
  safeUrl,
  stripControl,
  truncate,
} from '../core/escape.js';
import { PLATFORM_LIMITS } from '../core/limits.js';
import type { Message, MessageLink } from '../core/message.js';

/** One Slack post (or one `respond()` call): the fallback text and the blocks. */
export interface SlackMessage {
  /** Notification and screen-reader text; always present. */
  text: string;
  blocks: types.KnownBlock[];
}

export interface SlackRenderOptions {
  /**
   * Most posts the message may take (a `response_url` takes five). Past it, the last post ends
   * with a line saying how much was left out.
   */
  maxMessages?: number;
}

const LIMITS = PLATFORM_LIMITS.slack;
/** Longest line inside a section; a section holds several, up to the section limit. */
const MAX_LINE = 2000;
/** Longest heading, link label and continuation note. */
const MAX_HEADING = 300;
const MAX_LABEL = 80;
/** Plain-text fallback of a post; Slack shows about 4,000 characters of it. */
const MAX_FALLBACK = 3000;
/** Room kept in every post for a continuation note and a "left out" note. */
const RESERVED_BLOCKS = 2;
const RESERVED_CHARS = 2 * MAX_HEADING;

/**
 * Untrusted text cleaned to one line and escaped for Slack, at most `max` characters once
 * escaped (`&` becomes five characters, so the cut is made after measuring the escaped form).
 */
export function slackText(raw: string | null | undefined, max: number): string {
  return fitEscaped((room) => cleanText(raw, room), max);
}

/** The longest cut of `cut` whose escaped form is at most `max` characters. */
function fitEscaped(cut: (room: number) => string, max: number): string {
  let room = max;
  for (;;) {
    const escaped = escapeSlackText(cut(room));
    if (escaped.length <= max || room === 1) return escaped.slice(0, max);
    // Shrink in proportion to the overflow: entities make escaped text up to five times longer.
    room = Math.max(1, Math.min(room - 1, Math.floor((room * max) / escaped.length)));
  }
}

/**
 * `<url|label>` for an untrusted link, or null when the URL is not a safe http(s) URL. Neither
 * part can close the link early or open another: `|`, `<`, `>` in the URL are percent-encoded,
 * `&` becomes `&amp;`, and a `|` in the label becomes a full-width bar.
 */
export function slackLink(link: MessageLink): string | null {
  const href = safeUrl(link.url);
  if (!href) return null;
  const url = escapeSlackText(href.replace(/[|<>\s]/g, (c) => encodeURIComponent(c)));
  const label = slackText(link.label, MAX_LABEL).replace(/\|/g, '｜') || new URL(href).hostname;
  return `<${url}|${label}>`;
}

function mrkdwn(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

function note(text: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text, verbatim: true }] };
}

/** Characters of block text Slack counts against a message's total. */
function blockChars(block: types.KnownBlock): number {
  if (block.type === 'header') return block.text.text.length;
  if (block.type === 'section') return block.text?.text.length ?? 0;
  if (block.type === 'context')
    return block.elements.reduce((n, e) => n + ('text' in e ? e.text.length : 0), 0);
  return 0;
}

/** Joins lines into as few pieces as possible, each at most `max` characters. */
function packLines(lines: readonly string[], max: number, separator: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + separator.length + line.length > max) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current}${separator}${line}` : line;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The body of a message as section blocks, each within the section limit. */
function sectionBlocks(message: Message): types.SectionBlock[] {
  const blocks: types.SectionBlock[] = [];
  for (const section of message.sections) {
    const heading = slackText(section.heading, MAX_HEADING);
    const bullet = heading ? '• ' : '';
    const lines = section.lines
      .map((line) => slackText(line, MAX_LINE - bullet.length))
      .filter(Boolean)
      .map((line) => `${bullet}${line}`);
    // A link longer than a line (a URL full of `&`, each now `&amp;`) is dropped, never cut.
    const links = (section.links ?? [])
      .map(slackLink)
      .filter((l): l is string => l !== null && l.length <= MAX_LINE);
    lines.push(...packLines(links, MAX_LINE, ' · '));
    if (heading) lines.unshift(`*${heading}*`);
    for (const text of packLines(lines, LIMITS.sectionText, '\n')) blocks.push(mrkdwn(text));
  }
  return blocks;
}

/** Groups blocks into posts within the block-count and total-size limits, keeping room for notes. */
function packBlocks(header: types.HeaderBlock, body: readonly types.KnownBlock[]): types.KnownBlock[][] {
  const maxBlocks = LIMITS.blocks - RESERVED_BLOCKS;
  const maxChars = LIMITS.totalBlocksText - RESERVED_CHARS;
  const posts: types.KnownBlock[][] = [[header]];
  let chars = blockChars(header);
  for (const block of body) {
    const current = posts[posts.length - 1]!;
    const size = blockChars(block);
    if (current.length + 1 > maxBlocks || chars + size > maxChars) {
      posts.push([block]);
      chars = size;
    } else {
      current.push(block);
      chars += size;
    }
  }
  return posts;
}

/** The plain-text fallback of the first post: the message's own, cleaned and escaped, lines kept. */
function fallbackText(message: Message, title: string): string {
  const clean = neutraliseMentions(stripControl(message.text || '')).trim();
  return clean ? fitEscaped((room) => truncate(clean, room), MAX_FALLBACK) : title;
}

/** Renders a message as one or more Slack posts, in the order they must be sent. */
export function renderSlackMessages(message: Message, options: SlackRenderOptions = {}): SlackMessage[] {
  const title = slackText(message.title, LIMITS.headerText) || '(untitled)';
  const header: types.HeaderBlock = { type: 'header', text: { type: 'plain_text', text: title } };
  let posts = packBlocks(header, sectionBlocks(message));
  const total = posts.length;
  const max = Math.max(1, Math.floor(options.maxMessages ?? Number.POSITIVE_INFINITY));
  if (total > max) {
    posts = posts.slice(0, max);
    posts[max - 1]!.push(
      note(
        `_${total - max} more ${total - max === 1 ? 'part was' : 'parts were'} left out: Slack takes ${max} here._`,
      ),
    );
  }
  const shown = posts.length;
  const shortTitle = slackText(message.title, MAX_HEADING - 40) || '(untitled)';
  return posts.map((blocks, i) => {
    if (i === 0) return { text: fallbackText(message, title), blocks };
    const continued = `${shortTitle} (continued, ${i + 1} of ${shown})`;
    return { text: continued, blocks: [note(`_${continued}_`), ...blocks] };
  });
}
