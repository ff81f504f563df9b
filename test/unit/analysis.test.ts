import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalysedItem,
  analyseBatch,
  clusterIdFor,
  createAnalyser,
  inPublicationOrder,
  type SourcedItem,
  type StoryRecord,
} from '../../src/analysis.js';
import { loadConfig } from '../../src/config/load.js';
import { DEFAULT_CLUSTER_MODEL, noEvidence } from '../../src/dedupe/cluster-model.js';
import { readFeedSource } from '../../src/feeds/source.js';
import { deaths, offBeat, reactions, ruling, STREAM } from './dedupe/beat-stories.js';

const topic = loadConfig({ path: 'config/default.yaml', env: {} }).topics[0]!;

type Outcome = Pick<AnalysedItem, 'id' | 'duplicateOf' | 'cluster' | 'followUp' | 'relevant'>;
const outcome = (a: AnalysedItem): Outcome => ({
  id: a.id,
  relevant: a.relevant,
  duplicateOf: a.duplicateOf,
  cluster: a.cluster,
  followUp: a.followUp,
});

describe('analyseBatch on a beat stream', () => {
  const items = analyseBatch(STREAM, topic);
  const byId = new Map(items.map((a) => [a.id, a]));

  it('marks copies and tracking-link variants as duplicates of the first copy', () => {
    expect(byId.get('ruling-copy')?.duplicateOf).toBe('ruling-wire');
    expect(byId.get('ruling-tracking')?.duplicateOf).toBe('ruling-wire');
    expect(byId.get('ruling-own')?.duplicateOf).toBeNull();
    expect(byId.get('ruling-es')?.duplicateOf).toBeNull();
  });

  it('clusters one event across outlets and languages, and keeps the other event apart', () => {
    const ruled = [
      'ruling-wire',
      'ruling-copy',
      'ruling-tracking',
      'ruling-own',
      'ruling-es',
      'ruling-appeal',
    ];
    expect(new Set(ruled.map((id) => byId.get(id)?.cluster))).toEqual(new Set([clusterIdFor('ruling-wire')]));
    expect(byId.get('deaths-es')?.cluster).toBe(byId.get('deaths-en')?.cluster);
    expect(byId.get('deaths-en')?.cluster).not.toBe(byId.get('ruling-wire')?.cluster);
  });

  it('flags follow-ups but not first reports or duplicates', () => {
    expect(byId.get('ruling-wire')?.followUp).toBe(false);
    expect(byId.get('ruling-copy')?.followUp).toBe(false);
    expect(byId.get('ruling-es')?.followUp).toBe(true);
    expect(byId.get('ruling-appeal')?.followUp).toBe(true);
  });

  it('keeps off-beat stories out of beat clusters', () => {
    const bitcoin = byId.get('bitcoin')!;
    expect(bitcoin.relevant).toBe(false);
    expect(bitcoin.cluster).toBe(clusterIdFor('bitcoin'));
    expect(bitcoin.claims).toEqual([]);
  });

  it('gives every item a summary within the limits', () => {
    for (const a of items) {
      expect(a.summary.length).toBeGreaterThan(0);
      expect(a.summary.length).toBeLessThanOrEqual(280);
    }
    expect(byId.get('deaths-es')?.summary).toMatch(/personas han muerto/);
  });

  it('is deterministic', () => {
    expect(analyseBatch(STREAM, topic)).toEqual(items);
    expect(analyseBatch([...STREAM].reverse(), topic)).toEqual(items);
  });
});

