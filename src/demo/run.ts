/**
 * `beatwatch demo`: the whole product in under a minute, with nothing to configure. It serves the
 * fictional sample feeds from a local HTTP server, runs the real service in this process (BullMQ
 * queues and workers on Redis, the real fetcher, parser and analysis) with the console as the
 * destinations (a channel subscribed to the beat, and your direct messages, where your follows'
 * alerts come with their later reports threaded under them), prints the alerts as they are
 * delivered, then a digest and a `/cecot stats` preview, and stops everything it started. Redis
 * is `REDIS_URL` when given (everything the demo writes is under a unique key prefix, removed at
 * the end), else a private redis-server.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createConsoleDestination } from '../chat/console/destination.js';
import { renderMessage } from '../chat/console/render.js';
import { commandContextOf, createCommandHandler } from '../chat/core/commands.js';
import { dateTimeIn } from '../chat/core/compose.js';
import { CONSOLE_CALLER } from '../chat/core/request.js';
import { loadConfig } from '../config/load.js';
import type { Config, Topic } from '../config/schema.js';
import { digestSchedulerId } from '../digest/schedule.js';
import { type Logger, silentLogger } from '../log.js';
import { type Service, startBeatwatch } from '../main.js';
import { redactUrlCredentials } from '../redact.js';
import { deleteKeysWithPrefix } from '../runtime/redis-keys.js';
import { resolveRedis } from '../runtime/redis-server.js';
import type { FeedState, StoredStory } from '../store/types.js';
import { type SampleFeedServer, startSampleFeedServer } from './feed-server.js';
import { createDemoPrinter, type DemoPrinter } from './printer.js';

/** The project root (holds `config/` and `seeds/`), from this file's place in src/ or dist/. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * What "you" follow in the demo (canonical form): a story that gets a follow-up in round 2, and
 * one whose round-2 report follows a round-1 story. Their alerts come to your direct messages.
 */
export const DEMO_FOLLOWS = ['"socorro juridico"', '"abrego garcia"'] as const;

/** The console destination that stands for your direct messages with the bot. */
const DIRECT_MESSAGES = 'direct-messages';

export interface DemoOptions {
  /** Redis to use; when absent a private redis-server is started and stopped. */
  redisUrl?: string;
  out: Writable;
  err: Writable & { isTTY?: boolean };
  /** Main config file whose `cecot` beat the demo uses; default the bundled `config/default.yaml`. */
  configPath?: string;
  /** Sample feeds directory; default the bundled `seeds/sample-feeds`. */
  feedsDir?: string;
  /** Gives up (and cleans up) after this long; default 50 s. */
  timeoutMs?: number;
  /** The service's logger; default silent (the demo prints its own story). */
  logger?: Logger;
}

/** What the demo did, for tests and the closing line. */
export interface DemoResult {
  alerts: number;
  stories: { round1: StoryCounts; round2: StoryCounts };
  elapsedMs: number;
}

export interface StoryCounts {
  stored: number;
  onBeat: number;
  copies: number;
  offBeat: number;
}

const DAY = 86_400_000;

function countStories(stories: readonly StoredStory[]): StoryCounts {
  return {
    stored: stories.length,
    onBeat: stories.filter((s) => s.item.relevant && s.item.duplicateOf === null).length,
    copies: stories.filter((s) => s.item.duplicateOf !== null).length,
    offBeat: stories.filter((s) => !s.item.relevant && s.item.duplicateOf === null).length,
  };
}

function describeCounts(c: StoryCounts): string {
  return `${c.stored} items stored: ${c.onBeat} on the beat, ${c.copies} copies or re-posts folded in, ${c.offBeat} off the beat`;
}

