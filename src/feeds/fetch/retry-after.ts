/**
 * Retry-After (RFC 9110 §10.2.3): either a number of seconds or an HTTP-date. Servers send all
 * sorts of things here, so anything that is not clearly one of the two gives `null` and the
 * poller falls back to its own backoff.
 */

const DELAY_SECONDS = /^\d+$/;
const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
/** IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE = new RegExp(`^[A-Z][a-z]{2}, \\d{2} (${MONTHS}) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$`);
/** Obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC850 = new RegExp(`^[A-Z][a-z]+, \\d{2}-(${MONTHS})-\\d{2} \\d{2}:\\d{2}:\\d{2} GMT$`);
/** Obsolete asctime: `Sun Nov  6 08:49:37 1994` (always GMT, though it does not say so). */
const ASCTIME = new RegExp(`^[A-Z][a-z]{2} (${MONTHS}) [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4}$`);

/**
 * Milliseconds to wait according to a Retry-After value, measured from `nowMs`.
 * A date in the past gives 0; absent, empty or unparseable values give `null`.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (DELAY_SECONDS.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isSafeInteger(ms) ? ms : null;
  }
  let dateMs = Number.NaN;
  // Date.parse is lenient enough to read "12" as a year, so only hand it the three real formats.
  if (IMF_FIXDATE.test(text) || RFC850.test(text)) dateMs = Date.parse(text);
  else if (ASCTIME.test(text)) dateMs = Date.parse(`${text} GMT`);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}
