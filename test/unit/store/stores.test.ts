import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnalysedItem } from '../../../src/analysis.js';
import type { KnownFact } from '../../../src/config/schema.js';
import { feedKey } from '../../../src/queue/feed-health.js';
import { summarize } from '../../../src/store/fact-rules.js';
import { createRedisFactStore, createRedisStores, type Stores, storeKeys } from '../../../src/store/index.js';
import { tryLock } from '../../../src/store/lock.js';
import type { FactReport } from '../../../src/store/types.js';
import { connectTestRedis, deleteKeysWithPrefix, uniqueName } from '../../helpers/redis.js';

const redis: Redis = connectTestRedis();
let prefix: string;
let stores: Stores;
const prefixes: string[] = [];

beforeEach(() => {
  prefix = uniqueName('store');
  prefixes.push(prefix);
  stores = createRedisStores(redis, prefix, 90);
});

afterAll(async () => {
  for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
  await redis.quit();
});

const URL_A = 'https://example.org/a.xml';

describe('FeedStore', () => {
  it('registers feeds, keeps state through updates, and lists them', async () => {
    await stores.feeds.register({ url: URL_A, topic: 'cecot', name: 'A' });
    await stores.feeds.register({ url: 'https://example.org/b.xml', topic: 'cecot', name: 'B' });
    await stores.feeds.update(URL_A, {
      etag: '"v1"',
      lastStatus: 200,
      consecutiveFailures: 0,
      lastSuccessAtMs: 5,
    });
    await stores.feeds.update(URL_A, { etag: null, lastError: 'boom' });
    const a = await stores.feeds.get(URL_A);
    expect(a).toMatchObject({
      url: URL_A,
      topic: 'cecot',
      name: 'A',
      etag: null,
      lastStatus: 200,
      lastError: 'boom',
    });
    expect((await stores.feeds.list()).map((f) => f.name)).toEqual(['A', 'B']);
    expect(await stores.feeds.get('https://nowhere.example/')).toBeNull();
  });

  it('tracks seen items and counts them', async () => {
    await stores.feeds.register({ url: URL_A, topic: 'cecot', name: 'A' });
    expect(await stores.feeds.unseen(URL_A, ['1', '2'])).toEqual(['1', '2']);
    await stores.feeds.markSeen(URL_A, ['1'], Date.now());
    await stores.feeds.markSeen(URL_A, ['1', '2'], Date.now());
    expect(await stores.feeds.unseen(URL_A, ['1', '2', '3'])).toEqual(['3']);
    expect((await stores.feeds.get(URL_A))?.itemsSeen).toBe(2);
  });

  it('marks tens of thousands of items seen at once, and forgets them with the validators', async () => {
    await stores.feeds.register({ url: URL_A, topic: 'cecot', name: 'A' });
    await stores.feeds.update(URL_A, { etag: '"v1"', lastModified: 'Mon, 01 Jun 2026 00:00:00 GMT' });
    const ids = Array.from({ length: 70_000 }, (_, i) => `item-${i}`);
    await stores.feeds.markSeen(URL_A, ids, Date.now());
    expect(await stores.feeds.unseen(URL_A, [...ids, 'new'])).toEqual(['new']);
    await stores.feeds.markUnseen(URL_A, ids.slice(0, 60_000));
    expect(await stores.feeds.get(URL_A)).toMatchObject({
      itemsSeen: 10_000,
      etag: null,
      lastModified: null,
    });
    expect(await stores.feeds.unseen(URL_A, ids)).toHaveLength(60_000);
  });

  it('pauses with a reason and resumes with a clean slate', async () => {
    await stores.feeds.register({ url: URL_A, topic: 'cecot', name: 'A' });
    await stores.feeds.update(URL_A, { consecutiveFailures: 7 });
    await stores.feeds.pause(URL_A, 'by hand');
    expect(await stores.feeds.get(URL_A)).toMatchObject({ paused: true, pausedReason: 'by hand' });
    await stores.feeds.resume(URL_A);
    expect(await stores.feeds.get(URL_A)).toMatchObject({
      paused: false,
      pausedReason: null,
      consecutiveFailures: 0,
    });
  });

  it('begins a poll with the fetch lock and the state, and finishes it with the update and the release', async () => {
    await stores.feeds.register({ url: URL_A, topic: 'cecot', name: 'A' });
    await stores.feeds.update(URL_A, { etag: '"v1"', lastError: 'old', consecutiveFailures: 2 });
    await stores.feeds.markSeen(URL_A, ['1', '2'], Date.now());
    const poll = await stores.feeds.beginPoll(URL_A, 'poll:job-1', 5_000);
    expect(poll?.state).toEqual(await stores.feeds.get(URL_A));
    // Someone else is refused; the same owner (a retry whose release failed) takes it back.
    expect(await stores.feeds.beginPoll(URL_A, 'poll:job-2', 5_000)).toBeNull();
    const retry = await stores.feeds.beginPoll(URL_A, 'poll:job-1', 5_000);
    expect(retry?.state?.etag).toBe('"v1"');

    await poll!.finish({ etag: '"v2"', lastError: null, consecutiveFailures: 0, lastStatus: 304 });
    expect(await stores.feeds.get(URL_A)).toMatchObject({
      etag: '"v2"',
      lastError: null,
      consecutiveFailures: 0,
      lastStatus: 304,
      itemsSeen: 2,
    });
    const next = await stores.feeds.beginPoll(URL_A, 'poll:job-2', 5_000);
    expect(next?.state?.etag).toBe('"v2"');
    // The retry's handle releases nothing now: the lock is another owner's.
    await retry?.release();
    expect(await redis.exists(storeKeys(prefix).feedLock(feedKey(URL_A)))).toBe(1);
    await next?.release();
    expect(await redis.exists(storeKeys(prefix).feedLock(feedKey(URL_A)))).toBe(0);
  });

  it('begins a poll of a feed not registered yet with no state', async () => {
    const poll = await stores.feeds.beginPoll('https://new.example/feed.xml', 'poll:job-3', 5_000);
    expect(poll?.state).toBeNull();
    await poll?.finish({});
    expect(await stores.feeds.beginPoll('https://new.example/feed.xml', 'poll:job-4', 5_000)).not.toBeNull();
  });
});

