/**
 * Bad feeds polled by a running worker process: every file of the vendored feedparser corpus's
 * ill-formed, encoding and entities folders, the generated hostile feeds, and feeds on private
 * addresses. The worker's SSRF guard is on (`fetch.allowPrivateNetworks: false`) with only
 * 127.0.0.1 exempt, the local feed host's address, so a feed at 127.0.0.2 — a real server
 * there — or at a metadata address is still refused. Each feed ends as clean stored items or a
 * named error in its state (what `beatwatch sources` shows); the worker keeps going: it never
 * exits, no job fails or loops, and feeds polled afterwards are fetched as usual. The quick cut
 * in `npm test` polls every fifth corpus file.
 */
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import { feedHealth } from '../../src/service/sources.js';
import type { Service } from '../../src/service/start.js';
import type { StoredStory } from '../../src/store/index.js';
import { writeBeatConfig } from '../helpers/config-files.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';
import { spawnWorker, stopGently, type WorkerProcess } from '../integration/service-processes.js';
import { FAST_TIMINGS } from '../integration/service-support.js';
import { type FeedHost, startFeedHost } from './feed-host.js';
import { type HostileFeed, serveCorpus, serveGenerated } from './hostile-feeds.js';
import { recordFigures, scaled } from './reliability.js';
import { rssFeed, syntheticStory } from './synthetic-feeds.js';

const WORKER_SCRIPT = join(import.meta.dirname, 'worker-process.ts');
/** Polls after the first: the burst of 500s must be over by the last. */
const BURST_OF_500 = scaled(1, 3);
/** Every corpus file at full scale; every fifth in the quick cut. */
const CORPUS_SHARE = scaled(5, 1);
const prefix = uniqueName('rel-bad');
/** Every named error a feed can end with: a fetch error code, a parse error, or a 410. */
const NAMED_ERROR =
  /^(timeout|too-large|too-many-redirects|blocked-address|bad-url|dns|connect|tls|http-status|decode|parse): \S|^HTTP 410 Gone$|^HTTP 4\d\d: asked to retry later$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let host: FeedHost;
let internal: Server;
let internalRequests = 0;
let feeds: Array<HostileFeed & { url: string }>;
let canaries: string[];
let worker: WorkerProcess;
let control: Service;
let dir: string;
const startedMs = Date.now();

/** Why a stored item is not clean, or null. */
function uncleanReason(story: StoredStory): string | null {
  const { id, title, summary } = story.item;
  if (!id) return 'empty id';
  for (const [field, text] of Object.entries({ id, title, summary })) {
    if (typeof text !== 'string') return `${field} is not text`;
    if (LONE_SURROGATE.test(text)) return `${field} has a lone surrogate`;
    if (CONTROL.test(text)) return `${field} has a control character`;
  }
  if (Array.from(title).length > 1001) return 'title over poll.maxTitleChars';
  return null;
}

