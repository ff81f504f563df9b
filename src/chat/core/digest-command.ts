/**
 * `digest now | on [HH:MM] [time zone] | off` (Discord: `digest action:<now|on|off> time:<HH:MM>
 * timezone:<IANA>`): a channel's daily digest of the beat. `now` posts what the digest would say
 * now, for anyone; `on` and `off` (admins) store the channel's setting and bring its schedule in
 * line at once. A channel that is not a destination yet becomes one that lists no beat, so it
 * gets digests without the beat's alerts.
 */
import type { Topic } from '../../config/schema.js';
import { canonicalTimeZone, parseTimeOfDay } from '../../config/time-zone.js';
import { type DigestSources, digestFromStores } from '../../digest/collect.js';
import { type DigestSetting, decodeDigestSetting, digestSettingKey } from '../../digest/schedule.js';
import type { DestinationStore, DigestPeriod } from '../../store/types.js';
import { dateTimeIn, shortReply } from './compose.js';
import { cleanText } from './escape.js';
import { adminsOn } from './help.js';
import type { CommandOptions } from './parse-command.js';
import type { Caller, CommandReply } from './request.js';
import { channelDestinationId } from './subscribe.js';

/** What `digest on`, `off` and `now` need from the service that schedules digests. */
export interface DigestControl {
  /**
   * Stores a destination's digest setting for a beat and brings its job scheduler in line at
   * once. Returns when the next digest is due (epoch ms), or null when it is off.
   */
  set(destinationId: string, topic: string, setting: DigestSetting): Promise<number | null>;
  /** The period of the destination's last digest of the beat, or null when none was built. */
  last(topic: string, destinationId: string): Promise<DigestPeriod | null>;
}

/** What the digest command reads and changes. */
export interface DigestCommandContext extends DigestSources {
  destinations: Pick<DestinationStore, 'get' | 'upsert'>;
  /** Absent where nothing schedules digests (the demo's console): `on` and `off` say so. */
  digests?: DigestControl;
  now(): number;
}

const DAY = 86_400_000;

/** `/cecot digest on 08:00 America/El_Salvador`, or the Discord form with named options. */
function onExample(topic: Topic, platform: Caller['platform']): string {
  const { time, timezone } = topic.digest;
  return platform === 'discord'
    ? `/${topic.command} digest action:on time:${time} timezone:${timezone}`
    : `/${topic.command} digest on ${time} ${timezone}`;
}

function usage(topic: Topic, platform: Caller['platform'], action: 'now' | 'off'): string {
  return platform === 'discord'
    ? `/${topic.command} digest action:${action}`
    : `/${topic.command} digest ${action}`;
}

/** Answers `digest`; never throws on bad input. */
export async function answerDigest(
  ctx: DigestCommandContext,
  topic: Topic,
  caller: Caller,
  options: CommandOptions,
): Promise<CommandReply> {
  const id = channelDestinationId(caller);
  const current = caller.platform === 'console' ? null : await ctx.destinations.get(id);
  const setting = decodeDigestSetting(current?.settings?.[digestSettingKey(topic.id)]);
  const own = setting && setting !== 'off' ? setting : null;
  const action = String(options.action);
  if (action === 'now') return digestNow(ctx, topic, caller, own?.timezone ?? topic.digest.timezone);

  if (!(await caller.isAdmin())) {
    return shortReply(
      topic,
      'not allowed',
      [
        `Only admins can turn this channel's digest on or off: on this platform, ${adminsOn(caller.platform)}. ` +
          `Anyone can post it now with ${usage(topic, caller.platform, 'now')}.`,
      ],
      'private',
    );
  }
  if (caller.platform === 'console') {
    return shortReply(
      topic,
      'digest',
      ["The console's digest follows the configuration: `digest` on its destination."],
      'private',
    );
  }
  if (!ctx.digests) {
    return shortReply(
      topic,
      'digest',
      [`This process schedules no digests; ${usage(topic, caller.platform, 'now')} works here.`],
      'private',
    );
  }
  if (action === 'off') {
    if (!own) {
      return shortReply(
        topic,
        'digest',
        [`This channel gets no digest. ${onExample(topic, caller.platform)} starts one.`],
        'private',
      );
    }
    await ctx.digests.set(id, topic.id, 'off');
    return shortReply(
      topic,
      'digest',
      [`This channel no longer gets the daily digest. ${onExample(topic, caller.platform)} starts it again.`],
      'channel',
    );
  }

  // `digest on Europe/Madrid`: a zone where the time goes keeps the time, and is read as the zone.
  let timeText = options.time === undefined ? undefined : String(options.time);
  let zoneText = options.timezone === undefined ? undefined : String(options.timezone);
  if (timeText && zoneText === undefined && !parseTimeOfDay(timeText) && canonicalTimeZone(timeText)) {
    zoneText = timeText;
    timeText = undefined;
  }
  const time = timeText === undefined ? (own?.time ?? topic.digest.time) : parseTimeOfDay(timeText);
  if (!time) {
    return shortReply(
      topic,
      'digest',
      [
        `"${cleanText(timeText, 40)}" is not a time of day. Give it as HH:MM on a 24-hour clock, ` +
          `for example ${onExample(topic, caller.platform)}.`,
      ],
      'private',
    );
  }
  const timezone =
    zoneText === undefined ? (own?.timezone ?? topic.digest.timezone) : canonicalTimeZone(zoneText);
  if (!timezone) {
    return shortReply(
      topic,
      'digest',
      [
        `"${cleanText(zoneText, 64)}" is not a time zone. Use an IANA name such as America/El_Salvador, ` +
          `Europe/Madrid, America/New_York or UTC, for example ${onExample(topic, caller.platform)}.`,
      ],
      'private',
    );
  }
  if (!current) {
    await ctx.destinations.upsert({ id, type: caller.platform, channel: caller.channelId, topics: [] });
  }
  const next = await ctx.digests.set(id, topic.id, { time, timezone });
  return shortReply(
    topic,
    'digest',
    [
      `This channel now gets the beat's digest every day at ${time} (${timezone} time): the stories since the ` +
        `last one, ranked, with the figures${next === null ? '' : `. The next one: ${dateTimeIn(next, timezone, { zone: true })}`}.`,
      `${usage(topic, caller.platform, 'off')} stops it; ${usage(topic, caller.platform, 'now')} posts it at once.`,
    ],
    'channel',
  );
}

/** What the digest would say now: the stories since the channel's last digest (or the last day). */
async function digestNow(
  ctx: DigestCommandContext,
  topic: Topic,
  caller: Caller,
  timeZone: string,
): Promise<CommandReply> {
  const nowMs = ctx.now();
  const last =
    caller.platform === 'console' ? null : await ctx.digests?.last(topic.id, channelDestinationId(caller));
  const fromMs = last && last.toMs < nowMs ? last.toMs : nowMs - DAY;
  const message = await digestFromStores(ctx, {
    topic,
    window: { fromMs, toMs: nowMs },
    timeZone,
    quietDay: 'line',
    onDemand: true,
  });
  // A quiet period still gives its one line (quietDay: line), never null.
  return { message: message!, visibility: caller.platform === 'console' ? 'private' : 'channel' };
}