function analysed(id: string, cluster: string): AnalysedItem {
  return {
    id,
    title: `Story ${id}`,
    link: `https://news.example/${id}`,
    published: '2026-01-01T00:00:00.000Z',
    source: { feedUrl: URL_A, name: 'A' },
    language: 'en',
    relevant: true,
    score: 3,
    matched: ['CECOT'],
    duplicateOf: null,
    cluster,
    followUp: false,
    claims: [],
    factChanges: [],
    summary: 's',
    whatChanged: [],
  };
}

describe('StoryStore and ClusterStore', () => {
  it('saves under the fence, indexes clusters and replays records in order', async () => {
    const fence = { key: storeKeys(prefix).ingestLock('cecot'), token: 't1' };
    await tryLock(redis, fence.key, 10_000, 't1');
    const now = Date.now();
    const id1 = await stores.stories.save(
      { key: 's1', topic: 'cecot', feedUrl: URL_A, item: analysed('1', 'c1'), storedAtMs: now },
      { id: '1', cluster: 'c1', publishedMs: 1 },
      fence,
    );
    const id2 = await stores.stories.save(
      { key: 's2', topic: 'cecot', feedUrl: URL_A, item: analysed('2', 'c1'), storedAtMs: now + 1 },
      { id: '2', cluster: 'c1', publishedMs: 2 },
      fence,
    );
    expect(id1).not.toBeNull();
    expect((await stores.stories.get('cecot', 's1'))?.item.title).toBe('Story 1');
    expect((await stores.stories.latest('cecot', 10)).map((s) => s.key)).toEqual(['s2', 's1']);
    expect(await stores.clusters.members('cecot', 'c1')).toEqual(['s1', 's2']);
    expect(await stores.clusters.recent('cecot', 5)).toEqual(['c1']);
    expect((await stores.stories.recordsAfter('cecot', '0')).map((r) => r.record.id)).toEqual(['1', '2']);
    expect((await stores.stories.recordsAfter('cecot', id1!)).map((r) => r.id)).toEqual([id2]);
  });

  it('saves a batch in order in one call, skipping stories already stored', async () => {
    const fence = { key: storeKeys(prefix).ingestLock('cecot'), token: 't1' };
    await tryLock(redis, fence.key, 10_000, 't1');
    const now = Date.now();
    const entry = (n: string, cluster: string) => ({
      story: { key: `s${n}`, topic: 'cecot', feedUrl: URL_A, item: analysed(n, cluster), storedAtMs: now },
      record: { id: n, cluster, publishedMs: Number(n) },
    });
    const first = await stores.stories.saveMany('cecot', [entry('1', 'c1'), entry('2', 'c2')], fence);
    expect(first).toHaveLength(2);
    const again = await stores.stories.saveMany('cecot', [entry('2', 'c2'), entry('3', 'c1')], fence);
    expect(again?.[0]).toBe('0-0');
    expect((await stores.stories.recordsAfter('cecot', '0')).map((r) => r.record.id)).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect((await stores.stories.recordsAfter('cecot', first![1]!)).map((r) => r.id)).toEqual([again![1]]);
    expect(await stores.clusters.members('cecot', 'c1')).toEqual(['s1', 's3']);
    expect((await stores.stories.getMany('cecot', ['s3', 'nope', 's1'])).map((s) => s?.key ?? null)).toEqual([
      's3',
      null,
      's1',
    ]);
    const theirs = { ...fence, token: 'theirs' };
    expect(await stores.stories.saveMany('cecot', [entry('4', 'c1')], theirs)).toBeNull();
    expect(await stores.stories.get('cecot', 's4')).toBeNull();
  });

  it('saves tens of thousands of stories in one call, in order', async () => {
    const fence = { key: storeKeys(prefix).ingestLock('cecot'), token: 't1' };
    await tryLock(redis, fence.key, 60_000, 't1');
    const now = Date.now();
    const entries = Array.from({ length: 20_000 }, (_, i) => ({
      story: {
        key: `s${i}`,
        topic: 'cecot',
        feedUrl: URL_A,
        item: analysed(String(i), `c${i % 7}`),
        storedAtMs: now,
      },
      record: { id: String(i), cluster: `c${i % 7}`, publishedMs: i + 1 },
    }));
    const ids = await stores.stories.saveMany('cecot', entries, fence);
    expect(ids).toHaveLength(20_000);
    expect(ids).not.toContain('0-0');
    expect(await redis.zcard(storeKeys(prefix).stories('cecot'))).toBe(20_000);
    const records = await stores.stories.recordsAfter('cecot', '0');
    expect(records.map((r) => r.record.id)).toEqual(entries.map((e) => e.record.id));
  });

  it('refuses to write once the fence is held by someone else', async () => {
    const fence = { key: storeKeys(prefix).ingestLock('cecot'), token: 'mine' };
    await tryLock(redis, fence.key, 10_000, 'theirs');
    const id = await stores.stories.save(
      { key: 's1', topic: 'cecot', feedUrl: URL_A, item: analysed('1', 'c1'), storedAtMs: Date.now() },
      { id: '1', cluster: 'c1', publishedMs: 1 },
      fence,
    );
    expect(id).toBeNull();
    expect(await stores.stories.get('cecot', 's1')).toBeNull();
    expect(await stores.stories.recordsAfter('cecot', '0')).toEqual([]);
  });

  it('gives stories a TTL from the retention setting', async () => {
    const fence = { key: storeKeys(prefix).ingestLock('cecot'), token: 't' };
    await tryLock(redis, fence.key, 10_000, 't');
    await stores.stories.save(
      { key: 's1', topic: 'cecot', feedUrl: URL_A, item: analysed('1', 'c1'), storedAtMs: Date.now() },
      { id: '1', cluster: 'c1', publishedMs: 1 },
      fence,
    );
    const ttl = await redis.pttl(storeKeys(prefix).story('cecot', 's1'));
    expect(ttl).toBeGreaterThan(89 * 86_400_000);
    expect(ttl).toBeLessThanOrEqual(90 * 86_400_000);
  });
});