beforeAll(async () => {
  // A server on another loopback address: a private network service the SSRF guard must protect.
  internal = createServer((_req, res) => {
    internalRequests += 1;
    res.end(rssFeed('internal', [syntheticStory(999_999, Math.random)]));
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.2', resolve));
  const internalUrl = `http://127.0.0.2:${(internal.address() as AddressInfo).port}/feed.xml`;
  host = await startFeedHost();
  const corpus = serveCorpus(host).filter((_, i) => i % CORPUS_SHARE === 0);
  const hostile = [...corpus, ...serveGenerated(host, internalUrl, BURST_OF_500)];
  const blocked = { error: /^blocked-address: / };
  canaries = ['/good/canary-a.xml', '/good/canary-b.xml'];
  for (const path of canaries) host.files.set(path, { body: rssFeed(path, []) });
  feeds = [
    ...hostile.map((f) => ({ ...f, url: host.urlOf(f.path) })),
    { path: '', name: 'private-127.0.0.2', url: internalUrl, expected: blocked },
    {
      path: '',
      name: 'metadata-169.254.169.254',
      url: 'http://169.254.169.254/latest/meta-data/',
      expected: blocked,
    },
    {
      path: '',
      name: 'loopback-ipv6',
      url: `http://[::1]:${host.port}/good/canary-a.xml`,
      expected: blocked,
    },
  ];
  const written = writeBeatConfig({
    prefix,
    feeds: [
      ...feeds.map((f, i) => ({ url: f.url, name: `bad-${i}` })),
      ...canaries.map((p, i) => ({ url: host.urlOf(p), name: `canary-${i}` })),
    ],
    main: {
      fetch: { allowPrivateNetworks: false, totalTimeoutMs: 5000, connectTimeoutMs: 2000 },
      destinations: [],
    },
  });
  dir = written.dir;
  const { configFile } = written;
  const env = {
    BEATWATCH_CONFIG: configFile,
    REDIS_URL: TEST_REDIS_URL,
    BW_ALLOW_ADDRESSES: JSON.stringify(['127.0.0.1']),
  };
  worker = spawnWorker(env, WORKER_SCRIPT);
  control = await startBeatwatch({
    config: loadConfig({ path: configFile, env }),
    roles: ['scheduler'],
    logger: silentLogger(),
    timings: FAST_TIMINGS,
  });
  await worker.ready;
}, 120_000);

afterAll(async () => {
  if (worker) await stopGently(worker);
  await control?.stop();
  await host?.close();
  await new Promise((r) => internal?.close(r));
  const redis = connectTestRedis();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bad feeds polled by a running worker', () => {
  it(
    'each ends as clean items or a named error, and the worker keeps going',
    async () => {
      // The scheduler polled every new feed at start; the polls after it end the burst of 500s.
      await control.waitUntilIdle({ timeoutMs: 120_000 });
      for (let i = 0; i < BURST_OF_500; i++) {
        await control.pollNow();
        await control.waitUntilIdle({ timeoutMs: 120_000 });
      }
      const states = new Map((await control.stores.feeds.list()).map((s) => [s.url, s]));
      const stories = await control.stores.stories.latest('cecot', 1_000_000);
      const byFeed = new Map<string, StoredStory[]>();
      for (const s of stories) byFeed.set(s.feedUrl, [...(byFeed.get(s.feedUrl) ?? []), s]);

      const outcomes = { items: 0, empty: 0, errors: new Map<string, number>() };
      const problems: string[] = [];
      for (const feed of feeds) {
        const state = states.get(feed.url);
        if (!state) {
          problems.push(`${feed.name}: never polled`);
          continue;
        }
        const health = feedHealth(state);
        const stored = byFeed.get(feed.url) ?? [];
        if (state.lastError === null) {
          for (const s of stored) {
            const reason = uncleanReason(s);
            if (reason)
              problems.push(`${feed.name}: ${reason} in ${JSON.stringify(s.item.title.slice(0, 80))}`);
          }
          if (stored.length > 0) outcomes.items += 1;
          else outcomes.empty += 1;
          if (feed.expected && 'error' in feed.expected)
            problems.push(`${feed.name}: expected ${feed.expected.error}, got items`);
          if (feed.expected && 'items' in feed.expected && stored.length === 0)
            problems.push(`${feed.name}: expected items, got none`);
        } else {
          const code = state.lastError.split(':')[0]!;
          outcomes.errors.set(code, (outcomes.errors.get(code) ?? 0) + 1);
          if (!NAMED_ERROR.test(state.lastError))
            problems.push(`${feed.name}: unnamed error ${state.lastError}`);
          if (health.status === 'ok') problems.push(`${feed.name}: an error, yet shown as ok`);
          if (feed.expected && 'items' in feed.expected)
            problems.push(`${feed.name}: expected items, got ${state.lastError}`);
          if (feed.expected && 'error' in feed.expected && !feed.expected.error.test(state.lastError))
            problems.push(`${feed.name}: expected ${feed.expected.error}, got ${state.lastError}`);
        }
      }
      expect(problems).toEqual([]);
      // The SSRF guard refused before connecting: the private server never heard from us.
      expect(internalRequests).toBe(0);
      // A redirect loop is followed a bounded number of times per poll.
      expect(host.hits('/bad/redirect-loop')).toBeLessThanOrEqual(6 * (BURST_OF_500 + 2));

      // Later feeds are still polled, by the same worker process, and nothing failed or looped.
      const fresh = canaries.map((path, i) => ({ path, story: syntheticStory(800_000 + i, Math.random) }));
      for (const { path, story } of fresh) host.files.set(path, { body: rssFeed(path, [story]) });
      await control.pollNow();
      await control.waitUntilIdle({ timeoutMs: 120_000 });
      const after = await control.stores.stories.latest('cecot', 1_000_000);
      for (const { story } of fresh) expect(after.some((s) => s.item.title === story.title)).toBe(true);
      expect(worker.child.exitCode).toBeNull();
      expect(worker.child.signalCode).toBeNull();
      for (const q of [control.queues.poll, control.queues.ingest])
        expect(await q.getFailedCount(), `failed ${q.name} jobs`).toBe(0);
      const retried = (await control.queues.poll.getJobs(['completed'], 0, -1)).filter(
        (j) => j.attemptsMade > 1,
      );
      expect(retried.map((j) => j.id)).toEqual([]);

      const corpus = feeds.filter((f) => f.path.startsWith('/corpus/'));
      const corpusWithItems = corpus.filter((f) => (byFeed.get(f.url) ?? []).length > 0).length;
      recordFigures({
        category: 'bad feeds',
        scenario:
          'feedparser corpus (illformed, encoding, entities), generated hostile feeds, private addresses',
        figures: {
          'corpus files': corpus.length,
          'corpus files with items': corpusWithItems,
          'generated and private feeds': feeds.length - corpus.length,
          'feeds ending with items': outcomes.items,
          'feeds ending empty, no error': outcomes.empty,
          'feeds ending with a named error': [...outcomes.errors.values()].reduce((a, b) => a + b, 0),
          'errors by code': [...outcomes.errors].map(([code, n]) => `${code} ${n}`).join(', '),
          'items stored': stories.length,
          'requests reaching the private server': internalRequests,
          'worker exits': 0,
          'failed jobs': 0,
        },
        durationMs: Date.now() - startedMs,
      });
    },
    scaled(180_000, 600_000),
  );
});
