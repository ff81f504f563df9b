/**
 * Support for the service's integration tests: a feed server that serves the sample feeds of a
 * chosen round (with ETags, so unchanged feeds answer 304), a configuration pointing at it under
 * a unique Redis prefix, and a recording destination that appends each message to a Redis list.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { Destination, SendOptions } from '../../src/chat/core/destination.js';
import type { Message } from '../../src/chat/core/message.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { shiftFeedDates, shiftToNow } from '../../src/demo/feed-dates.js';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import type { Service, ServiceTimings } from '../../src/service/start.js';
import type { StoredStory, Stores } from '../../src/store/index.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';

export const SAMPLE_FEEDS_DIR = join(import.meta.dirname, '..', '..', 'seeds', 'sample-feeds');

const CONTENT_TYPES: Record<string, string> = {
  xml: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/**
 * How far this test run moves the sample feeds' dates: their anchor becomes the time the run
 * started, as in the demo, so the stories read as just published (items older than
 * `poll.maxAlertAgeDays` are never alerted) and keep their spacing whatever the date.
 */
const SAMPLE_SHIFT_MS = shiftToNow(
  (JSON.parse(readFileSync(join(SAMPLE_FEEDS_DIR, 'manifest.json'), 'utf8')) as { anchor: string }).anchor,
  Date.now(),
);

/** A feed text written around the sample feeds' anchor, with its dates moved like theirs. */
export function shiftSampleDates(feed: string): string {
  return shiftFeedDates(feed, SAMPLE_SHIFT_MS);
}

/** An RSS feed text with `item` (written around the sample anchor) added as its newest item. */
export function withItem(feed: string, item: string): string {
  return feed.replace(/(<channel>[\s\S]*?<\/lastBuildDate>)/, `$1${shiftSampleDates(item)}`);
}

/** The sample feed files of one round, by file name, dated as if just published. */
export function readRound(round: 1 | 2): Map<string, string> {
  const dir = join(SAMPLE_FEEDS_DIR, `round-${round}`);
  return new Map(readdirSync(dir).map((f) => [f, shiftSampleDates(readFileSync(join(dir, f), 'utf8'))]));
}

/** A feed server whose files the test replaces between polls. */
export interface FeedServer extends TestServer {
  files: Map<string, string>;
  /** Paths answered with a bare status instead of a file (e.g. `gone.xml` → 410). */
  statuses: Map<string, number>;
  /** Feed URL of each file. */
  urls(): Array<{ url: string; name: string }>;
}

/** Serves `files` at `/feeds/<name>` with strong ETags and conditional GET. */
export async function startFeedServer(initial: Map<string, string>): Promise<FeedServer> {
  const files = new Map(initial);
  const statuses = new Map<string, number>();
  const server = await startTestServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/feeds\//, ''));
    const status = statuses.get(name);
    if (status !== undefined) {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`status ${status}`);
      return;
    }
    const body = files.get(name);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    const ext = name.split('.').pop() ?? 'xml';
    res.writeHead(200, { 'content-type': CONTENT_TYPES[ext] ?? 'application/xml', etag });
    res.end(body);
  });
  return Object.assign(server, {
    files,
    statuses,
    urls: () =>
      [...files.keys(), ...statuses.keys()].sort().map((f) => ({ url: `${server.url}/feeds/${f}`, name: f })),
  });
}

/**
 * The project's configuration pointed at the feed server, under a unique Redis prefix, with one
 * destination (`recording`, subscribed to the beat) and private addresses allowed for the fetch.
 */
export function testConfig(options: {
  prefix: string;
  feeds: Array<{ url: string; name: string }>;
  redisUrl: string;
  postOnFirstFetch?: boolean;
  /** Destination ids (all subscribed to the beat); default `['recording']`. */
  destinations?: string[];
}): Config {
  const base = loadConfig({
    path: join(import.meta.dirname, '..', '..', 'config', 'default.yaml'),
    env: { REDIS_URL: options.redisUrl, BEATWATCH_HTTP_PORT: '0' },
  });
  return {
    ...base,
    redis: { keyPrefix: options.prefix },
    fetch: { ...base.fetch, allowPrivateNetworks: true, totalTimeoutMs: 5000, connectTimeoutMs: 2000 },
    poll: { ...base.poll, postOnFirstFetch: options.postOnFirstFetch ?? false },
    topics: base.topics.map((t) => ({ ...t, feeds: options.feeds })),
    destinations: (options.destinations ?? ['recording']).map((id) => ({
      id,
      type: 'console' as const,
      topics: [base.topics[0]!.id],
    })),
  };
}

/** beatwatch started in this process against its own feed server, under a unique key prefix. */
export interface TestBeatwatch {
  service: Service;
  server: FeedServer;
  prefix: string;
  /** Stops beatwatch and the feed server, then deletes every key under the prefix. */
  stop(): Promise<void>;
}

/**
 * Starts a feed server serving `files` and beatwatch (`roles`, default every role) polling each
 * of them, with the test timings and `poll` settings over the configuration's; `record` adds the
 * recording destination (see {@link recorded}).
 */
