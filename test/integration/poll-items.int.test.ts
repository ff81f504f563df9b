/**
 * What a poll hands to ingest, end to end on real Redis, BullMQ and a local feed server: items
 * whose ingest failed for good come back on the next poll; old items are stored but never alerted;
 * a feed listing more items than the cap has the oldest skipped and counted; a Google News entry
 * is reported under its outlet and is one story with the outlet's own copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { shiftFeedDates } from '../../src/demo/feed-dates.js';
import type { ServiceTimings } from '../../src/service/start.js';
import { storeKeys } from '../../src/store/keys.js';
import { connectTestRedis } from '../helpers/redis.js';
import { recorded, startTestBeatwatch, type TestBeatwatch } from './service-support.js';

interface TestItem {
  id: string;
  title: string;
  text: string;
  published: Date;
}

function rss(items: readonly TestItem[]): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>https://ledger.example/${i.id}</link><guid>${i.id}</guid>` +
        `<pubDate>${i.published.toUTCString()}</pubDate><description>${i.text}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title><link>https://ledger.example/</link>${body}</channel></rss>`;
}

/** Off-beat filler items, one a minute back from now. */
function filler(count: number, from = 0): TestItem[] {
  return Array.from({ length: count }, (_, k) => ({
    id: `filler-${from + k}`,
    title: `Harbour council notice number ${from + k} on ferry timetables`,
    text: `The council published notice ${from + k} about summer ferry timetables and tram works.`,
    published: new Date(Date.now() - (from + k) * 60_000),
  }));
}

const redis: Redis = connectTestRedis();
const running: TestBeatwatch[] = [];

afterEach(async () => {
  for (const bw of running.splice(0)) await bw.stop();
});

afterAll(async () => {
  await redis.quit();
});

/**
 * beatwatch (every role) polling `ledger.xml` (or the given files), posting a new feed's first
 * items, to the recording destination.
 */
async function start(
  items: readonly TestItem[],
  options: {
    poll?: Partial<Config['poll']>;
    timings?: Partial<ServiceTimings>;
    files?: Map<string, string>;
  } = {},
) {
  const bw = await startTestBeatwatch({
    files: options.files ?? new Map([['ledger.xml', rss(items)]]),
    poll: { postOnFirstFetch: true, ...options.poll },
    timings: options.timings,
    record: true,
  });
  running.push(bw);
  const { service } = bw;
  return {
    ...bw,
    feedUrl: bw.server.urls()[0]!.url,
    async poll() {
      await service.pollNow();
      await service.waitUntilIdle({ timeoutMs: 60_000 });
    },
    storedIds: async () => (await service.stores.stories.latest('cecot', 1000)).map((s) => s.item.id).sort(),
  };
}

describe('items whose ingest failed for good', () => {
  it('are handed over again by the next poll, and stored then', async () => {
    const items = filler(8);
    // Two attempts, each waiting briefly for a beat lock that someone else holds throughout.
    const bw = await start(items, { timings: { attempts: 2, ingestWaitMs: 300 } });
    const lock = storeKeys(bw.prefix).ingestLock('cecot');
    await redis.set(lock, 'another-process', 'PX', 600_000);
    await bw.poll();
    expect(await bw.service.queues.ingest.getJobCountByTypes('failed')).toBe(1);
    // The failure hands the items back (asynchronously, after the job failed).
    while ((await bw.service.stores.feeds.get(bw.feedUrl))?.itemsSeen !== 0)
      await new Promise((r) => setTimeout(r, 100));
    expect(await bw.storedIds()).toEqual([]);
    expect((await bw.service.stores.feeds.get(bw.feedUrl))?.etag).toBeNull();

    await redis.del(lock);
    await bw.poll();
    expect(await bw.storedIds()).toEqual(items.map((i) => i.id).sort());
    expect((await bw.service.stores.feeds.get(bw.feedUrl))?.itemsSeen).toBe(items.length);
  });
});

