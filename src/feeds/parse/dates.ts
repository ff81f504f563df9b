/**
 * Feed dates to ISO 8601 UTC. Feeds use RFC 822 (RSS), W3CDTF/RFC 3339 (Atom, Dublin Core,
 * JSON Feed) and, in the wild, everything in between: named zones beyond the four US ones,
 * "GMT+2", missing seconds or zones, two-digit years, asctime, month names in Spanish or
 * Portuguese, a weekday that does not match. Anything we cannot read with confidence gives null.
 */

/** Offsets, in minutes east of UTC, of zone abbreviations seen in feeds. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  bst: 60,
  west: 60,
  cet: 60,
  met: 60,
  mez: 60,
  cest: 120,
  mest: 120,
  mesz: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  hkt: 480,
  sgt: 480,
  awst: 480,
  cst: -360,
  cdt: -300,
  ct: -360,
  est: -300,
  edt: -240,
  et: -300,
  mst: -420,
  mdt: -360,
  mt: -420,
  pst: -480,
  pdt: -420,
  pt: -480,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  at: -240,
  nst: -210,
  ndt: -150,
  art: -180,
  brt: -180,
  jst: 540,
  kst: 540,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

/** Month by the first three letters of its English, Spanish or Portuguese name. */
const MONTHS: Record<string, number> = {
  jan: 1,
  ene: 1,
  feb: 2,
  fev: 2,
  mar: 3,
  apr: 4,
  abr: 4,
  may: 5,
  mai: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  ago: 8,
  sep: 9,
  set: 9,
  oct: 10,
  out: 10,
  nov: 11,
  dec: 12,
  dic: 12,
  dez: 12,
};

const WEEKDAY_RE =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|lun(?:es)?|mi[eé](?:rcoles)?|jue(?:ves)?|vie(?:rnes)?|s[aá]b(?:ado)?|dom(?:ingo)?|seg|qua|qui|sex)\.?,?\s+|^mar(?:tes)?\.?,\s*/i;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** Minutes east of UTC. */
  offset: number;
}

/** Turns validated parts into an ISO string, or null when the parts do not make a real date. */
function toIso(p: Parts): string | null {
  if (p.year < 1000 || p.year > 9999) return null;
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return null;
  if (p.hour > 24 || p.minute > 59 || p.second > 60) return null;
  const second = Math.min(p.second, 59); // a leap second folds into the one before
  const ms = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, second, p.millis);
  const check = new Date(Date.UTC(p.year, p.month - 1, p.day));
  // Date.UTC rolls 31 April over to 1 May; such a date is wrong, not a different date.
  if (check.getUTCMonth() !== p.month - 1 || check.getUTCDate() !== p.day) return null;
  const d = new Date(ms - p.offset * 60_000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Parses a zone: "Z", "GMT", "EST", "+0200", "-03:00", "GMT+2", "UTC-0300". Null when unknown. */
function parseZone(raw: string | undefined): number | null {
  if (raw === undefined) return 0;
  const z = raw.trim().toLowerCase().replace(/[()]/g, '');
  if (z === '') return 0;
  const m = /^(?:gmt|utc|ut)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (m) {
    const h = Number(m[2]);
    const min = Number(m[3] ?? '0');
    if (h > 14 || min > 59) return null;
    return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
  }
  if (z in ZONES) return ZONES[z]!;
  // Single military letters were defined with the wrong sign in RFC 822; RFC 2822 says to read
  // them as "unknown offset", which for us is UTC.
  if (/^[a-z]$/.test(z)) return 0;
  return null;
}

function millisOf(fraction: string | undefined): number {
  return fraction ? Math.round(Number(`0.${fraction}`) * 1000) % 1000 : 0;
}

/** W3CDTF / ISO 8601 / RFC 3339, extended or compact, with reduced precision allowed. */
function parseIsoLike(s: string): string | null {
  const m =
    /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[a-z]{2,5}|(?:gmt|utc)?[+-]\d{1,2}(?::?\d{2})?)?$/i.exec(
      s,
    ) ??
    /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      s,
    );
  if (!m) return null;
  const offset = parseZone(m[8]);
  if (offset === null) return null;
  return toIso({
    year: Number(m[1]),
    month: Number(m[2] ?? '1'),
    day: Number(m[3] ?? '1'),
    hour: Number(m[4] ?? '0'),
    minute: Number(m[5] ?? '0'),
    second: Number(m[6] ?? '0'),
    millis: millisOf(m[7]),
    offset,
  });
}

