import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRollupEntry } from '../../../src/alerts/rollup.js';
import { planAlerts } from '../../../src/queue/workers/alert-plan.js';
import { createRedisDestinationStore } from '../../../src/store/destination-store.js';
import { createRedisFollowStore, type FollowStore } from '../../../src/store/follow-store.js';
import type { DestinationStore } from '../../../src/store/types.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';
import { cecotTopic, storedStory } from '../chat/story-items.js';

const redis: Redis = connectTestRedis();
const prefixes: string[] = [];
const topic = cecotTopic();
const HOUR = 3_600_000;
/** 12:10 UTC. */
const NOW = Date.UTC(2030, 0, 15, 12, 10);
const DM = 'slack:T1:@U1';
let follows: FollowStore;
let destinations: DestinationStore;

beforeEach(async () => {
  const prefix = uniqueName('alert-plan');
  prefixes.push(prefix);
  follows = createRedisFollowStore(redis, prefix);
  destinations = createRedisDestinationStore(redis, prefix);
  await destinations.upsert({ id: DM, type: 'slack', channel: '@U1', topics: [] });
  await follows.add(
    { topic: 'cecot', destinationId: DM, kind: 'keywords', query: 'cecot', owner: 'slack user U1' },
    NOW,
  );
});

afterAll(async () => {
  for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
  await redis.quit();
});

const deps = () => ({
  follows,
  destinations,
  destinationsFor: async () => [],
  limits: { maxPerHour: 1, rememberMs: HOUR * 24 },
});

describe('planAlerts', () => {
  it('past the cap, a story joins the hour’s roll-up once, however often its ingest is retried', async () => {
    const first = storedStory({ title: 'CECOT transfer', cluster: 'c1' });
    const second = storedStory({ title: 'CECOT visit', cluster: 'c2' });
    expect(await planAlerts(deps(), first, topic, NOW)).toMatchObject([{ kind: 'alert', destinationId: DM }]);
    const hour = Math.floor(NOW / HOUR);
    const rollup = [{ kind: 'rollup', destinationId: DM, hour, delayMs: 51 * 60_000 }];
    expect(await planAlerts(deps(), second, topic, NOW)).toMatchObject(rollup);
    // A retried ingest plans the same delivery (its job id makes it one), and adds nothing more.
    expect(await planAlerts(deps(), second, topic, NOW)).toMatchObject(rollup);
    const [followed] = await follows.list('cecot');
    const entries = (await follows.rollup(followed!.id, hour)).map(parseRollupEntry);
    expect(entries).toEqual([{ title: 'CECOT visit', outlet: 'Example News', link: second.item.link }]);
  });

  it('holds a person’s alerts until their quiet hours end', async () => {
    await destinations.setSetting(DM, 'quietHours', '12:00-13:00');
    await destinations.setSetting(DM, 'quietZone', 'UTC');
    const story = storedStory({ title: 'CECOT transfer', cluster: 'c1' });
    expect(await planAlerts(deps(), story, topic, NOW)).toMatchObject([
      { kind: 'alert', destinationId: DM, delayMs: 50 * 60_000, thread: { role: 'root' } },
    ]);
  });
});