describe('FactStore', () => {
  const seed = [
    {
      metric: 'deaths_in_custody',
      value: 454,
      qualifier: 'exact' as const,
      asOf: '2025-12-23',
      source: 'NGOs',
    },
  ];

  it('keeps every report; one outlet does not change the known value, a second one does', async () => {
    await stores.facts.seed('cecot', seed);
    const v0 = await stores.facts.version('cecot');
    const report = {
      metric: 'deaths_in_custody',
      value: 473,
      qualifier: 'exact' as const,
      date: '2026-01-05',
    };
    expect(await stores.facts.report('cecot', { ...report, source: 'elfaro.net' })).toBe(false);
    expect(await stores.facts.report('cecot', { ...report, source: 'www.ElFaro.net' })).toBe(false);
    expect((await stores.facts.known('cecot'))[0]?.value).toBe(454);
    expect(await stores.facts.report('cecot', { ...report, source: 'apnews.com', date: '2026-01-06' })).toBe(
      true,
    );
    const known = (await stores.facts.known('cecot'))[0]!;
    expect(known).toMatchObject({ value: 473, asOf: '2026-01-06' });
    expect(known.source).toContain('elfaro.net');
    expect(known.source).toContain('apnews.com');
    expect(await stores.facts.version('cecot')).toBe(v0 + 1);
    expect(await stores.facts.history('cecot', 'deaths_in_custody')).toHaveLength(3);
  });

  it('writes fenced reports only while the fence is held', async () => {
    await stores.facts.seed('cecot', seed);
    const key = storeKeys(prefix).ingestLock('cecot');
    const report = {
      metric: 'deaths_in_custody',
      value: 473,
      qualifier: 'exact' as const,
      date: '2026-01-05',
      source: 'elfaro.net',
    };
    await tryLock(redis, key, 10_000, 'theirs');
    expect(await stores.facts.reportMany('cecot', [report], { key, token: 'mine' })).toBeNull();
    expect(await stores.facts.history('cecot', 'deaths_in_custody')).toEqual([]);
    expect(await stores.facts.reportMany('cecot', [report], { key, token: 'theirs' })).toEqual([]);
    expect(await stores.facts.history('cecot', 'deaths_in_custody')).toHaveLength(1);
  });

  it('reports several figures in one call as if one at a time', async () => {
    await stores.facts.seed('cecot', seed);
    const v0 = await stores.facts.version('cecot');
    const report = { metric: 'deaths_in_custody', qualifier: 'exact' as const, date: '2026-01-05' };
    const changed = await stores.facts.reportMany('cecot', [
      { ...report, value: 473, source: 'elfaro.net' },
      { ...report, value: 480, source: 'elfaro.net' },
      { ...report, value: 473, source: 'apnews.com', date: '2026-01-06' },
      // Known is 473 by now: the same figure again changes nothing.
      { ...report, value: 473, source: 'reuters.com' },
      // One outlet for 480 so far (the second report of elfaro.net is the same outlet).
      { ...report, value: 480, source: 'www.elfaro.net' },
    ]);
    expect(changed.map((f) => f.value)).toEqual([473]);
    expect((await stores.facts.known('cecot'))[0]).toMatchObject({ value: 473, asOf: '2026-01-06' });
    expect(await stores.facts.version('cecot')).toBe(v0 + 1);
    expect(await stores.facts.history('cecot', 'deaths_in_custody')).toHaveLength(5);
    expect(await stores.facts.reportMany('cecot', [])).toEqual([]);
  });

  const figure = (value: number, source: string, date = '2026-01-05'): FactReport => ({
    metric: 'deaths_in_custody',
    value,
    qualifier: 'exact',
    source,
    date,
  });
  /** The value summaries the store keeps for a metric, parsed, by value. */
  const storedSummaries = async (metric = 'deaths_in_custody') =>
    new Map(
      Object.entries(await redis.hgetall(storeKeys(prefix).factValues('cecot', metric))).map(([v, json]) => [
        Number(v),
        JSON.parse(json),
      ]),
    );

  it('keeps per value the summary of its reports, as summarize() builds it from the history', async () => {
    await stores.facts.reportMany('cecot', [
      figure(473, 'www.ElFaro.net', '2026-01-07'),
      figure(480, 'elfaro.net'),
      { ...figure(5, 'apnews.com'), metric: 'transfers' },
    ]);
    await stores.facts.reportMany('cecot', [
      figure(473, 'elfaro.net', '2026-01-09'),
      figure(473, 'apnews.com', '2026-01-02'),
      figure(480, 'a/b "quoted" é.example'),
    ]);
    const history = await stores.facts.history('cecot', 'deaths_in_custody');
    expect(await storedSummaries()).toEqual(summarize(history));
    expect((await storedSummaries()).get(473)).toEqual({
      outlets: [
        ['elfaro.net', 'www.ElFaro.net'],
        ['apnews.com', 'apnews.com'],
      ],
      latest: '2026-01-09',
    });
    expect(await storedSummaries('transfers')).toEqual(
      summarize(await stores.facts.history('cecot', 'transfers')),
    );
  });

  it('names the outlets by their feed names and keeps whose figure it is in the known fact', async () => {
    await stores.facts.seed('cecot', seed);
    const body = 'Socorro Jurídico Humanitario';
    const changed = await stores.facts.reportMany('cecot', [
      { ...figure(473, 'continentalwire.example'), outlet: 'Continental Wire', attributedTo: body },
      // This outlet's story does not say whose figure it is: the first body named is kept.
      { ...figure(473, 'meridiano.example', '2026-01-06'), outlet: 'Agencia Meridiano' },
    ]);
    expect(changed).toEqual([
      {
        metric: 'deaths_in_custody',
        value: 473,
        qualifier: 'exact',
        asOf: '2026-01-06',
        source: 'Continental Wire, Agencia Meridiano',
        attributedTo: body,
      },
    ]);
    expect(await stores.facts.known('cecot')).toEqual(changed);
    const history = await stores.facts.history('cecot', 'deaths_in_custody');
    expect(history[0]).toMatchObject({ outlet: 'Continental Wire', attributedTo: body });
    expect(await storedSummaries()).toEqual(summarize(history));
  });

  it('reads summaries stored before bodies were kept: the report that settles the figure names it', async () => {
    await stores.facts.seed('cecot', seed);
    await stores.facts.report('cecot', figure(473, 'elfaro.net'));
    const key = storeKeys(prefix).factValues('cecot', 'deaths_in_custody');
    expect(JSON.parse((await redis.hget(key, '473'))!)).not.toHaveProperty('attributedTo');
    await stores.facts.report('cecot', { ...figure(473, 'apnews.com'), attributedTo: 'Cristosal' });
    expect((await stores.facts.known('cecot'))[0]).toMatchObject({
      source: 'elfaro.net, apnews.com',
      attributedTo: 'Cristosal',
    });
  });

  it('decides in batches exactly as one report at a time', async () => {
    const one = createRedisFactStore(redis, `${prefix}-one`, { maxHistory: 5 });
    const many = createRedisFactStore(redis, `${prefix}-many`, { maxHistory: 5 });
    prefixes.push(`${prefix}-one`, `${prefix}-many`);
    await one.seed('cecot', seed);
    await many.seed('cecot', seed);
    let x = 7;
    const next = (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return Math.floor((x / 2147483648) * n);
    };
    const reports = Array.from({ length: 120 }, () => ({
      ...figure(
        470 + next(4),
        ['a.example', 'www.B.example', 'c.example'][next(3)]!,
        `2026-01-${10 + next(20)}`,
      ),
      metric: ['deaths_in_custody', 'transfers'][next(2)]!,
    }));
    const oneByOne: KnownFact[] = [];
    for (const r of reports) oneByOne.push(...(await one.reportMany('cecot', [r])));
    const batched: KnownFact[] = [];
    for (let i = 0; i < reports.length; ) {
      const size = 1 + next(4);
      batched.push(...(await many.reportMany('cecot', reports.slice(i, i + size))));
      i += size;
    }
    expect(oneByOne.length).toBeGreaterThan(5);
    expect(batched).toEqual(oneByOne);
    expect(await many.known('cecot')).toEqual(await one.known('cecot'));
    expect(await many.version('cecot')).toBe(await one.version('cecot'));
  });

  it('counts an outlet whose report has left the history list', async () => {
    const facts = createRedisFactStore(redis, prefix, { maxHistory: 2 });
    await facts.seed('cecot', seed);
    await facts.reportMany('cecot', [
      figure(473, 'elfaro.net'),
      figure(480, 'x.example'),
      figure(481, 'y.example'),
    ]);
    expect((await facts.history('cecot', 'deaths_in_custody')).map((r) => r.value)).toEqual([480, 481]);
    expect(await facts.report('cecot', figure(473, 'apnews.com', '2026-01-06'))).toBe(true);
    expect((await facts.known('cecot'))[0]).toMatchObject({
      source: 'elfaro.net, apnews.com',
      asOf: '2026-01-06',
    });
  });

  it('rebuilds from the history list the summaries of a beat stored before they were kept', async () => {
    await stores.facts.seed('cecot', seed);
    const key = storeKeys(prefix).factHistory('cecot', 'deaths_in_custody');
    const old = [
      figure(473, 'www.ElFaro.net', '2026-01-08'),
      figure(480, 'apnews.com'),
      figure(473, 'elfaro.net'),
    ];
    await redis.rpush(key, ...old.map((r) => JSON.stringify(r)));
    expect(await stores.facts.reportMany('cecot', [figure(473, 'apnews.com', '2026-01-06')])).toEqual([
      {
        metric: 'deaths_in_custody',
        value: 473,
        qualifier: 'exact',
        asOf: '2026-01-08',
        source: 'www.ElFaro.net, apnews.com',
      },
    ]);
    const history = await stores.facts.history('cecot', 'deaths_in_custody');
    expect(history).toHaveLength(4);
    expect(await storedSummaries()).toEqual(summarize(history));
  });

  it('bounds the summaries: past twice the history length in values, they are rebuilt from the list', async () => {
    const facts = createRedisFactStore(redis, prefix, { maxHistory: 2 });
    for (const value of [1, 2, 3, 4, 5]) await facts.report('cecot', figure(value, 'a.example'));
    expect((await storedSummaries()).size).toBe(5);
    await facts.report('cecot', figure(6, 'a.example'));
    expect([...(await storedSummaries()).keys()].sort()).toEqual([4, 5, 6]);
  });

  it('keeps working after the script cache is flushed (a Redis restart)', async () => {
    await stores.facts.seed('cecot', seed);
    expect(await stores.facts.report('cecot', figure(473, 'elfaro.net'))).toBe(false);
    await redis.script('FLUSH');
    expect(await stores.facts.report('cecot', figure(473, 'apnews.com'))).toBe(true);
    const fence = { key: storeKeys(prefix).ingestLock('cecot'), token: 't1' };
    await redis.script('FLUSH');
    expect(await tryLock(redis, fence.key, 10_000, 't1')).toBe('t1');
    await redis.script('FLUSH');
    const saved = await stores.stories.save(
      { key: 's1', topic: 'cecot', feedUrl: URL_A, item: analysed('1', 'c1'), storedAtMs: Date.now() },
      { id: '1', cluster: 'c1', publishedMs: 1 },
      fence,
    );
    expect(saved).not.toBe('0-0');
    expect((await stores.stories.recordsAfter('cecot', '0')).map((r) => r.id)).toEqual([saved]);
  });

  it('a second seed never overwrites a learned value', async () => {
    await stores.facts.seed('cecot', seed);
    await stores.facts.accept('cecot', {
      metric: 'deaths_in_custody',
      value: 500,
      qualifier: 'about',
      source: 'Ministry',
      date: '2026-02-01',
      acceptedBy: 'admin',
    });
    await stores.facts.seed('cecot', seed);
    expect((await stores.facts.known('cecot'))[0]).toMatchObject({ value: 500, qualifier: 'about' });
  });
});

