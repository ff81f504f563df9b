/**
 * A platform-neutral {@link Message} as Discord messages: one embed per block of text, as many
 * embeds and messages as the text needs so every payload stays within Discord's limits (title 256,
 * description 4096, 6000 characters and 10 embeds a message). A long digest becomes several
 * messages, each valid, rather than one message cut short. All text is treated as untrusted:
 * control characters out, markdown escaped, mentions broken, links only to safe http(s) URLs, and
 * `allowed_mentions: { parse: [] }` on every payload so nothing can ping even if it slipped through.
 */
import type { APIEmbed } from 'discord.js';
import {
  cleanText,
  escapeDiscordMarkdown,
  oneLine,
  safeUrl,
  stripControl,
  truncate,
} from '../core/escape.js';
import { PLATFORM_LIMITS } from '../core/limits.js';
import type { Message, MessageLink } from '../core/message.js';

const LIMITS = PLATFORM_LIMITS.discord;

/** One Discord message as the API takes it (`POST /channels/{id}/messages`, interaction replies). */
export interface DiscordMessagePayload {
  embeds: APIEmbed[];
  allowed_mentions: { parse: [] };
}

/** Longest line of text rendered; builders keep lines far shorter, this bounds hostile ones. */
const LINE_MAX = 1000;
/** Longest section heading. */
const HEADING_MAX = 250;
/** Longest link label. */
const LABEL_MAX = 80;
/** Links are joined on one line while it stays this short (one link may be longer: its URL). */
const LINK_LINE_MAX = 1000;
/** Footer text is short ("cecot · digest · 2/3"); its room is kept free in every message. */
const FOOTER_MAX = 100;
/** What the title, descriptions and footer of one message may add up to. */
const MESSAGE_BUDGET = LIMITS.embedsTotal - FOOTER_MAX;

const COLOURS: Record<Message['kind'], number> = { alert: 0xc92a2a, digest: 0x1971c2, reply: 0x868e96 };

/** A piece of description that is never split: a line, or a heading with the line after it. */
interface Unit {
  text: string;
  /** Starts a new section: a blank line goes before it unless it opens an embed. */
  opensSection: boolean;
}

/** Untrusted text on one line without control or bidi characters. */
function plain(text: string): string {
  return oneLine(stripControl(text));
}

/**
 * Escaped markdown of untrusted plain text, at most `max` UTF-16 units long (escaping adds
 * characters, so the text is shortened until its escaped form fits, never cut mid-escape).
 */
export function escapeWithin(text: string, max: number): string {
  const whole = escapeDiscordMarkdown(text);
  if (whole.length <= max) return whole;
  let room = max;
  let escaped = escapeDiscordMarkdown(truncate(text, room));
  while (escaped.length > max && room > 1) {
    // Shrink in proportion to the overshoot (escaping can double the length), by one at least.
    room = Math.max(1, Math.min(room - 1, Math.floor((room * max) / escaped.length)));
    escaped = escapeDiscordMarkdown(truncate(text, room));
  }
  return escaped.length <= max ? escaped : '…';
}

/** Longest link target; a longer one is dropped, since a shortened URL points elsewhere. */
const URL_MAX = 2000;

/** A URL as a markdown link target: safe http(s) only, parentheses encoded so it cannot end early. */
export function linkTarget(url: string): string | null {
  const target = safeUrl(url, URL_MAX)?.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return target && target.length <= URL_MAX ? target : null;
}

/** `[label](url)` for a link, or null when its URL is unsafe. */
function maskedLink(link: MessageLink): string | null {
  const target = linkTarget(link.url);
  if (!target) return null;
  const label =
    escapeWithin(plain(link.label), LABEL_MAX) || escapeWithin(new URL(target).hostname, LABEL_MAX);
  return `[${label}](${target})`;
}

/** Links joined with " · ", wrapped onto several lines when many. */
function linkLines(links: readonly MessageLink[]): string[] {
  const lines: string[] = [];
  let current = '';
  for (const token of links.map(maskedLink)) {
    if (!token) continue;
    if (current && current.length + 3 + token.length > LINK_LINE_MAX) {
      lines.push(current);
      current = token;
    } else current = current ? `${current} · ${token}` : token;
  }
  if (current) lines.push(current);
  return lines;
}

/** The message's sections as units of description, in order. */
function unitsOf(message: Message): Unit[] {
  const units: Unit[] = [];
  for (const section of message.sections) {
    const heading = section.heading ? escapeWithin(plain(section.heading), HEADING_MAX) : '';
    // Under a heading each line is a bullet; without one, lines are plain paragraphs.
    const lines = [
      ...section.lines
        .map((l) => escapeWithin(plain(l), LINE_MAX))
        .filter(Boolean)
        .map((l) => (heading ? `• ${l}` : l)),
      ...linkLines(section.links ?? []),
    ];
    const start = units.length;
    if (heading) {
      // A heading stays with its first line, so it never ends an embed alone.
      const [first, ...rest] = lines;
      units.push({ text: first ? `**${heading}**\n${first}` : `**${heading}**`, opensSection: true });
      for (const text of rest) units.push({ text, opensSection: false });
    } else for (const text of lines) units.push({ text, opensSection: false });
    if (units[start]) units[start].opensSection = true;
  }
  return units;
}

/**
 * Renders a message as one or more Discord message payloads, in the order to post them. Only the
 * first carries the title; when there are several, each footer says which part it is.
 */
export function renderDiscordMessage(message: Message): DiscordMessagePayload[] {
  const colour = COLOURS[message.kind];
  const title = escapeWithin(plain(message.title), LIMITS.embedTitle) || '(untitled)';
  const messages: APIEmbed[][] = [];
  let embeds: APIEmbed[] = [];
  let description = '';
  let total = title.length;

  const closeEmbed = () => {
    const first = messages.length === 0 && embeds.length === 0;
    const embed: APIEmbed = { color: colour };
    if (first) embed.title = title;
    if (description) embed.description = description;
    if (embed.title || embed.description) embeds.push(embed);
    description = '';
  };
  const closeMessage = () => {
    closeEmbed();
    if (embeds.length > 0) messages.push(embeds);
    embeds = [];
    total = 0;
  };

  for (const unit of unitsOf(message)) {
    const piece = description ? `${unit.opensSection ? '\n\n' : '\n'}${unit.text}` : unit.text;
    if (
      description.length + piece.length <= LIMITS.embedDescription &&
      total + piece.length <= MESSAGE_BUDGET
    ) {
      description += piece;
      total += piece.length;
      continue;
    }
    closeEmbed();
    if (embeds.length >= LIMITS.embeds || total + unit.text.length > MESSAGE_BUDGET) closeMessage();
    description = unit.text;
    total += unit.text.length;
  }
  closeMessage();

  const topic = cleanText(message.topic, 40);
  return messages.map((embedsOfMessage, i) => {
    const parts = messages.length > 1 ? ` · ${i + 1}/${messages.length}` : '';
    const footer = [topic, message.kind].filter(Boolean).join(' · ') + parts;
    const last = embedsOfMessage[embedsOfMessage.length - 1]!;
    last.footer = { text: truncate(footer, FOOTER_MAX) };
    return { embeds: embedsOfMessage, allowed_mentions: { parse: [] } };
  });
}
