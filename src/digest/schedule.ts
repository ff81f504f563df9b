/**
 * When each destination gets a beat's digest, decided from what is stored: the configuration's
 * `digest` on a destination, or a chat channel's `digest on` / `digest off` setting. Also the
 * names every part of the schedule agrees on: the cron pattern, the job scheduler's id and the
 * delivery key that makes a day's digest go out once. Pure.
 */
import { createHash } from 'node:crypto';
import { dateTimeIn, dayIn } from '../chat/core/compose.js';
import type { DestinationConfig, QuietDay, Topic } from '../config/schema.js';
import { canonicalTimeZone, parseTimeOfDay } from '../config/time-zone.js';
import { addDays } from './sparkline.js';

/** A destination's daily digest of one beat. */
export interface DigestSchedule {
  /** `HH:MM`, 24-hour clock, in `timezone`. */
  time: string;
  /** IANA time zone. */
  timezone: string;
  quietDay: QuietDay;
}

/** What `digest on` / `digest off` stores for a channel: its time and zone, or off. */
export type DigestSetting = { time: string; timezone: string } | 'off';

/** The key of a beat's digest in a destination's stored settings. */
export function digestSettingKey(topic: string): string {
  return `digest:${topic}`;
}

/** The stored form of a setting. */
export function encodeDigestSetting(setting: DigestSetting): string {
  return setting === 'off' ? 'off' : JSON.stringify({ time: setting.time, timezone: setting.timezone });
}

/** A stored setting read back; null when there is none or it cannot be read (then the configuration decides). */
export function decodeDigestSetting(value: string | undefined): DigestSetting | null {
  if (value === undefined) return null;
  if (value === 'off') return 'off';
  try {
    const parsed = JSON.parse(value) as { time?: unknown; timezone?: unknown };
    const time = parseTimeOfDay(typeof parsed.time === 'string' ? parsed.time : null);
    const timezone = canonicalTimeZone(typeof parsed.timezone === 'string' ? parsed.timezone : null);
    return time && timezone ? { time, timezone } : null;
  } catch {
    return null;
  }
}

/** A destination as stored: its configuration and the settings chat commands wrote. */
export type DigestDestination = Pick<DestinationConfig, 'topics' | 'digest'> & {
  settings?: Readonly<Record<string, string>>;
};

/**
 * What decides a destination's digests: this process's configuration of it when the
 * configuration names it (the stored copy may be an older file's), with the settings stored from
 * chat; else the stored destination (a chat channel). Null when neither exists.
 */
export function digestDestination(
  configured: DestinationConfig | undefined,
  stored: (DigestDestination & Pick<DestinationConfig, 'id'>) | null | undefined,
): (DigestDestination & { configured: boolean }) | null {
  if (configured) return { ...configured, settings: stored?.settings ?? {}, configured: true };
  return stored ? { ...stored, configured: false } : null;
}

/**
 * The destination's digest of `topic`, or null when it gets none. A setting written from chat
 * wins; otherwise the configuration's `digest` applies to the beats the destination lists, and
 * only while the configuration still names it (`configured`), so a destination deleted from the
 * file stops getting digests.
 */
export function digestScheduleOf(
  destination: DigestDestination,
  topic: Pick<Topic, 'id' | 'digest'>,
  configured: boolean,
): DigestSchedule | null {
  const setting = decodeDigestSetting(destination.settings?.[digestSettingKey(topic.id)]);
  if (setting === 'off') return null;
  if (setting) return { ...setting, quietDay: topic.digest.quietDay };
  const own = destination.digest;
  if (!configured || !own || !destination.topics.includes(topic.id)) return null;
  return {
    time: own.time ?? topic.digest.time,
    timezone: own.timezone ?? topic.digest.timezone,
    quietDay: own.quietDay ?? topic.digest.quietDay,
  };
}

/** The cron pattern (seconds first, as BullMQ reads it) of a run every day at `HH:MM`. */
export function dailyPattern(time: string): string {
  const parsed = parseTimeOfDay(time);
  if (!parsed) throw new RangeError(`not a time of day: ${time}`);
  const [hours, minutes] = parsed.split(':').map(Number);
  return `0 ${minutes} ${hours} * * *`;
}

const MINUTE = 60_000;

/**
 * The first instant whose local time in `timeZone` is `date` at `time` or later: that time, or,
 * when the clocks jump over it, the first minute after the jump. Local time only goes back in an
 * autumn switch, an hour or so and never near a jump, so a binary search over the minutes of the
 * day's offsets (±15 hours around the time in UTC) finds it.
 */
export function firstInstantAtOrAfter(date: string, time: string, timeZone: string): number {
  const wanted = `${date} ${time}`;
  let lo = Date.parse(`${date}T${time}:00Z`) - 15 * 60 * MINUTE;
  let hi = lo + 30 * 60 * MINUTE;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (dateTimeIn(mid, timeZone) >= wanted) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The runs a daily schedule at `time` misses between a run (or now) at `fromMs` and its next run
 * at `nextMs`: each local date strictly between theirs, with the first instant at or after `time`
 * on it. cron-parser skips a whole day whose clocks jump over `time` at midnight (00:00 to 01:00
 * in America/Santiago when summer time starts), where a jump later in the day runs at its first
 * minute; the service adds these as one-off runs so that day still gets its digest. Empty on
 * every other day.
 */
export function skippedRuns(
  time: string,
  timeZone: string,
  fromMs: number,
  nextMs: number,
): Array<{ date: string; dueMs: number }> {
  const last = dayIn(nextMs, timeZone);
  const runs: Array<{ date: string; dueMs: number }> = [];
  // A week at most: a daily pattern never skips more than the one day a switch falls on.
  for (
    let date = addDays(dayIn(fromMs, timeZone), 1), n = 0;
    date < last && n < 7;
    date = addDays(date, 1), n++
  ) {
    const dueMs = firstInstantAtOrAfter(date, time, timeZone);
    if (dueMs > fromMs && dueMs < nextMs && dayIn(dueMs, timeZone) === date) runs.push({ date, dueMs });
  }
  return runs;
}

/**
 * The job scheduler of one destination's digest of one beat. Destination ids hold colons
 * (`slack:T1:C1`), which BullMQ reads specially in ids, so the id is hashed.
 */
export function digestSchedulerId(topic: string, destinationId: string): string {
  return `digest-${topic}-${createHash('sha1').update(destinationId).digest('hex').slice(0, 16)}`;
}

/** The job id of the one-off run of a day the scheduler skips ({@link skippedRuns}). */
export function skippedRunJobId(topic: string, destinationId: string, date: string): string {
  return `${digestSchedulerId(topic, destinationId)}-skipped-${date}`;
}

/**
 * Whether a delayed digest job is a run still to come at its time, as a scheduler's next run is
 * (`repeat:<scheduler>:<time>`, or a skipped day's run), not work waiting for a retry.
 */
export function isFutureRunJobId(id: string): boolean {
  return id.startsWith('repeat:') || /^digest-.+-skipped-\d{4}-\d{2}-\d{2}$/.test(id);
}

/**
 * What the delivery markers key a digest on: the beat and the local date it is for, so however
 * many jobs build a day's digest (two workers, a retry, a missed run caught up), it is posted to a
 * destination once.
 */
export function digestDeliveryKey(topic: string, date: string): string {
  return `digest:${topic}:${date}`;
}
