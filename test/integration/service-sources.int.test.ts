/** `beatwatch sources` as a user runs it: every configured feed with its health, text or JSON. */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisFeedStore } from '../../src/store/feed-store.js';
import type { FeedState } from '../../src/store/types.js';
import { writeBeatConfig } from '../helpers/config-files.js';
import { connectTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueName } from '../helpers/redis.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const redis: Redis = connectTestRedis();
const prefix = uniqueName('sources');
let dir: string;
let configFile: string;
/** A feed behind HTTP basic auth: its password must never be printed. */
const PRIVATE_FEED = 'https://reader:feed-secret-9@private.example/feed.xml';

beforeAll(async () => {
  ({ dir, configFile } = writeBeatConfig({
    prefix,
    feeds: [
      { url: 'https://ok.example/feed.xml', name: 'Healthy outlet' },
      { url: 'https://gone.example/feed.xml', name: 'Vanished outlet' },
      { url: 'https://new.example/feed.xml', name: 'Fresh outlet' },
      { url: PRIVATE_FEED, name: 'Private outlet' },
    ],
  }));
  const store = createRedisFeedStore(redis, prefix, { retentionMs: 86_400_000 });
  const now = Date.now();
  await store.register({ url: 'https://ok.example/feed.xml', topic: 'cecot', name: 'Healthy outlet' });
  await store.update('https://ok.example/feed.xml', {
    lastStatus: 200,
    lastPolledAtMs: now - 120_000,
    lastSuccessAtMs: now,
  });
  await store.markSeen('https://ok.example/feed.xml', ['a', 'b', 'c'], now);
  await store.register({ url: 'https://gone.example/feed.xml', topic: 'cecot', name: 'Vanished outlet' });
  await store.update('https://gone.example/feed.xml', {
    lastStatus: 410,
    lastPolledAtMs: now,
    consecutiveFailures: 1,
  });
  await store.pause('https://gone.example/feed.xml', 'the feed answered 410 Gone');
  await store.register({ url: PRIVATE_FEED, topic: 'cecot', name: 'Private outlet' });
  await store.update(PRIVATE_FEED, {
    lastStatus: 401,
    lastPolledAtMs: now,
    consecutiveFailures: 2,
    lastError: `GET ${PRIVATE_FEED} answered 401`,
  });
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'sources', '-c', configFile, ...args], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: TEST_REDIS_URL },
  });

describe('beatwatch sources', () => {
  it('prints every feed with its health and the reason a feed is paused', async () => {
    const { stdout } = await cli();
    expect(stdout).toContain('4 feeds: 1 ok, 1 failing, 1 paused, 0 waiting, 1 never polled');
    expect(stdout).toMatch(/OK +Healthy outlet · polled 2m ago \(200\) · 3 items/);
    expect(stdout).toContain('paused: the feed answered 410 Gone');
    expect(stdout).toMatch(/NEW +Fresh outlet/);
  });

  it('prints the feed states as JSON with --json', async () => {
    const { stdout } = await cli('--json');
    const states = JSON.parse(stdout) as FeedState[];
    expect(states.map((s) => [s.name, s.paused])).toEqual([
      ['Fresh outlet', false],
      ['Healthy outlet', false],
      ['Private outlet', false],
      ['Vanished outlet', true],
    ]);
  });

  it('never prints the password of a feed URL, as text or JSON', async () => {
    for (const { stdout } of [await cli(), await cli('--json')]) {
      expect(stdout).not.toContain('feed-secret-9');
      expect(stdout).toContain('https://reader:[redacted]@private.example/feed.xml');
    }
  });
});