describe('relevance through the cluster', () => {
  it('puts on the beat a follow-up that joins an on-beat story, and says why', () => {
    const alone = analyseBatch([reactions.reply], topic)[0]!;
    expect(alone.relevant).toBe(false);
    const items = analyseBatch([...STREAM, reactions.reply], topic);
    const reply = items.find((a) => a.id === 'deaths-reply')!;
    const original = items.find((a) => a.id === 'deaths-en')!;
    expect(reply).toMatchObject({ relevant: true, followUp: true, cluster: original.cluster });
    expect(reply.matched.at(-1)).toMatch(/^follows\(deaths-(en|es)\)$/);
    expect(reply.joinedBecause?.item).toMatch(/^deaths-(en|es)$/);
    expect(reply.joinedBecause?.probability).toBeGreaterThanOrEqual(0.5);
    expect(reply.joinedBecause?.evidence.length).toBeGreaterThan(0);
    // The English and the Spanish report of the deaths are both weighed.
    expect(reply.joinedBecause?.support.reports).toBe(2);
    expect(reply.joinedBecause?.support.probability).toBeGreaterThanOrEqual(DEFAULT_CLUSTER_MODEL.threshold);
    // Once on the beat, its figures are read.
    expect(reply.claims.map((c) => c.value)).toContain(473);
  });

  it('keeps off the beat a neighbour that names one of its exclusions', () => {
    const items = analyseBatch([...STREAM, reactions.neighbour], topic);
    const neighbour = items.find((a) => a.id === 'honduras-prison')!;
    expect(neighbour).toMatchObject({ relevant: false, followUp: false, joinedBecause: null });
  });

  it('takes a shared name or number, not only a shared day, to bring a story onto the beat', () => {
    // A model that joins any two stories dated on the same day.
    const clusterModel = { bias: -1, weights: { ...noEvidence(), date: 10 }, threshold: 0.5 };
    const jail = {
      ...reactions.reply,
      item: {
        ...reactions.reply.item,
        id: 'county-jail',
        link: 'https://capitalreport.example/county-jail',
        title: 'County approves a larger jail',
        summary: 'Commissioners voted on Thursday to add 400 beds to the county jail.',
      },
    };
    const items = analyseBatch([deaths.english, jail, reactions.reply], topic, {
      settings: { clusterModel },
    });
    expect(items.find((a) => a.id === 'county-jail')?.relevant).toBe(false);
    expect(items.find((a) => a.id === 'deaths-reply')?.relevant).toBe(true);
  });

  it('explains no join for first reports and copies', () => {
    const items = analyseBatch(STREAM, topic);
    for (const id of ['ruling-wire', 'ruling-copy', 'deaths-en']) {
      expect(items.find((a) => a.id === id)?.joinedBecause).toBeNull();
    }
    expect(items.find((a) => a.id === 'ruling-es')?.joinedBecause?.item).toMatch(/^ruling-/);
  });
});

describe('records and remember()', () => {
  it('gives JSON-serialisable records that round-trip', () => {
    const analyser = createAnalyser(topic);
    for (const input of STREAM) {
      const { record } = analyser.analyse(input);
      expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    }
  });

  it('two analysers exchanging records reach the same duplicates and clusters as one', () => {
    const single = analyseBatch(STREAM, topic).map(outcome);
    const a = createAnalyser(topic);
    const b = createAnalyser(topic);
    const split: Outcome[] = [];
    inPublicationOrder(STREAM).forEach((input, i) => {
      const [mine, other] = i % 2 === 0 ? [a, b] : [b, a];
      const { item, record } = mine.analyse(input);
      // Records travel through the store as JSON.
      other.remember(JSON.parse(JSON.stringify(record)) as StoryRecord);
      split.push(outcome(item));
    });
    expect(split).toEqual(single);
  });

  describe('on the dev set', () => {
    const dir = 'test/fixtures/devset/feeds';
    const inputs: SourcedItem[] = [];
    beforeAll(async () => {
      for (const file of readdirSync(dir).sort()) {
        const r = await readFeedSource(join(dir, file), {});
        if (!r.ok) throw new Error(`${file}: ${r.error}`);
        for (const item of r.feed.items) inputs.push({ item, source: { feedUrl: file, name: r.feed.title } });
      }
    });

    it('three analysers taking turns reach what one analyser does', () => {
      const single = analyseBatch(inputs, topic).map(outcome);
      expect(new Set(single.map((o) => o.cluster)).size).toBeLessThan(single.length);
      const analysers = [createAnalyser(topic), createAnalyser(topic), createAnalyser(topic)];
      const split = inPublicationOrder(inputs).map((input, i) => {
        const { item, record } = analysers[i % 3]!.analyse(input);
        const json = JSON.parse(JSON.stringify(record)) as StoryRecord;
        // Every analyser hears of every record, its own included, some of them twice.
        for (const a of analysers) {
          a.remember(json);
          if (i % 5 === 0) a.remember(json);
        }
        return outcome(item);
      });
      expect(split).toEqual(single);
    });
  });

  it('remember() is idempotent and order-tolerant', () => {
    const source = createAnalyser(topic);
    const records = inPublicationOrder(STREAM)
      .slice(0, -1)
      .map((input) => source.analyse(input).record);
    const last = ruling.followUp;

    const forward = createAnalyser(topic);
    for (const r of records) forward.remember(r);
    const backward = createAnalyser(topic);
    for (const r of [...records].reverse()) {
      backward.remember(r);
      backward.remember(r);
    }
    expect(backward.size).toBe(records.length);
    expect(outcome(backward.analyse(last).item)).toEqual(outcome(forward.analyse(last).item));
    expect(outcome(forward.analyse(last).item).cluster).toBe(clusterIdFor('ruling-wire'));
  });

  it('reads version 1 records for dedupe only: their clustering features are of another kind', () => {
    const source = createAnalyser(topic);
    const { record } = source.analyse(ruling.wire);
    const old = { ...record, v: 1, features: ['e:cecot', 'n:137'] };
    const analyser = createAnalyser(topic);
    analyser.remember(old);
    expect(analyser.size).toBe(1);
    expect(analyser.analyse(ruling.wireCopy).item.duplicateOf).toBe('ruling-wire');
    expect(analyser.analyse(ruling.ownReport).item.followUp).toBe(false);
  });

  it('ignores records it cannot read', () => {
    const analyser = createAnalyser(topic);
    analyser.remember({ id: 'x', cluster: 'c', publishedMs: 1 });
    analyser.remember({ id: 'y', cluster: 'c', publishedMs: 1, v: 1, sketch: 'nope', features: null });
    expect(analyser.size).toBe(0);
  });

  it('forgets old stories', () => {
    const analyser = createAnalyser(topic);
    for (const input of STREAM) analyser.analyse(input);
    expect(analyser.forget(Date.parse('2026-03-13T00:00:00Z'))).toBe(STREAM.length - 1);
    expect(analyser.size).toBe(1);
    // The copy's first edition is gone: a new copy is no longer a duplicate.
    expect(analyser.analyse(ruling.wireCopy).item.duplicateOf).toBeNull();
  });
});

