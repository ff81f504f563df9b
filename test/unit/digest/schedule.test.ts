import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, parseTimeOfDay } from '../../../src/config/time-zone.js';
import {
  dailyPattern,
  decodeDigestSetting,
  digestDeliveryKey,
  digestDestination,
  digestScheduleOf,
  digestSchedulerId,
  digestSettingKey,
  encodeDigestSetting,
  firstInstantAtOrAfter,
  skippedRuns,
} from '../../../src/digest/schedule.js';

const topic = {
  id: 'cecot',
  digest: { time: '08:00', timezone: 'America/El_Salvador', quietDay: 'line' as const },
};

describe('which destinations get a digest, and when', () => {
  it.each([
    {
      name: 'a configured destination with digest: true ({}) gets the beat’s time and zone',
      destination: { topics: ['cecot'], digest: {} },
      configured: true,
      expected: { time: '08:00', timezone: 'America/El_Salvador', quietDay: 'line' },
    },
    {
      name: 'its own time, zone and quiet-day rule win over the beat’s',
      destination: {
        topics: ['cecot'],
        digest: { time: '07:30', timezone: 'Europe/Madrid', quietDay: 'skip' as const },
      },
      configured: true,
      expected: { time: '07:30', timezone: 'Europe/Madrid', quietDay: 'skip' },
    },
    {
      name: 'only for the beats it lists',
      destination: { topics: ['other'], digest: {} },
      configured: true,
      expected: null,
    },
    {
      name: 'no digest unless asked for',
      destination: { topics: ['cecot'] },
      configured: true,
      expected: null,
    },
    {
      name: 'a destination the configuration no longer names gets none from its old configuration',
      destination: { topics: ['cecot'], digest: {} },
      configured: false,
      expected: null,
    },
    {
      name: 'a channel’s digest on, even without the beat’s alerts',
      destination: {
        topics: [],
        settings: {
          [digestSettingKey('cecot')]: encodeDigestSetting({ time: '21:15', timezone: 'America/New_York' }),
        },
      },
      configured: false,
      expected: { time: '21:15', timezone: 'America/New_York', quietDay: 'line' },
    },
    {
      name: 'a channel’s digest off wins over the configuration',
      destination: { topics: ['cecot'], digest: {}, settings: { [digestSettingKey('cecot')]: 'off' } },
      configured: true,
      expected: null,
    },
    {
      name: 'an unreadable setting leaves it to the configuration',
      destination: {
        topics: ['cecot'],
        digest: {},
        settings: { [digestSettingKey('cecot')]: '{"time":"99:99"}' },
      },
      configured: true,
      expected: { time: '08:00', timezone: 'America/El_Salvador', quietDay: 'line' },
    },
  ])('$name', ({ destination, configured, expected }) => {
    expect(digestScheduleOf(destination, topic, configured)).toEqual(expected);
  });

  it('decides a configured destination by this process’s configuration, with the settings stored from chat', () => {
    const configured = { id: 'newsroom', type: 'slack' as const, topics: ['cecot'], digest: {} };
    const stored = { id: 'newsroom', type: 'slack' as const, topics: [], settings: { x: 'y' } };
    expect(digestDestination(configured, stored)).toEqual({
      ...configured,
      settings: { x: 'y' },
      configured: true,
    });
    expect(digestDestination(undefined, stored)).toEqual({ ...stored, configured: false });
    expect(digestDestination(undefined, null)).toBeNull();
  });

  it('reads settings back, and nothing else', () => {
    expect(decodeDigestSetting(encodeDigestSetting({ time: '07:05', timezone: 'UTC' }))).toEqual({
      time: '07:05',
      timezone: 'UTC',
    });
    expect(decodeDigestSetting('off')).toBe('off');
    for (const bad of [
      undefined,
      '',
      'on',
      '{"time":"7","timezone":"UTC"}',
      '{"time":"07:00","timezone":"Nowhere/Land"}',
    ]) {
      expect(decodeDigestSetting(bad)).toBeNull();
    }
  });
});

