/**
 * Redis restarted at random points (its append-only file fsynced on every write) while two
 * worker processes poll, ingest and post to Slack and Discord, with the chat APIs answering 429
 * and 500 in bursts. Every story is stored once and every alert posted once, counted at the fake
 * APIs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateRedis, startPrivateRedis } from '../../src/runtime/redis-server.js';
import { uniqueName } from '../helpers/redis.js';
import { sleep } from '../integration/service-processes.js';
import { type FaultRig, startFaultRig, untilBusy } from './fault-rig.js';
import { recordFigures, scaled, seededRandom } from './reliability.js';

const ROUNDS = scaled(1, 5);
const RESTARTS_PER_ROUND = 2;
const random = seededRandom('redis-restarts');
let redis: PrivateRedis;
let rig: FaultRig;

beforeAll(async () => {
  redis = await startPrivateRedis({ appendOnly: true });
  rig = await startFaultRig({
    prefix: uniqueName('rel-restart'),
    redisUrl: redis.url,
    feeds: 5,
    workers: 2,
    random: random.next,
  });
}, 120_000);

afterAll(async () => {
  await rig?.stop();
  await redis?.stop();
});

describe('Redis restarted at random points', () => {
  it(
    'stores every story once and posts every alert once',
    async () => {
      const startedMs = Date.now();
      let restarts = 0;
      let restartsWhileBusy = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const publishedMs = rig.publish(3);
        rig.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
        rig.discord.failNext('POST', /^\/channels\/\d+\/messages$/, { kind: 'server-error' }, 2);
        await rig.pollNow();
        for (let r = 0; r < RESTARTS_PER_ROUND; r++) {
          await untilBusy(rig, 3000);
          await sleep(Math.floor(random.next() * 500));
          if (await rig.busy()) restartsWhileBusy += 1;
          await redis.restart();
          restarts += 1;
        }
        await rig.settle(publishedMs);
      }
      const counts = await rig.expectExactlyOnce();
      expect(restarts).toBe(ROUNDS * RESTARTS_PER_ROUND);
      recordFigures({
        category: 'faults',
        scenario: 'Redis restarted at random points (append-only, fsync always)',
        figures: {
          seed: String(random.seed),
          rounds: ROUNDS,
          restarts,
          'restarts while jobs ran': restartsWhileBusy,
          'stories stored': counts.stories,
          'alerts expected per channel': counts.alerts,
          'Slack posts': counts.slackPosts,
          'Discord posts': counts.discordPosts,
          'lost or doubled': 0,
        },
        durationMs: Date.now() - startedMs,
      });
    },
    scaled(180_000, 900_000),
  );
});