/** The demo's configuration: the beat from the bundled config, our feeds, the console, a fresh prefix. */
function demoConfig(
  base: Config,
  server: SampleFeedServer,
  keyPrefix: string,
): { config: Config; topic: Topic } {
  const found = base.topics.find((t) => t.id === 'cecot') ?? base.topics[0];
  if (!found) throw new Error('the demo needs a configured beat (config/topics/cecot.yaml)');
  const topic: Topic = { ...found, feeds: server.feeds.map((f) => ({ url: f.url, name: f.name })) };
  const config: Config = {
    ...base,
    redis: { keyPrefix },
    // The feeds are served from 127.0.0.1, which the SSRF guard refuses unless told otherwise.
    fetch: { ...base.fetch, allowPrivateNetworks: true, connectTimeoutMs: 2000, totalTimeoutMs: 5000 },
    // Round 1 is the silent first fetch; alerts come from what round 2 adds (see the feeds' README).
    poll: { ...base.poll, postOnFirstFetch: false },
    topics: [topic],
    // The console gets the beat's alerts and its daily digest.
    destinations: [{ id: 'console', type: 'console', topics: [topic.id], digest: {} }],
  };
  return { config, topic };
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  deadline: number,
  intervalMs = 150,
): Promise<void> {
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`demo timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Runs the demo; resolves once everything it started is stopped. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 50_000);
  const printer: DemoPrinter = createDemoPrinter(options.out, options.err);
  // Bold titles on a terminal; plain text into a pipe or a file.
  const color = (options.out as { isTTY?: boolean }).isTTY === true;
  const keyPrefix = `beatwatch-demo-${randomBytes(4).toString('hex')}`;
  const feedsDir = options.feedsDir ?? join(PACKAGE_ROOT, 'seeds', 'sample-feeds');
  const base = loadConfig({
    path: options.configPath ?? join(PACKAGE_ROOT, 'config', 'default.yaml'),
    env: {},
  });

  printer.status('starting Redis…');
  const redis = await resolveRedis(options.redisUrl).catch((err: unknown) => {
    printer.done();
    throw err;
  });
  let server: SampleFeedServer | undefined;
  let service: Service | undefined;
  let alerts = 0;
  const result: DemoResult = {
    alerts: 0,
    stories: { round1: countStories([]), round2: countStories([]) },
    elapsedMs: 0,
  };
  try {
    server = await startSampleFeedServer({ dir: feedsDir });
    const { config, topic } = demoConfig(base, server, keyPrefix);

    printer.print(
      `beatwatch demo — ${topic.name}\n` +
        `${server.feeds.length} fictional outlets (English and Spanish; RSS, Atom, JSON Feed) served from ${server.url}\n` +
        (redis.private
          ? `Redis: a private redis-server at ${redis.url}, stopped at the end (set REDIS_URL to use yours).`
          : `Redis: ${redactUrlCredentials(redis.url)}, keys under "${keyPrefix}:", removed at the end.`),
    );

    // Every alert the workers deliver is printed as it arrives, between the progress updates,
    // under the name of where it went: the beat's channel, or your direct messages.
    const printedAs = (id: string, where: string) =>
      createConsoleDestination({
        id,
        stream: new Writable({
          write(chunk: Buffer, _encoding, callback) {
            alerts += 1;
            printer.print(`${where}\n${chunk.toString('utf8').trimEnd()}\n`);
            printer.status(`round 2: ${alerts} alert${alerts === 1 ? '' : 's'} delivered…`);
            callback();
          },
        }),
        width: 88,
        color,
      });
    service = await startBeatwatch({
      config,
      redisUrl: redis.url,
      // Every role but the HTTP server: the demo needs no port of its own.
      roles: ['scheduler', 'poll', 'ingest', 'deliver'],
      destinations: [
        printedAs('console', '▶ Channel subscribed to the beat:'),
        // Not in the configuration: it takes only what its follows match.
        printedAs(DIRECT_MESSAGES, '▶ Your direct messages:'),
      ],
      logger: options.logger ?? silentLogger(),
      timings: { pollIntervalMs: 1500, backoffMs: 200 },
    });
    for (const query of DEMO_FOLLOWS) {
      await service.stores.follows.add(
        { topic: topic.id, destinationId: DIRECT_MESSAGES, kind: 'keywords', query, owner: 'the demo' },
        Date.now(),
      );
    }
    const stores = service.stores;
    const running = service;
    const feedCount = server.feeds.length;
    /** Polls every feed now and waits until `fetched` holds for all of them and the queues are idle. */
    const fetchRound = async (round: number, fetched: (state: FeedState) => boolean) => {
      await running.pollNow();
      await waitFor(
        `round ${round} to fetch every feed`,
        async () => {
          const states = (await stores.feeds.list()).filter((f) => f.topic === topic.id);
          const done = states.filter(fetched).length;
          printer.status(`round ${round}: ${done}/${feedCount} feeds fetched…`);
          return done === feedCount;
        },
        deadline,
      );
      await running.waitUntilIdle({ timeoutMs: Math.max(1000, deadline - Date.now()) });
    };

    // Round 1: the first fetch of each feed stores its items and posts nothing.
    printer.print(
      '\nRound 1 — the first fetch of each feed: its items are analysed and stored, and nothing is\n' +
        'posted, so adding a feed never floods a channel.',
    );
    await fetchRound(1, (s) => s.lastSuccessAtMs !== null);
    const round1 = await stores.stories.since(topic.id, 0);
    result.stories.round1 = countStories(round1);
    printer.print(`  ${describeCounts(result.stories.round1)}; 0 alerts.`);

    // Round 2: every feed publishes new items (and keeps the old ones, as feeds do).
    const round1Etags = new Map(
      (await stores.feeds.list()).filter((f) => f.topic === topic.id).map((f) => [f.url, f.etag]),
    );
    server.setRound(2);
    printer.print(
      "\nRound 2 — the outlets publish again. The beat's channel gets each new story once. You follow\n" +
        `${DEMO_FOLLOWS.join(' and ')} (/${topic.command} follow …): a matching story comes to your direct\n` +
        'messages, and a later report of it is threaded under the first. Alerts as they are delivered:\n',
    );
    // Done when every feed's new content was fetched: its ETag is round 2's. (Its last status says
    // less: the scheduler polls again every 1.5 s, and a feed fetched early answers 304 by the time
    // a slow machine has fetched the last one.)
    await fetchRound(2, (s) => s.etag !== null && s.etag !== round1Etags.get(s.url));
    const all = await stores.stories.since(topic.id, 0);
    const round1Keys = new Set(round1.map((s) => s.key));
    result.stories.round2 = countStories(all.filter((s) => !round1Keys.has(s.key)));
    printer.status('building the previews…');
    printer.print(`  ${describeCounts(result.stories.round2)}; ${alerts} alert${alerts === 1 ? '' : 's'}.`);

    // The digest and `/cecot stats` as a channel sees them now: what the slash command answers,
    // read from the same stores by the same code the scheduled digest runs.
    const nowMs = Date.now();
    const answer = createCommandHandler(
      commandContextOf(stores, {
        topics: [topic],
        retentionMs: config.retention.days * DAY,
        now: () => nowMs,
      }),
    );
    const ask = async (text: string) =>
      (await answer({ command: topic.command, input: { kind: 'text', text }, caller: CONSOLE_CALLER }))
        .message;
    const { time, timezone } = topic.digest;
    const next = (await running.queues.digest.getJobScheduler(digestSchedulerId(topic.id, 'console')))?.next;
    printer.print(
      `\nThe daily digest, sent to the console every day at ${time} ${timezone}\n` +
        `(next: ${next ? dateTimeIn(next, timezone, { zone: true }) : 'not scheduled'}), as /${topic.command} digest now posts it at once:\n`,
    );
    printer.print(renderMessage(await ask('digest now'), { width: 88, color }));
    printer.print(`\n/${topic.command} stats preview:\n`);
    printer.print(renderMessage(await ask('stats'), { width: 88, color }));
    result.alerts = alerts;
  } finally {
    printer.status('stopping…');
    await service?.stop().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (!redis.private) {
      // A shared Redis: remove everything the demo wrote under its prefix.
      const client = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
      try {
        await client.connect();
        await deleteKeysWithPrefix(client, keyPrefix);
      } finally {
        client.disconnect();
      }
    }
    await redis.stop();
    printer.done();
  }
  result.elapsedMs = Date.now() - started;
  printer.print(
    `\nDone in ${(result.elapsedMs / 1000).toFixed(1)} s. ` +
      (redis.private
        ? 'The service and the private redis-server are stopped.'
        : `The service is stopped and the demo's keys are removed from ${redis.url}.`),
  );
  return result;
}