describe('schedule names', () => {
  it('runs daily at HH:MM, seconds first as BullMQ reads cron patterns', () => {
    expect(dailyPattern('08:00')).toBe('0 0 8 * * *');
    expect(dailyPattern('23:59')).toBe('0 59 23 * * *');
    expect(() => dailyPattern('24:00')).toThrow(RangeError);
  });

  it('gives each destination and beat a scheduler id without colons, and each local date one delivery key', () => {
    const id = digestSchedulerId('cecot', 'slack:T1:C1');
    expect(id).toMatch(/^digest-cecot-[0-9a-f]{16}$/);
    expect(digestSchedulerId('cecot', 'slack:T1:C2')).not.toBe(id);
    expect(digestDeliveryKey('cecot', '2027-03-14')).toBe('digest:cecot:2027-03-14');
  });
});

describe('times of day and time zones as people type them', () => {
  it.each([
    ['8:00', '08:00'],
    ['08:00', '08:00'],
    ['23:59', '23:59'],
    [' 7:05 ', '07:05'],
    ['24:00', null],
    ['8', null],
    ['8:00am', null],
    ['08:60', null],
    ['', null],
  ])('time %j → %j', (typed, expected) => {
    expect(parseTimeOfDay(typed)).toBe(expected);
  });

  it.each([
    ['America/El_Salvador', 'America/El_Salvador'],
    ['america/el_salvador', 'America/El_Salvador'],
    ['utc', 'UTC'],
    ['Europe/Madrid ', 'Europe/Madrid'],
    ['Mars/Olympus', null],
    ['+02:00', null],
    ['<!channel>', null],
    ['', null],
  ])('zone %j → %j', (typed, expected) => {
    expect(canonicalTimeZone(typed)).toBe(expected);
  });
});

describe('days the clocks skip a digest time', () => {
  // 2026: Chile's summer time starts on 6 September, 00:00 → 01:00; New York's on 8 March, 02:00 → 03:00.
  it('finds the first minute at or after a time, past a jump', () => {
    expect(new Date(firstInstantAtOrAfter('2026-09-05', '00:00', 'America/Santiago')).toISOString()).toBe(
      '2026-09-05T04:00:00.000Z',
    );
    expect(new Date(firstInstantAtOrAfter('2026-09-06', '00:00', 'America/Santiago')).toISOString()).toBe(
      '2026-09-06T04:00:00.000Z', // 01:00 -03
    );
    expect(new Date(firstInstantAtOrAfter('2026-09-06', '00:30', 'America/Santiago')).toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
    expect(new Date(firstInstantAtOrAfter('2026-03-08', '02:30', 'America/New_York')).toISOString()).toBe(
      '2026-03-08T07:00:00.000Z', // 03:00 EDT
    );
    expect(new Date(firstInstantAtOrAfter('2026-10-25', '02:30', 'Europe/Madrid')).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z', // the first of the two 02:30s
    );
  });

  it('gives the day a midnight jump skips between a run and the next, and nothing on other days', () => {
    const run = Date.parse('2026-09-05T04:00:00Z'); // 00:00 -04 on the 5th
    const next = Date.parse('2026-09-07T03:00:00Z'); // 00:00 -03 on the 7th: cron-parser skipped the 6th
    expect(skippedRuns('00:00', 'America/Santiago', run, next)).toEqual([
      { date: '2026-09-06', dueMs: Date.parse('2026-09-06T04:00:00Z') },
    ]);
    expect(skippedRuns('00:00', 'America/Santiago', next, Date.parse('2026-09-08T03:00:00Z'))).toEqual([]);
    expect(
      skippedRuns(
        '02:30',
        'America/New_York',
        Date.parse('2026-03-07T07:30:00Z'),
        Date.parse('2026-03-08T07:30:00Z'),
      ),
    ).toEqual([]);
    // Days missed while every worker was down are not skipped days: the caller starts from now.
    expect(
      skippedRuns('08:00', 'UTC', Date.parse('2026-06-13T09:00:00Z'), Date.parse('2026-06-14T08:00:00Z')),
    ).toEqual([]);
  });
});
