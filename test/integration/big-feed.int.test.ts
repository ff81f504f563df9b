/**
 * A feed of 20,000 new items (about 4 MB, under the size cap) through `beatwatch run`: every item
 * is stored, no failure is counted, and a second poll finds nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service/start.js';
import { storeKeys } from '../../src/store/keys.js';
import { startTestBeatwatch, type TestBeatwatch } from './service-support.js';

const ITEMS = 20_000;

const WORDS = (
  'harbour council budget river school bridge market festival library museum station road ' +
  'clinic farm orchestra stadium archive garden ferry tunnel theatre airport tram mayor ' +
  'election vote rain storm drought heat season report plan survey census opening closure'
).split(' ');

/** A deterministic RSS feed of `count` distinct, dated items, newest first. */
function bigFeed(count: number, nowMs: number): string {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed;
  };
  const words = (n: number) => Array.from({ length: n }, () => WORDS[next() % WORDS.length]).join(' ');
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(nowMs - i * 60_000).toUTCString();
    items.push(
      `<item><title>${words(5)} ${i}</title><guid>https://bulletin.example/${i}</guid>` +
        `<pubDate>${date}</pubDate><description>${words(8)}</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bulletin</title><link>https://bulletin.example/</link>${items.join('\n')}</channel></rss>`;
}

let bw: TestBeatwatch;
let service: Service;

beforeAll(async () => {
  bw = await startTestBeatwatch({ files: new Map([['bulletin.xml', bigFeed(ITEMS, Date.now())]]) });
  service = bw.service;
});

afterAll(async () => {
  await bw?.stop();
});

const storyCount = () => service.redis.zcard(storeKeys(bw.prefix).stories('cecot'));

/** Sum of a counter's values. */
async function total(counter: { get(): Promise<{ values: Array<{ value: number }> }> }): Promise<number> {
  return (await counter.get()).values.reduce((sum, v) => sum + v.value, 0);
}

describe('a 20,000-item feed', () => {
  it('is stored whole, with no failure counted and no failed job', async () => {
    expect(Buffer.byteLength(bw.server.files.get('bulletin.xml')!)).toBeLessThan(5 * 1024 * 1024);
    await service.pollNow();
    await service.waitUntilIdle({ timeoutMs: 240_000, settleMs: 250 });
    expect(await storyCount()).toBe(ITEMS);
    expect(await total(service.metrics.failures)).toBe(0);
    for (const queue of [service.queues.poll, service.queues.ingest, service.queues.deliver])
      expect(await queue.getJobCountByTypes('failed')).toBe(0);
    const [state] = await service.stores.feeds.list();
    expect(state).toMatchObject({ itemsSeen: ITEMS, consecutiveFailures: 0 });
  }, 300_000);

  it('finds nothing new on the next poll', async () => {
    const before = await total(service.metrics.items);
    await service.pollNow();
    await service.waitUntilIdle({ timeoutMs: 60_000 });
    expect(await total(service.metrics.items)).toBe(before);
    expect(await storyCount()).toBe(ITEMS);
  }, 120_000);
});
