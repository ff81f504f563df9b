/**
 * Quiet hours: a span of the day (`22:00-07:00`, in the person's time zone) during which their
 * follow alerts wait, to be delivered when it ends. Pure.
 */

/** Settings of a person's direct-message destination that hold their quiet hours. */
export const QUIET_SETTINGS = { span: 'quietHours', zone: 'quietZone' } as const;

/** A daily span in minutes after midnight; `from` > `to` spans midnight. */
export interface QuietHours {
  fromMinute: number;
  toMinute: number;
  timeZone: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minuteOf(text: string): number | null {
  const m = HHMM.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Whether `zone` is a time zone this runtime knows (an IANA name such as `America/El_Salvador`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parses `HH:MM-HH:MM`; null when it is not that, or both ends are the same. */
export function parseQuietSpan(text: string): { fromMinute: number; toMinute: number } | null {
  const [from, to, ...rest] = text.split('-');
  if (from === undefined || to === undefined || rest.length > 0) return null;
  const fromMinute = minuteOf(from);
  const toMinute = minuteOf(to);
  if (fromMinute === null || toMinute === null || fromMinute === toMinute) return null;
  return { fromMinute, toMinute };
}

/** `22:00-07:00`. */
export function formatQuietSpan(quiet: Pick<QuietHours, 'fromMinute' | 'toMinute'>): string {
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(quiet.fromMinute)}-${hhmm(quiet.toMinute)}`;
}

/** Minutes after local midnight (and the seconds into that minute) of an instant in a zone. */
function localMinute(nowMs: number, timeZone: string): { minute: number; secondMs: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(nowMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minute: get('hour') * 60 + get('minute'), secondMs: nowMs % 60_000 };
}

/**
 * How long from `nowMs` until the quiet span ends, or 0 when it is not quiet now. Counted in
 * local wall-clock minutes, so on a daylight-saving change the wait may be an hour off; an alert
 * then arrives an hour early or late, never lost.
 */
export function msUntilQuietEnds(quiet: QuietHours, nowMs: number): number {
  const { minute, secondMs } = localMinute(nowMs, quiet.timeZone);
  const { fromMinute: from, toMinute: to } = quiet;
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return 0;
  const minutesLeft = (to - minute + 1440) % 1440;
  return minutesLeft * 60_000 - secondMs;
}
