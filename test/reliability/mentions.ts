/**
 * What each platform would turn into a mass mention (or any mention) if it received it, so a test
 * can look at exactly what was sent: the raw Slack request (text and blocks), the Discord body
 * (content, embeds, `allowed_mentions`), and the console's printed text. A neutralised mention
 * (`@` followed by a zero-width space) is not one.
 */
import type { SlackPost } from '../helpers/fake-slack.js';

/** Slack's mention syntax: broadcasts, user groups, users. */
const SLACK_MENTIONS = [/<!(channel|here|everyone)\b/i, /<!subteam\^/i, /<@[UWB][A-Z0-9]+/];
/** Plain-text broadcasts any platform (or a person pasting the text on) would act on. */
const PLAIN_BROADCAST = /[@＠](everyone|here|channel)\b/i;
/** Discord's mention syntax: users, roles, channels. */
const DISCORD_MENTIONS = [/<@!?\d+>/, /<@&\d+>/];

/** The mentions a Slack post would ping with; empty when none. */
export function slackMentions(post: SlackPost): string[] {
  const raw = `${post.text}\n${JSON.stringify(post.blocks)}`;
  const found = SLACK_MENTIONS.flatMap((re) => raw.match(re) ?? []);
  // Slack reads "@channel" as a broadcast only with link_names; it must be off, and the text clean.
  if (String(post.params.link_names) === 'true') found.push('link_names on');
  const plain = raw.match(PLAIN_BROADCAST);
  if (plain) found.push(plain[0]);
  return found;
}

/** The mentions a Discord message body would ping with; empty when none. */
export function discordMentions(body: Record<string, unknown>): string[] {
  const found: string[] = [];
  const allowed = body.allowed_mentions as
    | { parse?: unknown[]; users?: unknown[]; roles?: unknown[] }
    | undefined;
  if (
    !allowed ||
    (allowed.parse ?? []).length > 0 ||
    (allowed.users ?? []).length > 0 ||
    (allowed.roles ?? []).length > 0
  )
    found.push(`allowed_mentions ${JSON.stringify(allowed)}`);
  const text = JSON.stringify({ content: body.content ?? '', embeds: body.embeds ?? [] });
  for (const re of [...DISCORD_MENTIONS, PLAIN_BROADCAST]) found.push(...(text.match(re) ?? []));
  return found;
}

/** The mentions console output would carry into wherever it is pasted or piped; empty when none. */
export function consoleMentions(text: string): string[] {
  return [...SLACK_MENTIONS, ...DISCORD_MENTIONS, PLAIN_BROADCAST].flatMap((re) => text.match(re) ?? []);
}
