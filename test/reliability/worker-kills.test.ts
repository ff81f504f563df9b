/**
 * SIGKILL of a worker process at random points, again and again (50 times at full scale), while
 * two workers poll, ingest and post to Slack and Discord — with the chat APIs answering 429 and
 * 500 in bursts and the feed server dropping connections at the same time. Then the narrowest
 * point on purpose: workers killed while the platforms hold back their answer to posts they have
 * taken. Every story is stored once and every alert posted once, counted at the fake APIs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/fake-slack.js';
import { TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { sleep } from '../integration/service-processes.js';
import { type FaultRig, startFaultRig, untilBusy } from './fault-rig.js';
import { recordFigures, scaled, seededRandom } from './reliability.js';

const ROUNDS = scaled(1, 10);
const KILLS_PER_ROUND = scaled(3, 5);
const STORIES_PER_FEED = 3;
const random = seededRandom('worker-kills');
let rig: FaultRig;

beforeAll(async () => {
  rig = await startFaultRig({
    prefix: uniqueName('rel-kills'),
    redisUrl: TEST_REDIS_URL,
    feeds: 5,
    workers: 2,
    random: random.next,
  });
}, 120_000);

afterAll(async () => {
  await rig?.stop();
});

/** Scripts a burst of refusals at both chat APIs for the next posts. */
function chatBursts(): void {
  rig.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 3);
  rig.slack.failNext('chat.postMessage', { status: 500, retryAfter: 1 }, 2);
  const messages = /^\/channels\/\d+\/messages$/;
  rig.discord.failNext('POST', messages, { kind: 'rate-limit', retryAfterSeconds: 1 }, 3);
  rig.discord.failNext('POST', messages, { kind: 'server-error' }, 2);
}

describe('workers killed at random points', () => {
  it(
    'stores every story once and posts every alert once, through kills, chat bursts and dropped connections',
    async () => {
      const startedMs = Date.now();
      let kills = 0;
      let killsWhileBusy = 0;
      let polls = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const publishedMs = rig.publish(STORIES_PER_FEED);
        chatBursts();
        rig.host.dropRate = 0.2;
        await rig.pollNow();
        for (let k = 0; k < KILLS_PER_ROUND; k++) {
          const slot = kills % rig.workers.length;
          await rig.workers[slot]!.ready;
          await untilBusy(rig, 3000);
          // A random point: somewhere in the next 0.6 s of whatever is running.
          await sleep(Math.floor(random.next() * 600));
          if (await rig.busy()) killsWhileBusy += 1;
          await rig.killAndReplace(slot);
          kills += 1;
        }
        await Promise.all(rig.workers.map((w) => w.ready));
        rig.host.dropRate = 0;
        polls += await rig.settle(publishedMs);
      }
      const counts = await rig.expectExactlyOnce();
      expect(kills).toBe(ROUNDS * KILLS_PER_ROUND);
      const slackRefused = rig.slack.calls('chat.postMessage').length - rig.slack.posts().length;
      const discordRefused = rig.discord.requests.filter((r) => r.status === 429 || r.status >= 500).length;
      expect(slackRefused).toBe(ROUNDS * 5);
      expect(discordRefused).toBe(ROUNDS * 5);
      recordFigures({
        category: 'faults',
        scenario: 'SIGKILL of a worker at random points, chat 429/500 bursts, dropped feed connections',
        figures: {
          seed: String(random.seed),
          rounds: ROUNDS,
          kills,
          'kills while jobs ran': killsWhileBusy,
          'dropped feed connections': rig.host.dropped(),
          'chat refusals (429/500)': slackRefused + discordRefused,
          'stories stored': counts.stories,
          'alerts expected per channel': counts.alerts,
          'Slack posts': counts.slackPosts,
          'Discord posts': counts.discordPosts,
          'lost or doubled': 0,
          'poll rounds to settle': polls,
        },
        durationMs: Date.now() - startedMs,
      });
    },
    scaled(240_000, 1_500_000),
  );

  it('a worker killed after the platform took a post, before it heard back: the retry finds it, nothing is posted twice', async () => {
    const startedMs = Date.now();
    const slackBefore = rig.slack.posts().length;
    const discordBefore = rig.discord.channelPosts().length;
    const historyBefore = rig.slack.calls('conversations.history').length;
    const requestsBefore = rig.discord.requests.length;
    rig.slack.delayPostAnswers(5000);
    rig.discord.delayPostAnswers(5000);
    const publishedMs = rig.publish(1);
    await rig.pollNow();
    await waitFor(
      () => rig.slack.posts().length > slackBefore && rig.discord.channelPosts().length > discordBefore,
      'posts taken by both platforms, their answers held back',
      60_000,
    );
    // Both workers die with answers on their way: "sent" can never be recorded for those posts.
    const held = {
      slack: rig.slack.posts().length - slackBefore,
      discord: rig.discord.channelPosts().length - discordBefore,
    };
    for (let slot = 0; slot < rig.workers.length; slot++) await rig.killAndReplace(slot);
    rig.slack.delayPostAnswers(0);
    rig.discord.delayPostAnswers(0);
    await Promise.all(rig.workers.map((w) => w.ready));
    await rig.settle(publishedMs);
    const counts = await rig.expectExactlyOnce();
    // The retries looked before posting: Slack's history read, Discord's nonce returned the message.
    const lookups = rig.slack.calls('conversations.history').length - historyBefore;
    const nonces = rig.discord.requests
      .slice(requestsBefore)
      .filter((r) => r.status === 200 && r.path.endsWith('/messages'))
      .map((r) => (r.body as { nonce?: string }).nonce);
    const repeats = nonces.length - new Set(nonces).size;
    expect(lookups).toBeGreaterThan(0);
    expect(repeats).toBeGreaterThan(0);
    recordFigures({
      category: 'faults',
      scenario: 'SIGKILL between the platform taking a post and the worker hearing back',
      figures: {
        'posts taken, answers held back, at the kill': `Slack ${held.slack}, Discord ${held.discord}`,
        'Slack history reads by the retries': lookups,
        'Discord retries answered with the message already made (nonce)': repeats,
        'alerts expected per channel, both tests': counts.alerts,
        'Slack posts': counts.slackPosts,
        'Discord posts': counts.discordPosts,
        'lost or doubled': 0,
      },
      durationMs: Date.now() - startedMs,
    });
  }, 120_000);
});