describe('FactStore adoption rule', () => {
  it('a beat whose figures wait for an admin keeps its known value when two outlets agree', async () => {
    const facts = createRedisFactStore(redis, prefix, {
      adoption: (t) => (t === 'strict' ? 'admin' : 'two-outlets'),
    });
    const r = (source: string): FactReport => ({
      metric: 'deaths_in_custody',
      value: 473,
      qualifier: 'exact',
      source,
      date: '2026-01-05',
    });
    for (const topic of ['strict', 'open']) {
      await facts.seed(topic, [
        { metric: 'deaths_in_custody', value: 454, qualifier: 'exact', asOf: '2025-12-23', source: 'NGO' },
      ]);
      await facts.reportMany(topic, [r('a.example'), r('b.example')]);
    }
    expect((await facts.known('strict'))[0]?.value).toBe(454);
    expect((await facts.known('open'))[0]?.value).toBe(473);
    await facts.accept('strict', { ...r('a.example'), acceptedBy: 'ana' });
    expect((await facts.known('strict'))[0]?.value).toBe(473);
  });
});

describe('DestinationStore', () => {
  it('keeps settings across a config upsert', async () => {
    await stores.destinations.upsert({ id: 'news', type: 'slack', channel: 'C1', topics: ['cecot'] });
    await stores.destinations.setSetting('news', 'digestTime', '07:30');
    await stores.destinations.upsert({ id: 'news', type: 'slack', channel: 'C2', topics: ['cecot'] });
    expect(await stores.destinations.get('news')).toMatchObject({
      channel: 'C2',
      settings: { digestTime: '07:30' },
    });
    await expect(stores.destinations.setSetting('nope', 'a', 'b')).rejects.toMatchObject({
      code: 'UNKNOWN_DESTINATION',
    });
  });

  it('pauses a destination with its reason, keeps the pause across upserts, drops it for a new channel', async () => {
    await stores.destinations.upsert({ id: 'news', type: 'slack', channel: 'C1', topics: ['cecot'] });
    await stores.destinations.pause('news', { reason: 'channel_not_found', atMs: 5 });
    await stores.destinations.upsert({ id: 'news', type: 'slack', channel: 'C1', topics: ['cecot'] });
    expect((await stores.destinations.get('news'))?.paused).toEqual({ reason: 'channel_not_found', atMs: 5 });
    await stores.destinations.resume('news');
    expect((await stores.destinations.get('news'))?.paused).toBeNull();
    await stores.destinations.pause('news', { reason: 'not_in_channel', atMs: 6 });
    await stores.destinations.upsert({ id: 'news', type: 'slack', channel: 'C2', topics: ['cecot'] });
    expect((await stores.destinations.get('news'))?.paused).toBeNull();
    await stores.destinations.pause('nope', { reason: 'x', atMs: 1 });
    expect(await stores.destinations.get('nope')).toBeNull();
  });
});