export async function startTestBeatwatch(options: {
  files: Map<string, string>;
  roles?: 'run' | 'worker';
  poll?: Partial<Config['poll']>;
  timings?: Partial<ServiceTimings>;
  record?: boolean;
}): Promise<TestBeatwatch> {
  const prefix = uniqueName('bw');
  const server = await startFeedServer(options.files);
  const base = testConfig({ prefix, feeds: server.urls(), redisUrl: TEST_REDIS_URL });
  const service = await startBeatwatch({
    config: { ...base, poll: { ...base.poll, ...options.poll } },
    redisUrl: TEST_REDIS_URL,
    roles: options.roles ?? 'run',
    destinations: options.record ? [createRecordingDestination(TEST_REDIS_URL, prefix)] : [],
    logger: silentLogger(),
    timings: { ...FAST_TIMINGS, ...options.timings },
    httpPort: 0,
  });
  return {
    service,
    server,
    prefix,
    async stop() {
      await service.stop();
      await server.close();
      const redis = connectTestRedis();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    },
  };
}

/** Redis list that a recording destination appends to. */
export const recordingListKey = (prefix: string) => `${prefix}:test:recorded`;

/**
 * A destination that appends every message (JSON) to a Redis list in the test's prefix, so
 * several processes can record into one place. `rateLimitFirst` answers the first N sends with a
 * 429 instead, like a chat API would.
 */
export function createRecordingDestination(
  redisUrl: string,
  prefix: string,
  options: { rateLimitFirst?: number; id?: string; sendDelayMs?: number; file?: string } = {},
): Destination {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  // Reconnects on its own (Redis restart tests); nothing to report meanwhile.
  redis.on('error', () => undefined);
  let limited = options.rateLimitFirst ?? 0;
  const id = options.id ?? 'recording';
  return {
    id,
    type: 'console',
    async send(message: Message, sendOptions?: SendOptions) {
      if (limited > 0) {
        limited -= 1;
        return { ok: false, kind: 'retry-later', retryAfterMs: 300, reason: 'rate limited (test)' };
      }
      // Network time to the platform: the post becomes visible when the call completes.
      if (options.sendDelayMs) await new Promise((r) => setTimeout(r, options.sendDelayMs));
      const ref = `rec-${randomUUID()}`;
      const line = JSON.stringify({
        pid: process.pid,
        destination: id,
        message,
        ref,
        replyTo: sendOptions?.replyTo ?? null,
      });
      // A file stands for a chat platform that lives outside our Redis (the Redis restart test).
      if (options.file) appendFileSync(options.file, `${line}\n`);
      else await redis.rpush(recordingListKey(prefix), line);
      return { ok: true, ref };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** One post a recording destination received. */
export interface RecordedPost {
  pid: number;
  destination: string;
  message: Message;
  ref: string;
  /** The `ref` of the post it replies to, in a thread. */
  replyTo: string | null;
}

/** What the recording destination received, in order. */
export async function recorded(redis: Redis, prefix: string): Promise<Array<RecordedPost>> {
  return (await redis.lrange(recordingListKey(prefix), 0, -1)).map((j) => JSON.parse(j));
}

/** What recording destinations appended to `file`. */
export function recordedInFile(file: string): Array<RecordedPost> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Keys of the stories a beat's destinations must get: relevant, original, opening a cluster. */
export function alertableKeys(stories: readonly StoredStory[]): string[] {
  return stories
    .filter((s) => s.item.relevant && s.item.duplicateOf === null && !s.item.followUp)
    .map((s) => s.key)
    .sort();
}

/**
 * Exactly once, checked two ways for each destination: its "sent" markers name exactly the
 * expected stories, and it received exactly that many posts, all different.
 */
export async function expectEachDeliveredOnce(
  stores: Stores,
  stories: readonly StoredStory[],
  posts: ReadonlyArray<{ destination: string; message: Message }>,
  destinations: readonly string[],
): Promise<void> {
  const expected = alertableKeys(stories);
  expect(expected.length).toBeGreaterThan(3);
  for (const destination of destinations) {
    const sent: string[] = [];
    for (const s of stories) if (await stores.deliveries.isSent(destination, s.key)) sent.push(s.key);
    expect(sent.sort(), `sent markers of ${destination}`).toEqual(expected);
    const titles = posts.filter((m) => m.destination === destination).map((m) => m.message.title);
    expect(titles, `posts to ${destination}`).toHaveLength(expected.length);
    expect(new Set(titles).size, `distinct posts to ${destination}`).toBe(titles.length);
  }
}

/** Test timings: short locks and stalled checks so crash recovery takes a second or two. */
export const FAST_TIMINGS = {
  lockDurationMs: 1500,
  stalledIntervalMs: 700,
  maxStalledCount: 20,
  feedLockMs: 3000,
  ingestLockMs: 1500,
  ingestWaitMs: 3000,
  markerTtlMs: 1500,
  attempts: 10,
  backoffMs: 100,
  // Schedulers fire rarely in tests; polls are triggered with pollNow() so rounds are distinct.
  pollIntervalMs: 3_600_000,
};