describe('setKnownFacts()', () => {
  const moved = topic.brief.facts.map((f) =>
    f.metric === 'deaths_in_custody' ? { ...f, value: 473, asOf: '2026-03-12' } : f,
  );
  const deathsStatus = (a: AnalysedItem) =>
    a.factChanges.find((c) => c.metric === 'deaths_in_custody')?.status;

  it('compares later items with the new facts, as a new analyser fed the same records does', () => {
    const ordered = inPublicationOrder(STREAM);
    const cut = ordered.indexOf(deaths.spanish);
    const updated = createAnalyser(topic);
    const records = ordered.slice(0, cut).map((input) => updated.analyse(input).record);
    const before = updated.analyse(deaths.spanish).item;
    expect(deathsStatus(before)).toBe('differs');

    const kept = createAnalyser(topic);
    for (const r of records) kept.remember(r);
    kept.setKnownFacts(moved);
    const rebuilt = createAnalyser(topic, { knownFacts: moved });
    for (const r of records) rebuilt.remember(r);
    expect(kept.size).toBe(records.length);

    for (const input of ordered.slice(cut)) {
      const a = kept.analyse(input);
      const b = rebuilt.analyse(input);
      expect(a).toEqual(b);
    }
  });

  it('leaves the stories already held as they were', () => {
    const analyser = createAnalyser(topic);
    const first = analyser.analyse(deaths.english).item;
    expect(deathsStatus(first)).toBe('differs');
    analyser.setKnownFacts(moved);
    expect(analyser.size).toBe(1);
    const second = analyser.analyse(deaths.spanish).item;
    expect(deathsStatus(second)).toBe('confirms');
    expect(second.cluster).toBe(first.cluster);
  });
});

describe('inputs the pipeline must survive', () => {
  it('handles items without date, link, text or language', () => {
    const bare: SourcedItem = {
      item: {
        id: 'bare',
        title: '',
        link: null,
        published: null,
        updated: null,
        author: null,
        summary: '',
        content: '',
        language: null,
      },
      source: { feedUrl: 'file:bare.xml', name: 'bare' },
    };
    const [a] = analyseBatch([bare], topic);
    expect(a).toMatchObject({ id: 'bare', relevant: false, duplicateOf: null, summary: '' });
  });

  it('orders undated items after dated ones, keeping their input order', () => {
    const undated = { ...offBeat.bitcoin, item: { ...offBeat.bitcoin.item, id: 'u', published: null } };
    const ordered = inPublicationOrder([undated, deaths.spanish, deaths.english]).map((s) => s.item.id);
    expect(ordered).toEqual(['deaths-en', 'deaths-es', 'u']);
  });
});
