/**
 * Making untrusted text (feed titles, summaries, outlet names, URLs) safe to show. Feed text is
 * written by strangers: it may try to ping a whole workspace (`@everyone`, `<!channel>`), mention
 * users (`<@U123>`), hide terminal escape sequences, or be a megabyte long. Builders clean text
 * with {@link cleanText}; platform renderers then apply their own syntax escaping
 * ({@link escapeSlackText}, {@link escapeDiscordMarkdown}) and limits ({@link truncate}).
 */

/** Zero-width space: breaks a mention token without changing what a reader sees. */
const ZWSP = '\u200b';

// C0/C1 controls (except tab and newline), DEL, bidi overrides/isolates and other invisible
// formatting characters that can reorder or hide text in a chat client or a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// An ANSI/VT escape sequence as a whole (CSI … final byte, or OSC … BEL/ST), removed before the
// lone control characters so no printable remainder like "[31m" is left behind.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;

// Zero-width characters (space, non-joiner, word joiner): invisible, and able to split a mention
// or broadcast token that joins up again where they are dropped. The joiner (U+200D) stays: it
// builds emoji sequences.
const ZERO_WIDTH = /[\u200b\u200c\u2060]/g;

/**
 * Removes zero-width characters, for text shown where they serve no purpose (a terminal); run it
 * before {@link neutraliseMentions}, whose own zero-width spaces must stay.
 */
export function stripZeroWidth(text: string): string {
  return text.replace(ZERO_WIDTH, '');
}

/** Removes terminal escape sequences and invisible control/bidi characters; keeps `\n` and `\t`. */
export function stripControl(text: string): string {
  return text.replace(ANSI, '').replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/**
 * Breaks every broadcast or mention token so no platform can ping from it:
 * `@everyone`, `@here`, `@channel` (Slack and Discord plain text), and the angle-bracket forms
 * `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>`, `<@U…>`, `<@!…>`, `<@&…>`, `<#…>`.
 * The text still reads the same; only a zero-width space is inserted.
 */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/@(everyone|here|channel|all)\b/gi, `@${ZWSP}$1`)
    .replace(/<([!@#])/g, `<${ZWSP}$1`)
    .replace(/＠/g, `＠${ZWSP}`);
}

/** Collapses runs of whitespace (newlines included) to single spaces and trims. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Shortens `text` to at most `max` characters (code points), ending with `…` when cut. Cuts at
 * a word boundary when one is near the end, and never splits a surrogate pair.
 */
export function truncate(text: string, max: number, ellipsis = '…'): string {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const room = Math.max(0, max - Array.from(ellipsis).length);
  let cut = chars.slice(0, room).join('');
  const space = cut.lastIndexOf(' ');
  // Prefer the last word boundary when it keeps most of the text; long unbroken strings are cut hard.
  const atBoundary = /\s/.test(chars[room] ?? ' ');
  if (!atBoundary && space > room * 0.7) cut = cut.slice(0, space);
  return `${cut.trimEnd()}${ellipsis}`;
}

/**
 * Everything a builder does to one untrusted field: control characters out, whitespace collapsed
 * to one line, mentions neutralised, length capped.
 */
export function cleanText(text: string | null | undefined, max = 300): string {
  if (!text) return '';
  return truncate(neutraliseMentions(oneLine(stripControl(text))), max);
}

/**
 * An untrusted URL that is safe to show and to link: http(s) only, no credentials, no control
 * characters, at most `max` characters. Returns null for anything else (javascript:, data:, junk).
 */
export function safeUrl(url: string | null | undefined, max = 2000): string | null {
  if (!url) return null;
  const trimmed = stripControl(url).trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  parsed.username = '';
  parsed.password = '';
  const href = parsed.href;
  // A URL cut in the middle points somewhere else; drop it rather than shorten it.
  return href.length > max ? null : href;
}

/**
 * Slack mrkdwn escaping of untrusted text: `&`, `<`, `>` become entities, which also defuses
 * `<!channel>`, `<@U…>` and `<url|label>` link injection.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Discord markdown escaping of untrusted text (formatting characters, headings, masked links). */
export function escapeDiscordMarkdown(text: string): string {
  return neutraliseMentions(text)
    .replace(/([\\*_~`|>[\]])/g, '\\$1')
    .replace(/^(\s*)([#-]|\d+\.)/gm, '$1\\$2');
}
