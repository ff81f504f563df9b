/**
 * Scheduled digests on real Redis and real BullMQ job schedulers, with the service started as
 * `beatwatch run` / `beatwatch worker` start it. The digest clock is moved by the test: a
 * scheduler's run is made due by setting the clock to its time and promoting its pending job, so
 * days (and a daylight-saving switch) pass in seconds. Checked: one digest per destination per
 * local date with two workers and a restart between, the local-date key and next run time across
 * a DST switch, a digest missed while every worker was down sent once and marked late, and
 * schedulers following the configuration.
 */
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { dateTimeIn } from '../../src/chat/core/compose.js';
import type { Message } from '../../src/chat/core/message.js';
import type { Config, DestinationConfig } from '../../src/config/schema.js';
import { digestSchedulerId, skippedRunJobId } from '../../src/digest/schedule.js';
import { addDays } from '../../src/digest/sparkline.js';
import { silentLogger } from '../../src/log.js';
import { type Role, type Service, startBeatwatch } from '../../src/main.js';
import type { StoredStory } from '../../src/store/types.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { storeStories } from '../helpers/stories.js';
import { cecotTopic, storyItem } from '../unit/chat/story-items.js';
import { createRecordingDestination, FAST_TIMINGS, recorded, testConfig } from './service-support.js';

const redis: Redis = connectTestRedis();
const prefixes: string[] = [];
const running = new Set<Service>();
const HOUR = 3_600_000;
/** Next year, so every date the tests schedule is in the future of the real clock too. */
const YEAR = new Date().getUTCFullYear() + 1;

afterAll(async () => {
  for (const s of running) await s.stop();
  for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
  await redis.quit();
});

