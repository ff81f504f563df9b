/**
 * How alerts word a story's place in its cluster when two reports of one event arrive in one feed,
 * and so in one ingest batch: the report analysed first opened the cluster and is a new story
 * (no "Follows" section naming the report stored after it); the other is a follow-up of it.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectTestRedis } from '../helpers/redis.js';
import { readRound, recorded, startTestBeatwatch, type TestBeatwatch, withItem } from './service-support.js';

/** A second report of the court filing on the 252, in the same feed as the first. */
const SECOND_REPORT = `
    <item>
      <title>The 252: what the new court filing says about the men sent to CECOT</title>
      <link>https://isthmusledger.example/2026/11/27/the-252-explained/</link>
      <guid isPermaLink="true">https://isthmusledger.example/?p=2205</guid>
      <pubDate>Fri, 27 Nov 2026 15:00:00 GMT</pubDate>
      <description>A filing in a Texas court gives the first official count of Venezuelans the United States sent to CECOT: 252. We read it line by line. Most of the men had no criminal conviction in the United States, and the filing does not say how each was linked to Tren de Aragua.</description>
    </item>`;

const redis: Redis = connectTestRedis();
let beatwatch: TestBeatwatch;

beforeAll(async () => {
  const ledger = readRound(2).get('isthmus-ledger.xml')!;
  beatwatch = await startTestBeatwatch({
    files: new Map([['isthmus-ledger.xml', withItem(ledger, SECOND_REPORT)]]),
    poll: { postOnFirstFetch: true },
    record: true,
  });
  await beatwatch.service.stores.follows.add(
    { topic: 'cecot', destinationId: 'recording', kind: 'keywords', query: 'venezuelans', owner: 'test' },
    Date.now(),
  );
});

afterAll(async () => {
  await beatwatch?.stop();
  await redis.quit();
});

it('two reports of one event in one batch: the first is a new story, the second a follow-up of it', async () => {
  const { service, prefix } = beatwatch;
  await service.pollNow();
  await service.waitUntilIdle({ timeoutMs: 30_000 });
  const filing = (await service.stores.stories.latest('cecot', 100)).filter((s) => /252/.test(s.item.title));
  expect(filing).toHaveLength(2);
  expect(filing[0]!.item.cluster).toBe(filing[1]!.item.cluster);
  const opener = filing.find((s) => !s.item.followUp)!;
  const second = filing.find((s) => s.item.followUp)!;
  expect(opener.storedAtMs).toBe(second.storedAtMs);

  const posts = (await recorded(redis, prefix)).map((p) => p.message);
  // The channel's subscription gets every story that opens a cluster, each worded as new.
  for (const message of posts.filter((m) => !m.sections.some((s) => s.heading === 'Your follow'))) {
    expect(message.title).toMatch(/^New story: /);
    expect(message.sections.map((s) => s.heading)).not.toContain('Follows');
  }
  expect(posts.map((m) => m.title)).toContain(`New story: ${opener.item.title}`);
  // The follow of "venezuelans" gets the second report, which names the first as what it follows.
  const followUp = posts.find((m) => m.title === `Follow-up: ${second.item.title}`);
  expect(followUp?.sections.find((s) => s.heading === 'Follows')?.lines).toEqual([
    `${opener.item.title} — already reported by 1 outlet`,
  ]);
});
