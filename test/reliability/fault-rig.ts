/**
 * The fault tests' deployment: worker processes started from a configuration file and an
 * environment as `beatwatch worker` is, posting through the real Slack and Discord SDKs to the
 * fake APIs (a configured `type: slack` and a `type: discord` destination), a control process
 * that schedules polls and watches the queues, and a feed host publishing synthetic stories in
 * rounds. The test injects faults between `publish()` and `settle()`; `expectExactlyOnce()` then
 * counts, at the fake APIs, that every story was stored once and every alert posted once.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import type { Service } from '../../src/service/start.js';
import type { StoredStory } from '../../src/store/index.js';
import { writeBeatConfig } from '../helpers/config-files.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { connectTestRedis, deleteKeysWithPrefix } from '../helpers/redis.js';
import { TEST_SIGNING_SECRET } from '../helpers/slack-requests.js';
import {
  killHard,
  sleep,
  spawnWorker,
  stopGently,
  type WorkerProcess,
} from '../integration/service-processes.js';
import { alertableKeys, FAST_TIMINGS } from '../integration/service-support.js';
import { type FeedHost, startFeedHost } from './feed-host.js';
import { refOf, rssFeed, type SyntheticStory, syntheticStory } from './synthetic-feeds.js';

const WORKER_SCRIPT = join(import.meta.dirname, 'worker-process.ts');
export const SLACK_CHANNEL = 'C0DESK';
export const DISCORD_CHANNEL = '810000000000000001';
const DESTINATIONS = [
  { id: 'slack-desk', type: 'slack', channel: SLACK_CHANNEL, topics: ['cecot'] },
  { id: 'discord-desk', type: 'discord', channel: DISCORD_CHANNEL, topics: ['cecot'] },
];
/** Items a feed keeps listing; older ones have been seen long before they drop off. */
const ITEMS_PER_FEED = 30;

export interface FaultRigOptions {
  prefix: string;
  redisUrl: string;
  feeds: number;
  workers: number;
  random: () => number;
}

export interface FaultRig {
  slack: FakeSlack;
  discord: FakeDiscord;
  host: FeedHost;
  control: Service;
  workers: WorkerProcess[];
  /** Adds `perFeed` new stories to every feed; returns when they were published. */
  publish(perFeed: number): number;
  /** Polls every feed now. */
  pollNow(): Promise<void>;
  /**
   * Polls again until every feed has been fetched since `publishedMs` (dropped connections make
   * polls fail), then waits for the queues to drain. Returns the polls it took.
   */
  settle(publishedMs: number, timeoutMs?: number): Promise<number>;
  /** Kills worker `slot` with SIGKILL and starts a replacement, which is not waited for. */
  killAndReplace(slot: number): Promise<void>;
  /** True when some ingest or deliver job is running. */
  busy(): Promise<boolean>;
  /** Every story published so far. */
  published(): SyntheticStory[];
  /** Checks stores and fake APIs; returns the counts. */
  expectExactlyOnce(): Promise<{ stories: number; alerts: number; slackPosts: number; discordPosts: number }>;
  stop(): Promise<void>;
}

/** The environment of a worker process: the configuration file, Redis, chat tokens and endpoints. */
function workerEnv(configFile: string, redisUrl: string, slack: FakeSlack, discord: FakeDiscord) {
  return {
    BEATWATCH_CONFIG: configFile,
    REDIS_URL: redisUrl,
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    BW_ALLOW_ADDRESSES: JSON.stringify(['127.0.0.1']),
  };
}