/** `YYYY-MM-DD` of the `n`th Sunday of a month (n = -1: the last). */
function sunday(year: number, month: number, n: number): string {
  const days = Array.from({ length: 31 }, (_, i) => new Date(Date.UTC(year, month - 1, i + 1)))
    .filter((d) => d.getUTCMonth() === month - 1 && d.getUTCDay() === 0)
    .map((d) => d.toISOString().slice(0, 10));
  return n > 0 ? days[n - 1]! : days.at(n)!;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One deployment under its own prefix, with a clock the test moves and recording destinations. */
function deployment(destinations: DestinationConfig[], startMs: number) {
  const prefix = uniqueName('digest-sched');
  prefixes.push(prefix);
  const base = testConfig({ prefix, feeds: [], redisUrl: TEST_REDIS_URL });
  const clock = { ms: startMs };
  const config: Config = { ...base, destinations };

  async function start(roles: readonly Role[], withConfig: Config = config): Promise<Service> {
    const service = await startBeatwatch({
      config: withConfig,
      redisUrl: TEST_REDIS_URL,
      roles,
      destinations: destinations.map((x) => createRecordingDestination(TEST_REDIS_URL, prefix, { id: x.id })),
      logger: silentLogger(),
      timings: FAST_TIMINGS,
      digests: { now: () => clock.ms, lateAfterMs: HOUR },
    });
    running.add(service);
    return service;
  }
  async function stop(service: Service): Promise<void> {
    await service.stop();
    running.delete(service);
  }
  /** Digests the destination received, in order. */
  async function posts(destination: string): Promise<Message[]> {
    return (await recorded(redis, prefix)).filter((p) => p.destination === destination).map((p) => p.message);
  }
  /** When the destination's next digest is due, by its scheduler. */
  async function next(service: Service, destination: string): Promise<number | undefined> {
    return (await service.queues.digest.getJobScheduler(digestSchedulerId('cecot', destination)))?.next;
  }
  /**
   * Makes the destination's pending run due: the clock moves to its time (plus `lateByMs`) and its
   * job is promoted, as if that time had come. Resolves to the due time.
   */
  async function fire(service: Service, destination: string, lateByMs = 60_000): Promise<number> {
    const dueMs = (await next(service, destination))!;
    const job = await service.queues.digest.getJob(
      `repeat:${digestSchedulerId('cecot', destination)}:${dueMs}`,
    );
    clock.ms = dueMs + lateByMs;
    await job!.promote();
    return dueMs;
  }
  /** Waits until the destination got `count` digests and nothing more is queued. */
  async function settle(service: Service, destination: string, count: number): Promise<Message[]> {
    await waitFor(
      `${count} digests for ${destination}`,
      async () => (await posts(destination)).length >= count,
    );
    await service.waitUntilIdle();
    return posts(destination);
  }
  return { prefix, clock, config, start, stop, posts, next, fire, settle };
}

describe('a digest per destination per local date, across workers, a restart and a DST switch', () => {
  const switchDay = sunday(YEAR, 3, 2); // clocks go forward in New York at 02:00
  const dayBefore = addDays(switchDay, -1);
  const dayAfter = addDays(switchDay, 1);
  const deploy = deployment(
    [
      {
        id: 'newsroom',
        type: 'console',
        topics: ['cecot'],
        digest: { time: '08:00', timezone: 'America/New_York' },
      },
      // 02:30 does not exist in New York on the switch day.
      {
        id: 'night',
        type: 'console',
        topics: ['cecot'],
        digest: { time: '02:30', timezone: 'America/New_York' },
      },
      // The beat's default: 08:00 America/El_Salvador, which has no daylight-saving time.
      { id: 'desk', type: 'console', topics: ['cecot'], digest: {} },
    ],
    Date.parse(`${dayBefore}T05:00:00Z`), // midnight in New York
  );

  it('schedules each destination at its own time and zone', async () => {
    const a = await deploy.start(['scheduler', 'deliver']);
    expect(new Date((await deploy.next(a, 'newsroom'))!).toISOString()).toBe(`${dayBefore}T13:00:00.000Z`);
    expect(new Date((await deploy.next(a, 'night'))!).toISOString()).toBe(`${dayBefore}T07:30:00.000Z`);
    expect(new Date((await deploy.next(a, 'desk'))!).toISOString()).toBe(`${dayBefore}T14:00:00.000Z`);
    await deploy.stop(a);
  });

  it('posts one digest per local date with two workers, a restart between, and runs doubled', async () => {
    let a = await deploy.start(['scheduler', 'deliver']);
    const b = await deploy.start(['deliver']);
    const topic = cecotTopic();

    // Day 1: due at 08:00 EST. The same run is also queued a second time, as a scheduler fired twice.
    const due1 = await deploy.fire(a, 'newsroom');
    await a.queues.digest.add('build-digest', { topic: topic.id, destinationId: 'newsroom', dueMs: due1 });
    const day1 = await deploy.settle(a, 'newsroom', 1);
    expect(day1.map((m) => m.title)).toEqual([`${topic.name} — daily digest, ${dayBefore}`]);
    // Both runs built the day's digest; its delivery went out once.
    const built = (await a.queues.digest.getJobs(['completed'])).filter(
      (j) => j.data.destinationId === 'newsroom',
    );
    expect(built.map((j) => j.returnvalue)).toEqual(['queued', 'queued']);
    expect(day1[0]!.sections).toEqual([
      { lines: [`No new stories on the beat since ${addDays(dayBefore, -1)} 08:01 EST.`] },
    ]);

    // A story stored after the first digest is in the second, and only there.
    const item = storyItem({ title: 'Court hears habeas petitions of men held at CECOT', published: null });
    const story: StoredStory = {
      key: 'court-story',
      topic: 'cecot',
      feedUrl: item.source.feedUrl,
      item: { ...item, score: 2, language: 'en', claims: [] },
      storedAtMs: due1 + 2 * HOUR,
    };
    await storeStories(redis, deploy.prefix, a.stores.stories, [story]);

    // The scheduling process restarts: its scheduler and pending run are kept as they were.
    const pending = await deploy.next(a, 'newsroom');
    await deploy.stop(a);
    a = await deploy.start(['scheduler', 'deliver']);
    expect(await deploy.next(a, 'newsroom')).toBe(pending);

    // Day 2, the switch day: 08:00 is now EDT, an hour earlier in UTC.
    const due2 = await deploy.fire(b, 'newsroom');
    expect(new Date(due2).toISOString()).toBe(`${switchDay}T12:00:00.000Z`);
    await a.queues.digest.add('build-digest', { topic: topic.id, destinationId: 'newsroom', dueMs: due2 });
    const day2 = await deploy.settle(a, 'newsroom', 2);
    expect(day2[1]!.title).toBe(`${topic.name} — daily digest, ${switchDay}`);
    expect(day2[1]!.text).toContain('Court hears habeas petitions');

    // Day 3.
    const due3 = await deploy.fire(a, 'newsroom');
    expect(new Date(due3).toISOString()).toBe(`${dayAfter}T12:00:00.000Z`);
    const day3 = await deploy.settle(a, 'newsroom', 3);
    expect(day3[2]!.title).toBe(`${topic.name} — daily digest, ${dayAfter}`);
    expect(day3[2]!.text).not.toContain('Court hears habeas petitions');
    expect(new Date((await deploy.next(a, 'newsroom'))!).toISOString()).toBe(
      `${addDays(dayAfter, 1)}T12:00:00.000Z`,
    );

    // Exactly once, by the delivery markers too.
    for (const date of [dayBefore, switchDay, dayAfter]) {
      expect(await a.stores.deliveries.isSent('newsroom', `digest:cecot:${date}`)).toBe(true);
    }
    expect(await deploy.posts('newsroom')).toHaveLength(3);
    await deploy.stop(b);
    await deploy.stop(a);
  });

  it('runs a time the switch skips once that day, at the first minute that exists, keyed by that date', async () => {
    const a = await deploy.start(['scheduler', 'deliver']);
    // Day 1 at 02:30 EST, then the switch day: 02:30 does not exist, so 03:30 EDT.
    await deploy.fire(a, 'night');
    await deploy.settle(a, 'night', 1);
    const due = await deploy.fire(a, 'night');
    expect(new Date(due).toISOString()).toBe(`${switchDay}T07:30:00.000Z`);
    const posts = await deploy.settle(a, 'night', 2);
    expect(posts.map((m) => m.title.split(' — ').at(-1))).toEqual([
      `daily digest, ${dayBefore}`,
      `daily digest, ${switchDay}`,
    ]);
    expect(new Date((await deploy.next(a, 'night'))!).toISOString()).toBe(`${dayAfter}T06:30:00.000Z`);
    // The zone without daylight-saving time keeps its hour in UTC.
    expect(new Date((await deploy.next(a, 'desk'))!).toISOString()).toBe(`${dayBefore}T14:00:00.000Z`);
    await deploy.stop(a);
  });
});

describe('a digest at a time the clocks repeat (Europe/Madrid, autumn)', () => {
  const switchDay = sunday(YEAR, 10, -1); // clocks go back at 03:00 to 02:00
  const deploy = deployment(
    [
      {
        id: 'madrid',
        type: 'console',
        topics: ['cecot'],
        digest: { time: '02:30', timezone: 'Europe/Madrid' },
      },
    ],
    Date.parse(`${switchDay}T00:00:00Z`), // 02:00 CEST on the switch day
  );

  it('runs once on the day 02:30 happens twice, and the next day at 02:30 CET', async () => {
    const a = await deploy.start(['scheduler', 'deliver']);
    const due = await deploy.fire(a, 'madrid');
    expect(new Date(due).toISOString()).toBe(`${switchDay}T00:30:00.000Z`);
    const posts = await deploy.settle(a, 'madrid', 1);
    expect(posts[0]!.title).toContain(`daily digest, ${switchDay}`);
    expect(new Date((await deploy.next(a, 'madrid'))!).toISOString()).toBe(
      `${addDays(switchDay, 1)}T01:30:00.000Z`,
    );
    await deploy.stop(a);
  });
});

/** The date in September whose local midnight America/Santiago skips (summer time starts). */
function santiagoSwitchDay(year: number): string {
  for (let day = 1; day <= 30; day += 1) {
    const date = `${year}-09-${String(day).padStart(2, '0')}`;
    // 04:00 UTC is midnight at -04; on the switch day it is already 01:00 (-03).
    if (dateTimeIn(Date.parse(`${date}T04:00:00Z`), 'America/Santiago').endsWith('01:00')) return date;
  }
  throw new Error(`no summer-time switch in America/Santiago in September ${year}`);
}

describe('a digest at midnight on the day the clocks jump from 00:00 to 01:00 (America/Santiago)', () => {
  const switchDay = santiagoSwitchDay(YEAR);
  const dayBefore = addDays(switchDay, -1);
  const dayAfter = addDays(switchDay, 1);
  const deploy = deployment(
    [
      {
        id: 'santiago',
        type: 'console',
        topics: ['cecot'],
        digest: { time: '00:00', timezone: 'America/Santiago' },
      },
    ],
    Date.parse(`${addDays(dayBefore, -1)}T16:00:00Z`), // noon, two days before the switch
  );

  it('still gets one digest that day, at 01:00, keyed by that date, and one the day before and after', async () => {
    const a = await deploy.start(['scheduler', 'deliver']);
    const skippedJobId = skippedRunJobId('cecot', 'santiago', switchDay);
    expect(await a.queues.digest.getJob(skippedJobId)).toBeUndefined();

    // The day before: midnight at -04. The scheduler's next run skips the switch day.
    const due1 = await deploy.fire(a, 'santiago');
    expect(new Date(due1).toISOString()).toBe(`${dayBefore}T04:00:00.000Z`);
    await deploy.settle(a, 'santiago', 1);
    expect(new Date((await deploy.next(a, 'santiago'))!).toISOString()).toBe(`${dayAfter}T03:00:00.000Z`);

    // So the switch day has a run of its own, at the first minute that exists after midnight.
    const skipped = await a.queues.digest.getJob(skippedJobId);
    expect(skipped?.data.dueMs).toBe(Date.parse(`${switchDay}T04:00:00Z`));
    // A restart of the scheduling process adds it no second time.
    const b = await deploy.start(['scheduler', 'deliver']);
    expect(
      (await b.queues.digest.getJobs(['delayed', 'waiting'])).filter((j) => j.id?.includes('-skipped-')),
    ).toHaveLength(1);
    deploy.clock.ms = skipped!.data.dueMs! + 60_000;
    await skipped!.promote();
    await deploy.settle(a, 'santiago', 2);

    // The day after: midnight at -03, from the scheduler again.
    const due3 = await deploy.fire(a, 'santiago');
    expect(new Date(due3).toISOString()).toBe(`${dayAfter}T03:00:00.000Z`);
    const posts = await deploy.settle(a, 'santiago', 3);
    expect(posts.map((m) => m.title.split(' — ').at(-1))).toEqual([
      `daily digest, ${dayBefore}`,
      `daily digest, ${switchDay}`,
      `daily digest, ${dayAfter}`,
    ]);
    await b.waitUntilIdle();
    expect(await deploy.posts('santiago')).toHaveLength(3);
    await deploy.stop(b);
    await deploy.stop(a);
  });
});

describe('a midnight digest scheduled the day before the clocks skip midnight', () => {
  const switchDay = santiagoSwitchDay(YEAR);
  const deploy = deployment(
    [
      {
        id: 'santiago',
        type: 'console',
        topics: ['cecot'],
        digest: { time: '00:00', timezone: 'America/Santiago' },
      },
    ],
    Date.parse(`${addDays(switchDay, -1)}T16:00:00Z`), // noon the day before
  );

  it('gets the skipped day its run as soon as it is scheduled', async () => {
    const a = await deploy.start(['scheduler']);
    const skipped = await a.queues.digest.getJob(skippedRunJobId('cecot', 'santiago', switchDay));
    expect(skipped?.data).toEqual({
      topic: 'cecot',
      destinationId: 'santiago',
      dueMs: Date.parse(`${switchDay}T04:00:00Z`),
    });
    await deploy.stop(a);
  });
});

describe('a digest missed while every worker was down', () => {
  const day = `${YEAR}-06-10`;
  const deploy = deployment(
    [
      {
        id: 'newsroom',
        type: 'console',
        topics: ['cecot'],
        digest: { time: '08:00', timezone: 'America/New_York' },
      },
      { id: 'desk', type: 'console', topics: ['cecot'], digest: {} },
    ],
    Date.parse(`${day}T04:00:00Z`), // midnight EDT
  );
  const topic = cecotTopic();

  it('is sent once when a worker comes back, marked late, and never again', async () => {
    const a = await deploy.start(['scheduler', 'deliver']);
    const due = (await deploy.next(a, 'newsroom'))!;
    await deploy.stop(a);

    // Every worker is down at 08:00; one comes back three hours later.
    const b = await deploy.start(['deliver']);
    await deploy.fire(b, 'newsroom', 3 * HOUR);
    const posts = await deploy.settle(b, 'newsroom', 1);
    expect(posts[0]!.title).toBe(`${topic.name} — daily digest, ${day} (late: due ${day} 08:00 EDT)`);

    // The same run again (a second worker, a retry), and the scheduling process back: nothing more.
    await b.queues.digest.add('build-digest', { topic: 'cecot', destinationId: 'newsroom', dueMs: due });
    const c = await deploy.start(['scheduler', 'deliver']);
    await c.waitUntilIdle();
    await b.waitUntilIdle();
    expect(await deploy.posts('newsroom')).toHaveLength(1);
    // The next run is the next day's, not a second one for the day missed.
    expect(new Date((await deploy.next(c, 'newsroom'))!).toISOString()).toBe(
      `${addDays(day, 1)}T12:00:00.000Z`,
    );
    await deploy.stop(b);
    await deploy.stop(c);
  });

  it('is still sent once, late, when its schedule changed while it was overdue', async () => {
    // Tomorrow's 08:00 passes with nothing running; the file now says 09:00.
    const dueMs = (await deploy.next(await deploy.start(['scheduler']), 'newsroom'))!;
    for (const s of running) await deploy.stop(s);
    deploy.clock.ms = dueMs + 2 * HOUR;
    const changed = {
      ...deploy.config,
      destinations: deploy.config.destinations.map((d) =>
        d.id === 'newsroom' ? { ...d, digest: { time: '09:00', timezone: 'America/New_York' } } : d,
      ),
    };
    const a = await deploy.start(['scheduler', 'deliver'], changed);
    const posts = await deploy.settle(a, 'newsroom', 2);
    const tomorrow = addDays(day, 1);
    expect(posts[1]!.title).toBe(
      `${topic.name} — daily digest, ${tomorrow} (late: due ${tomorrow} 08:00 EDT)`,
    );
    // From now on at 09:00: the first after the clock (10:00 on the missed day) is the next day's.
    expect(new Date((await deploy.next(a, 'newsroom'))!).toISOString()).toBe(
      `${addDays(day, 2)}T13:00:00.000Z`,
    );
    await deploy.stop(a);
  });

  it('builds nothing for a paused destination; the first digest after it is resumed covers the pause', async () => {
    const a = await deploy.start(['scheduler', 'deliver']);
    await a.stores.destinations.pause('desk', { reason: 'channel_not_found', atMs: deploy.clock.ms });
    await deploy.fire(a, 'desk');
    await a.waitUntilIdle();
    const runs = (await a.queues.digest.getJobs(['completed'])).filter(
      (j) => j.data.destinationId === 'desk',
    );
    expect(runs.map((j) => j.returnvalue)).toEqual(['paused']);
    expect(await deploy.posts('desk')).toEqual([]);
    await a.stores.destinations.resume('desk');
    await deploy.fire(a, 'desk');
    const [resumed] = await deploy.settle(a, 'desk', 1);
    // Its first digest: the whole day before it, the paused run's day included.
    expect(resumed!.title).toContain(`daily digest, ${addDays(day, 1)}`);
    expect(resumed!.sections).toEqual([{ lines: [`No new stories on the beat since ${day} 08:01 CST.`] }]);
    await deploy.stop(a);
  });

  it('follows the configuration: a destination whose digest is turned off loses its scheduler', async () => {
    const off = {
      ...deploy.config,
      destinations: deploy.config.destinations.map((d) =>
        d.id === 'desk' ? { ...d, digest: undefined } : d,
      ),
    };
    const before = await deploy.start(['scheduler']);
    expect(await deploy.next(before, 'desk')).toBeDefined();
    await deploy.stop(before);
    const after = await deploy.start(['scheduler'], off);
    expect(await deploy.next(after, 'desk')).toBeUndefined();
    expect(await deploy.next(after, 'newsroom')).toBeDefined();
    await deploy.stop(after);
  });
});
