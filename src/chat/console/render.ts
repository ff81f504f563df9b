/**
 * Prints a {@link Message} for a terminal: the title in a box, then each section with its
 * heading, wrapped lines and links (URLs on lines of their own so terminals keep them
 * clickable). Untrusted text is cleaned here as on every platform: no escape sequences or
 * zero-width characters from a feed reach the terminal, no mention token survives, and each field
 * is capped ({@link PLATFORM_LIMITS}.console) so a 10,000-character title takes a few lines.
 */
import { neutraliseMentions, safeUrl, stripControl, stripZeroWidth, truncate } from '../core/escape.js';
import { PLATFORM_LIMITS } from '../core/limits.js';
import type { Message } from '../core/message.js';

const LIMITS = PLATFORM_LIMITS.console;

export interface ConsoleRenderOptions {
  /** Total width in columns; default 80, at least 40. */
  width?: number;
  /** Bold titles and dim links with ANSI codes; default false. */
  color?: boolean;
}

/** How far a reply is drawn in from the message it answers. */
const REPLY_INDENT = '    ';

const KIND_LABEL: Record<Message['kind'], string> = { alert: 'ALERT', digest: 'DIGEST', reply: 'REPLY' };

/** Untrusted text made safe for a terminal, on one line, at most `max` characters. */
function clean(text: string, max: number): string {
  const line = stripZeroWidth(stripControl(text)).replace(/\s+/g, ' ').trim();
  return line ? truncate(neutraliseMentions(line), max) : '';
}

/** Word-wraps `text` to `width` columns; words longer than a line are cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ').filter(Boolean)) {
    let rest = Array.from(word);
    while (rest.length > width) {
      if (current) lines.push(current);
      lines.push(rest.slice(0, width).join(''));
      rest = rest.slice(width);
      current = '';
    }
    const piece = rest.join('');
    if (!piece) continue;
    if (!current) current = piece;
    else if (Array.from(current).length + 1 + rest.length <= width) current += ` ${piece}`;
    else {
      lines.push(current);
      current = piece;
    }
  }
  if (current) lines.push(current);
  return lines.length > 0 ? lines : [''];
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - Array.from(text).length));
}

/** Renders a message as terminal text (no trailing newline). */
export function renderMessage(message: Message, options: ConsoleRenderOptions = {}): string {
  const width = Math.max(40, Math.floor(options.width ?? 80));
  const bold = (s: string) => (options.color ? `\u001b[1m${s}\u001b[22m` : s);
  const dim = (s: string) => (options.color ? `\u001b[2m${s}\u001b[22m` : s);
  const inner = width - 4;

  const label = ` ${KIND_LABEL[message.kind]} · ${clean(message.topic, LIMITS.linkLabel)} `;
  const top = `╭─${label}${'─'.repeat(Math.max(0, width - 3 - Array.from(label).length))}╮`;
  const out: string[] = [top];
  for (const line of wrap(clean(message.title, LIMITS.title) || '(untitled)', inner)) {
    out.push(`│ ${bold(pad(line, inner))} │`);
  }
  out.push(`╰${'─'.repeat(width - 2)}╯`);

  for (const section of message.sections) {
    out.push('');
    const heading = section.heading ? clean(section.heading, LIMITS.heading) : '';
    if (heading) for (const line of wrap(heading, width - 4)) out.push(`  ${bold(line)}`);
    // Under a heading each line is a bullet; without one, lines are plain paragraphs.
    const indent = heading ? '    ' : '  ';
    const first = heading ? '• ' : '';
    const next = heading ? '  ' : '';
    for (const raw of section.lines) {
      const lines = wrap(clean(raw, LIMITS.line), width - indent.length - first.length);
      lines.forEach((line, i) => {
        out.push(`${indent}${i === 0 ? first : next}${line}`);
      });
    }
    for (const link of section.links ?? []) {
      const url = safeUrl(link.url);
      const name = clean(link.label, LIMITS.linkLabel) || 'link';
      out.push(`${indent}→ ${name}: ${url ? dim(url) : '(unsafe link removed)'}`);
    }
  }
  return out.join('\n');
}

/**
 * Renders a reply in a thread as a terminal shows threads: the message drawn in under a line that
 * names what it answers (`parentTitle`, the title of the thread's first message, or null when this
 * process did not print it).
 */
export function renderReply(
  message: Message,
  parentTitle: string | null,
  options: ConsoleRenderOptions = {},
): string {
  const width = Math.max(40, Math.floor(options.width ?? 80));
  const inner = Math.max(40, width - REPLY_INDENT.length);
  const parent = parentTitle ? `“${clean(parentTitle, Math.max(10, width - 18))}”` : 'an earlier message';
  const body = renderMessage(message, { ...options, width: inner })
    .split('\n')
    .map((line) => (line ? `${REPLY_INDENT}${line}` : line));
  return [`  ↳ in reply to ${parent}`, ...body].join('\n');
}