/** Starts fakes, feeds, workers and the control process. */
export async function startFaultRig(options: FaultRigOptions): Promise<FaultRig> {
  const { prefix, redisUrl, random } = options;
  const slack = await startFakeSlack();
  const discord = await startFakeDiscord();
  const host = await startFeedHost(random);
  const feedPaths = Array.from({ length: options.feeds }, (_, i) => `/feeds/outlet-${i}.xml`);
  const stories = new Map<string, SyntheticStory[]>(feedPaths.map((p) => [p, []]));
  let counter = 0;
  const publish = (perFeed: number): number => {
    const at = Date.now();
    for (const path of feedPaths) {
      const list = stories.get(path)!;
      for (let i = 0; i < perFeed; i++) list.unshift(syntheticStory(counter++, random));
      host.files.set(path, { body: rssFeed(path.slice(7, -4), list.slice(0, ITEMS_PER_FEED), at) });
    }
    return at;
  };
  publish(0);
  const { dir, configFile } = writeBeatConfig({
    prefix,
    feeds: feedPaths.map((p) => ({ url: host.urlOf(p), name: p.slice(7, -4) })),
    main: {
      fetch: { allowPrivateNetworks: false, totalTimeoutMs: 5000, connectTimeoutMs: 2000 },
      poll: { postOnFirstFetch: true },
      destinations: DESTINATIONS,
    },
  });
  const env = workerEnv(configFile, redisUrl, slack, discord);
  /** Exits nobody asked for (a crash), with the end of what the worker wrote. */
  const crashes: string[] = [];
  let stopping = false;
  const start = (): WorkerProcess => {
    const worker = spawnWorker(env, WORKER_SCRIPT);
    worker.child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && !stopping)
        crashes.push(`exit ${code} ${signal}: ${worker.stderr().slice(-1000)}`);
    });
    return worker;
  };
  const workers = Array.from({ length: options.workers }, start);
  const control = await startBeatwatch({
    config: loadConfig({ path: configFile, env }),
    redisUrl,
    roles: ['scheduler'],
    logger: silentLogger(),
    timings: FAST_TIMINGS,
  });
  await Promise.all(workers.map((w) => w.ready));

  const rig: FaultRig = {
    slack,
    discord,
    host,
    control,
    workers,
    publish,
    pollNow: () => control.pollNow(),
    async settle(publishedMs, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (let polls = 1; ; polls++) {
        await control.waitUntilIdle({ timeoutMs: Math.max(1000, deadline - Date.now()) });
        const states = await control.stores.feeds.list();
        const behind = states.filter((s) => (s.lastSuccessAtMs ?? 0) < publishedMs);
        if (behind.length === 0) return polls;
        if (Date.now() > deadline) throw new Error(`${behind.length} feeds never fetched since publishing`);
        await control.pollNow();
      }
    },
    async killAndReplace(slot) {
      await killHard(workers[slot]!);
      workers[slot] = start();
    },
    async busy() {
      const [ingest, deliver] = await Promise.all([
        control.queues.ingest.getActiveCount(),
        control.queues.deliver.getActiveCount(),
      ]);
      return ingest + deliver > 0;
    },
    published: () => [...stories.values()].flat(),
    async expectExactlyOnce() {
      const stored = await control.stores.stories.latest('cecot', 1_000_000);
      const storyRef = (s: StoredStory) => refOf(s.item.title) ?? `unknown:${s.key}`;
      // Nothing lost, nothing stored twice.
      expect(stored.map(storyRef).sort()).toEqual(
        rig
          .published()
          .map((s) => s.ref)
          .sort(),
      );
      const expected = new Set(alertableKeys(stored));
      const alerts = stored
        .filter((s) => expected.has(s.key))
        .map(storyRef)
        .sort();
      expect(alerts.length, 'stories alerted').toBeGreaterThan(0);
      // A post's headline: the header block on Slack, the first embed's title on Discord.
      const slackRefs = slack
        .posts(SLACK_CHANNEL)
        .map((p) => String(p.blocks[0]?.text?.text ?? p.text))
        .map((title) => refOf(title) ?? title);
      const discordRefs = discord
        .channelPosts(DISCORD_CHANNEL)
        .map((p) => String((p.body.embeds as Array<{ title?: string }> | undefined)?.[0]?.title ?? ''))
        .map((title) => refOf(title) ?? title);
      // Counted at the fake APIs: each alert exactly once, and nothing else.
      expect(slackRefs.sort(), 'alerts posted to Slack').toEqual(alerts);
      expect(discordRefs.sort(), 'alerts posted to Discord').toEqual(alerts);
      for (const d of DESTINATIONS) {
        for (const key of expected) expect(await control.stores.deliveries.isSent(d.id, key)).toBe(true);
      }
      for (const q of [control.queues.poll, control.queues.ingest, control.queues.deliver])
        expect(await q.getFailedCount(), `failed ${q.name} jobs`).toBe(0);
      expect(crashes, 'workers that exited without being killed').toEqual([]);
      return {
        stories: stored.length,
        alerts: alerts.length,
        slackPosts: slackRefs.length,
        discordPosts: discordRefs.length,
      };
    },
    async stop() {
      stopping = true;
      await Promise.all(workers.map(stopGently));
      await control.stop();
      await Promise.all([host.close(), slack.close(), discord.close()]);
      const redis = connectTestRedis(redisUrl);
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** Waits up to `timeoutMs` for a job to be running; true when one is. */
export async function untilBusy(rig: FaultRig, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await rig.busy()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(20);
  }
}