describe('DeliveryMarkers', () => {
  it('one holder at a time; sent is remembered and frees the marker', async () => {
    const m = stores.deliveries;
    expect(await m.acquire('d', 'k', 'a', 10_000)).toBe(true);
    expect(await m.acquire('d', 'k', 'b', 10_000)).toBe(false);
    await m.release('d', 'k', 'b'); // not b's: no effect
    expect(await m.acquire('d', 'k', 'b', 10_000)).toBe(false);
    expect(await m.isSent('d', 'k')).toBe(false);
    await m.markSent('d', 'k', 'a', 'ref-1', Date.now());
    expect(await m.isSent('d', 'k')).toBe(true);
    expect(await redis.exists(storeKeys(prefix).deliveryLock('d', 'k'))).toBe(0);
  });

  it('a marker left by a dead holder expires', async () => {
    const m = stores.deliveries;
    expect(await m.acquire('d', 'k2', 'dead', 100)).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(await m.acquire('d', 'k2', 'alive', 10_000)).toBe(true);
  });
});

describe('FollowStore', () => {
  const follow = {
    topic: 'cecot',
    destinationId: 'slack:T1:@U1',
    kind: 'keywords' as const,
    query: 'abrego garcia',
    owner: 'slack user U1',
  };
  const limits = { maxPerHour: 2, rememberMs: 60_000 };
  const HOUR = 3_600_000;

  it('adds a follow once per destination and query, lists and removes it', async () => {
    const first = await stores.follows.add(follow, 1);
    expect(first.created).toBe(true);
    const again = await stores.follows.add(follow, 2);
    expect(again).toEqual({ follow: first.follow, created: false });
    await stores.follows.add({ ...follow, destinationId: 'discord:G:C' }, 3);
    expect((await stores.follows.list('cecot')).map((f) => f.destinationId)).toEqual([
      'slack:T1:@U1',
      'discord:G:C',
    ]);
    expect(await stores.follows.remove('cecot', 'slack:T1:@U1', 'keywords', 'abrego garcia')).toBe(true);
    expect(await stores.follows.remove('cecot', 'slack:T1:@U1', 'keywords', 'abrego garcia')).toBe(false);
  });

  it('decides root, then one reply per cluster per hour, then roll-up past the cap; the same answer on a retry', async () => {
    const { follow: f } = await stores.follows.add(follow, 1);
    const at = 10 * HOUR + 5;
    const decide = (cluster: string, story: string, nowMs = at) =>
      stores.follows.decide(f, cluster, story, nowMs, limits, `entry ${story}`);
    expect(await decide('c1', 's1')).toEqual({ kind: 'root' });
    expect(await decide('c1', 's1')).toEqual({ kind: 'root' });
    expect(await decide('c1', 's2')).toEqual({ kind: 'reply', rootStoryKey: 's1' });
    expect(await decide('c1', 's3')).toEqual({ kind: 'skip' });
    expect(await decide('c2', 's4')).toEqual({ kind: 'root' });
    expect(await decide('c3', 's5')).toEqual({ kind: 'rollup', hour: 10 });
    expect(await decide('c3', 's5')).toEqual({ kind: 'rollup', hour: 10 });
    expect(await decide('c5', 's7')).toEqual({ kind: 'rollup', hour: 10 });
    // Each story past the cap is in the hour's roll-up once, retries or not.
    expect(await stores.follows.rollup(f.id, 10)).toEqual(['entry s5', 'entry s7']);
    // The next hour has room again.
    expect(await decide('c4', 's6', at + HOUR)).toEqual({ kind: 'root' });
  });

  it('keeps thread roots', async () => {
    expect(await stores.follows.threadRoot('d', 't')).toBeNull();
    await stores.follows.setThreadRoot('d', 't', 'ts-1', 60_000);
    expect(await stores.follows.threadRoot('d', 't')).toBe('ts-1');
  });
});