describe('an old item added to a feed', () => {
  it('is stored but never alerted; a new one is', async () => {
    const fresh: TestItem = {
      id: 'fresh',
      title: 'Red Cross delegates make a first visit inside CECOT',
      text: 'Delegates of the International Committee of the Red Cross toured the CECOT prison in Tecoluca on Monday, the first such visit since it opened.',
      published: new Date(Date.now() - 3_600_000),
    };
    const old: TestItem = {
      id: 'old',
      title: 'El Salvador moves the first inmates into the new CECOT mega-prison',
      text: 'Authorities transferred two thousand inmates overnight to CECOT, the Terrorism Confinement Center built in Tecoluca.',
      published: new Date('2023-02-24T06:00:00Z'),
    };
    const bw = await start([fresh, old]);
    await bw.poll();
    expect(await bw.storedIds()).toEqual(['fresh', 'old']);
    const stories = await bw.service.stores.stories.latest('cecot', 10);
    expect(stories.every((s) => s.item.relevant && s.item.duplicateOf === null && !s.item.followUp)).toBe(
      true,
    );
    const posts = await recorded(redis, bw.prefix);
    expect(posts.map((p) => p.message.title)).toEqual([expect.stringContaining('Red Cross')]);
  });
});

describe('a feed listing more new items than poll.maxItemsPerPoll', () => {
  it('has its newest items stored and the rest skipped for good, counted', async () => {
    const bw = await start(filler(12), { poll: { maxItemsPerPoll: 5 } });
    await bw.poll();
    const newest = filler(5).map((i) => i.id);
    expect(await bw.storedIds()).toEqual([...newest].sort());
    const skipped = (await bw.service.metrics.skippedItems.get()).values;
    expect(skipped).toEqual([
      expect.objectContaining({ labels: { topic: 'cecot', reason: 'over-cap' }, value: 7 }),
    ]);

    // The next poll takes the new item only: the skipped ones stay skipped.
    const added: TestItem = { ...filler(1, 100)[0]!, id: 'added', published: new Date() };
    bw.server.files.set('ledger.xml', rss([added, ...filler(12)]));
    await bw.poll();
    expect(await bw.storedIds()).toEqual(['added', ...newest].sort());
  });
});

describe('a Google News feed beside the outlets’ own feeds', () => {
  it('reports each entry under its outlet and alerts an article once, whichever feed had it', async () => {
    const dir = join(import.meta.dirname, '..', 'fixtures', 'google-news');
    // The sample's newest item becomes an hour old: recent enough to be alerted.
    const shift = Date.now() - 3_600_000 - Date.parse('2026-11-25T10:15:00Z');
    const files = new Map(
      ['search-cecot.xml', 'gulf-coast-herald.xml', 'pacific-courier.xml'].map((f) => [
        f,
        shiftFeedDates(readFileSync(join(dir, f), 'utf8'), shift),
      ]),
    );
    const bw = await start([], { files });
    await bw.poll();
    const stories = await bw.service.stores.stories.latest('cecot', 100);
    const fromGoogle = stories.filter((s) => s.feedUrl.endsWith('search-cecot.xml'));
    expect(new Set(fromGoogle.map((s) => s.item.source.name))).toEqual(
      new Set(['The Gulf Coast Herald', 'Pacific Courier', 'El Mirador Nacional']),
    );
    const redCross = stories.filter((s) => s.item.title.startsWith('Red Cross team'));
    expect(redCross).toHaveLength(3);
    expect(new Set(redCross.map((s) => s.item.cluster)).size).toBe(1);

    const posts = (await recorded(redis, bw.prefix)).map((p) => p.message);
    // One post per article at most, whether the outlet's feed or Google News had it first.
    const titles = posts.map((m) => m.title.toLowerCase());
    expect(titles.filter((t) => t.includes('red cross team'))).toHaveLength(1);
    expect(new Set(titles).size).toBe(titles.length);
    expect(posts.find((m) => m.title.includes('Asamblea aprueba'))?.text).toContain('El Mirador Nacional');
    expect(posts.map((m) => m.text).join('\n')).not.toContain('Google News');
  });
});
