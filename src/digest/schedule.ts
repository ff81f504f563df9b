/**
 * When each destination gets a beat's digest, decided from what is stored: the configuration's
 * `digest` on a destination, or a chat channel's `digest on` / `digest off` setting. Also the
 * names every part of the schedule agrees on: the cron pattern, the job scheduler's id and the
 * delivery key that makes a day's digest go out once. Pure.
 */
import { createHash } from 'node:crypto';
import type { DestinationConfig, QuietDay, Topic } from '../config/schema.js';
import { canonicalTimeZone, parseTimeOfDay } from '../config/time-zone.js';

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

/**
 * The job scheduler of one destination's digest of one beat. Destination ids hold colons
 * (`slack:T1:C1`), which BullMQ reads specially in ids, so the id is hashed.
 */
export function digestSchedulerId(topic: string, destinationId: string): string {
  return `digest-${topic}-${createHash('sha1').update(destinationId).digest('hex').slice(0, 16)}`;
}

/**
 * What the delivery markers key a digest on: the beat and the local date it is for, so however
 * many jobs build a day's digest (two workers, a retry, a missed run caught up), it is posted to a
 * destination once.
 */
export function digestDeliveryKey(topic: string, date: string): string {
  return `digest:${topic}:${date}`;
}
