/**
 * What must never be printed, logged or shown: passwords written in URLs (a feed's
 * `user:password@`, a `rediss://` REDIS_URL), token-shaped text, and values under secret-named
 * keys. One module, so the logger, `beatwatch sources`, start-up messages and error text all hide
 * the same things the same way.
 */
import { SECRET_ENV_KEYS } from './config/schema.js';

/** What a hidden secret is replaced with. */
export const REDACTED = '[redacted]';

/**
 * The user information of a URL in any scheme, up to the last `@` before the path: a password
 * may itself hold an `@` that the URL parser would still read as part of it. Quotes, brackets
 * and backslashes end it, so a URL inside JSON or markup never swallows what follows it.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>\\]*)@/gi;

/**
 * Hides the credentials of every URL in `text` (one URL or free text quoting some): the password
 * of `user:password@`, or a lone user name, which is often a token (`https://TOKEN@host`).
 * `https://reader:pw@host/feed` becomes `https://reader:[redacted]@host/feed`.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, (match, scheme: string, userinfo: string) => {
    if (userinfo === '') return match;
    const colon = userinfo.indexOf(':');
    return colon === -1 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
  });
}

/** Token shapes that must not appear even inside free text (an error message quoting a header). */
const TOKEN_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /\b(?:Bearer|Bot|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // A Discord bot token: base64 user id, timestamp and signature joined by dots.
  /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}\b/g,
];

/** Hides URL credentials and token-shaped substrings in free text. */
export function scrubSecrets(text: string): string {
  let out = redactUrlCredentials(text);
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/** Key names whose values are secrets whatever they hold, compared without regard to case. */
const SECRET_KEY = /(?:authorization|cookie|password|passwd|passphrase|secret|token|api[-_]?key)$/i;
const SECRET_ENV = new Set<string>(SECRET_ENV_KEYS);

/**
 * True for a key whose value must be hidden: `Authorization`, `set-cookie`, `botToken`,
 * `SLACK_SIGNING_SECRET`, `password`… (but not `tokens`, a count).
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || SECRET_ENV.has(key);
}