/** RFC 822 and its relatives: tokens in any usual order around a time and a zone. */
function parseLoose(input: string): string | null {
  let s = input.replace(/\([^)]*\)/g, ' ').trim();
  s = s.replace(WEEKDAY_RE, '');
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offset = 0;
  const time = /(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([ap])\.?m\.?\b)?/i.exec(s);
  if (time) {
    hour = Number(time[1]);
    minute = Number(time[2]);
    second = Number(time[3] ?? '0');
    millis = millisOf(time[4]);
    const ampm = time[5]?.toLowerCase();
    if (ampm === 'p' && hour < 12) hour += 12;
    if (ampm === 'a' && hour === 12) hour = 0;
    // The zone, when there is one, follows the time; anything after it that is a year (asctime
    // puts the year last) is put back with the date tokens.
    let rest = s.slice(time.index + time[0].length).trim();
    const yearAfter = /(?:^|\s)(\d{4})$/.exec(rest);
    let tail = '';
    if (yearAfter) {
      tail = yearAfter[1]!;
      rest = rest.slice(0, yearAfter.index).trim();
    }
    if (rest !== '') {
      const z = parseZone(rest.split(/\s+/)[0]!.replace(/^(gmt|utc)([+-])/i, '$1$2'));
      const whole = parseZone(rest);
      if (whole !== null) offset = whole;
      else if (z !== null) offset = z;
      else return null;
    }
    s = `${s.slice(0, time.index)} ${tail}`;
  }
  const tokens = s
    .toLowerCase()
    .split(/[\s,/.-]+/)
    .filter((t) => t !== '' && t !== 'de' && t !== 'del' && t !== 'the' && t !== 'of');
  let month = 0;
  const numbers: string[] = [];
  for (const t of tokens) {
    if (/^\d+(?:st|nd|rd|th)?$/.test(t)) numbers.push(t.replace(/\D+$/, ''));
    else if (/^[a-zçé]{3,}$/.test(t) && month === 0 && MONTHS[t.slice(0, 3)] !== undefined)
      month = MONTHS[t.slice(0, 3)]!;
    else if (/^[a-z]$/.test(t) || t in ZONES) continue;
    else return null;
  }
  let year: number | undefined;
  let day: number | undefined;
  if (month !== 0) {
    const yi = numbers.findIndex((n) => n.length === 4);
    if (yi >= 0) {
      year = Number(numbers[yi]);
      numbers.splice(yi, 1);
      day = numbers.length === 1 ? Number(numbers[0]) : undefined;
    } else if (numbers.length === 2) {
      day = Number(numbers[0]);
      const yy = Number(numbers[1]);
      year = yy < 50 ? 2000 + yy : 1900 + yy;
    }
  } else if (numbers.length === 3 && numbers[0]!.length === 4) {
    year = Number(numbers[0]);
    month = Number(numbers[1]);
    day = Number(numbers[2]);
  }
  if (year === undefined || day === undefined) return null;
  return toIso({ year, month, day, hour, minute, second, millis, offset });
}

/**
 * Reads a feed date into ISO 8601 UTC (`2024-03-05T14:00:00.000Z`). Dates without a zone are
 * taken as UTC. Returns null for an absent, empty or unreadable date rather than guessing.
 */
export function parseFeedDate(input: string | null | undefined): string | null {
  if (input === null || input === undefined) return null;
  const s = input.replace(/\s+/g, ' ').trim();
  // No real date is this long; refusing early keeps odd input cheap.
  if (s === '' || s.length > 120) return null;
  return parseIsoLike(s) ?? parseLoose(s);
}
