/**
 * Moves every date in a feed document by the same amount, so the sample feeds (written around a
 * fixed anchor) always read as "just published" whenever the demo runs. Pure text rewriting of
 * the date elements of RSS, Atom and JSON Feed; nothing else in the document changes.
 */

// RSS 2.0 and Atom date elements (dc:date too), and JSON Feed's date fields.
const XML_DATE = /(<(pubDate|lastBuildDate|published|updated|dc:date)>)([^<]+)(<\/\2>)/g;
const JSON_DATE = /("date_(?:published|modified)"\s*:\s*")([^"]+)(")/g;

function shiftOne(value: string, shiftMs: number, rfc822: boolean): string {
  const ms = Date.parse(value.trim());
  if (Number.isNaN(ms)) return value;
  const shifted = new Date(ms + shiftMs);
  return rfc822 ? shifted.toUTCString() : shifted.toISOString().replace(/\.000Z$/, 'Z');
}

/** Returns `text` with every feed date moved by `shiftMs` (RFC 822 stays RFC 822, ISO stays ISO). */
export function shiftFeedDates(text: string, shiftMs: number): string {
  if (shiftMs === 0) return text;
  return text
    .replace(XML_DATE, (_m, open: string, tag: string, value: string, close: string) => {
      const rfc822 = tag === 'pubDate' || tag === 'lastBuildDate';
      return `${open}${shiftOne(value, shiftMs, rfc822)}${close}`;
    })
    .replace(
      JSON_DATE,
      (_m, open: string, value: string, close: string) => `${open}${shiftOne(value, shiftMs, false)}${close}`,
    );
}

/**
 * The shift that puts `anchor` (the sample feeds' reference time) at `nowMs`, in whole minutes
 * so the printed times stay round.
 */
export function shiftToNow(anchorIso: string, nowMs: number): number {
  const anchor = Date.parse(anchorIso);
  if (Number.isNaN(anchor)) throw new RangeError(`anchor is not a date: ${anchorIso}`);
  return Math.floor((nowMs - anchor) / 60_000) * 60_000;
}
