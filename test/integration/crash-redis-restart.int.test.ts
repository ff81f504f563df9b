/**
 * A Redis restart mid-run: a private redis-server with its append-only file (fsync on every
 * write) is stopped and started again while stories are being ingested and delivered. Nothing is
 * lost and nothing is posted twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/parse/index.js';
import { silentLogger } from '../../src/log.js';
import { startBeatwatch } from '../../src/main.js';
import { type PrivateRedis, startPrivateRedis } from '../../src/runtime/redis-server.js';
import type { Service } from '../../src/service/start.js';
import { sleep } from './service-processes.js';
import {
  createRecordingDestination,
  expectEachDeliveredOnce,
  FAST_TIMINGS,
  type FeedServer,
  readRound,
  recordedInFile,
  startFeedServer,
  testConfig,
} from './service-support.js';

const DESTINATIONS = ['rec-0', 'rec-1', 'rec-2', 'rec-3'];
const prefix = 'restart';
let privateRedis: PrivateRedis;
let server: FeedServer;
let service: Service;
let workDir: string;
let recordFile: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'bw-restart-'));
  recordFile = join(workDir, 'posts.jsonl');
  privateRedis = await startPrivateRedis({ appendOnly: true });
  server = await startFeedServer(readRound(1));
  service = await startBeatwatch({
    config: testConfig({
      prefix,
      feeds: server.urls(),
      redisUrl: privateRedis.url,
      postOnFirstFetch: true,
      destinations: DESTINATIONS,
    }),
    redisUrl: privateRedis.url,
    roles: ['scheduler', 'poll', 'ingest', 'deliver'],
    destinations: DESTINATIONS.map((id) =>
      createRecordingDestination(privateRedis.url, prefix, { id, sendDelayMs: 100, file: recordFile }),
    ),
    pipeline: { createDestination: () => null },
    logger: silentLogger(),
    timings: FAST_TIMINGS,
  });
});

afterAll(async () => {
  await service?.stop();
  await server?.close();
  await privateRedis?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

/** How many distinct (feed, item id) pairs both rounds hold. */
async function distinctItems(feedServer: FeedServer): Promise<number> {
  const ids = new Set<string>();
  for (const round of [1, 2] as const) {
    for (const [name, body] of readRound(round)) {
      const url = `${feedServer.url}/feeds/${name}`;
      for (const item of parseFeed(Buffer.from(body), { baseUrl: url }).items) ids.add(`${url}\n${item.id}`);
    }
  }
  return ids.size;
}

describe('Redis restarted mid-run (append-only file)', () => {
  it('loses no story and posts none twice', async () => {
    await service.pollNow();
    await sleep(400);
    await privateRedis.restart();
    await service.waitUntilIdle({ timeoutMs: 45_000 });

    for (const [name, body] of readRound(2)) server.files.set(name, body);
    await service.pollNow();
    await sleep(300);
    await privateRedis.restart();
    await service.waitUntilIdle({ timeoutMs: 45_000 });

    const stories = await service.stores.stories.latest('cecot', 1000);
    // Every item of both rounds was stored, once: nothing lost with the restarts.
    expect(stories.length).toBe(await distinctItems(server));
    expect(new Set(stories.map((s) => s.key)).size).toBe(stories.length);
    const messages = recordedInFile(recordFile);
    await expectEachDeliveredOnce(service.stores, stories, messages, DESTINATIONS);
    // No job gave up on the way (a failed poll or ingest job would be a story lost).
    for (const q of [service.queues.poll, service.queues.ingest, service.queues.deliver])
      expect(await q.getFailedCount(), `failed ${q.name} jobs`).toBe(0);
  });
});
