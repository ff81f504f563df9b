import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { type ClusterModel, noEvidence } from '../../../src/dedupe/cluster-model.js';
import { beatTerms, createEntityFinder } from '../../../src/dedupe/entities.js';
import { extractFeatures } from '../../../src/dedupe/features.js';
import { sketchTokens } from '../../../src/dedupe/fingerprint.js';
import { createStoryIndex, type IndexEntry, type StoryIndex } from '../../../src/dedupe/story-index.js';
import { tokenize } from '../../../src/text/index.js';
import { deaths, ruling } from './beat-stories.js';

const topic = loadConfig({ path: 'config/default.yaml', env: {} }).topics[0]!;
const entities = createEntityFinder(topic.brief);
const beat = beatTerms(topic, entities);
const DAY = 24 * 3600_000;

type Story = (typeof ruling)['wire'];

function featuresOf(story: Story): string[] {
  const it = story.item;
  const lang = it.language === 'es' ? 'es' : 'en';
  const publishedMs = Date.parse(it.published!);
  return extractFeatures({ title: it.title, body: it.summary, lang, claims: [], publishedMs }, entities);
}

function entryFor(story: Story, cluster: string, overrides: Partial<IndexEntry> = {}): IndexEntry {
  const it = story.item;
  return {
    id: it.id,
    publishedMs: Date.parse(it.published!),
    cluster,
    relevant: true,
    duplicateOf: null,
    canonicalUrl: null,
    sketch: sketchTokens([tokenize(it.title), tokenize(it.summary)]),
    features: featuresOf(story),
    ...overrides,
  };
}

function clusterOf(index: StoryIndex, story: Story, publishedMs = Date.parse(story.item.published!)) {
  return index.findCluster(featuresOf(story), publishedMs)?.cluster ?? null;
}

/** A model that joins on one shared rare name, and not a day later: to test the index, not a fit. */
const NAMES_ONLY: ClusterModel = {
  bias: -1,
  weights: { ...noEvidence(), name: 2, days: -2 },
  threshold: 0.5,
};

describe('clustering with the fitted model', () => {
  it('puts an English and a Spanish report of one event together', () => {
    const index = createStoryIndex({}, beat);
    index.add(entryFor(ruling.wire, 'ruling'));
    expect(clusterOf(index, ruling.spanish)).toBe('ruling');
    const other = createStoryIndex({}, beat);
    other.add(entryFor(deaths.english, 'deaths'));
    expect(clusterOf(other, deaths.spanish)).toBe('deaths');
  });

  it('keeps two different events of the same day apart', () => {
    const index = createStoryIndex({}, beat);
    index.add(entryFor(deaths.english, 'deaths'));
    expect(clusterOf(index, ruling.wire)).toBeNull();
    expect(clusterOf(index, ruling.spanish)).toBeNull();
    index.add(entryFor(ruling.wire, 'ruling'));
    expect(clusterOf(index, deaths.spanish)).toBe('deaths');
    expect(clusterOf(index, ruling.ownReport)).toBe('ruling');
  });

  it('joins a follow-up days later when names and figures agree', () => {
    const index = createStoryIndex({}, beat);
    index.add(entryFor(ruling.ownReport, 'ruling'));
    expect(clusterOf(index, ruling.followUp)).toBe('ruling');
  });

  it('finds two stories less likely one event the further apart they are', () => {
    const index = createStoryIndex({}, beat);
    index.add(entryFor(ruling.trackingVariant, 'ruling'));
    const features = featuresOf(ruling.wire);
    const sameDay = Date.parse(ruling.trackingVariant.item.published!);
    const [near] = index.clusterCandidates(features, sameDay);
    const [far] = index.clusterCandidates(features, sameDay + 30 * DAY);
    expect(far!.evidence.days).toBeCloseTo(30);
    expect(far!.probability).toBeLessThan(near!.probability);
  });

  it('says why it joined: the shared features and what each added', () => {
    const index = createStoryIndex({}, beat);
    index.add(entryFor(ruling.wire, 'ruling'));
    const match = index.findCluster(featuresOf(ruling.spanish), Date.parse(ruling.spanish.item.published!));
    expect(match).toMatchObject({ cluster: 'ruling', matchedId: 'ruling-wire' });
    expect(match!.probability).toBeGreaterThanOrEqual(0.5);
    const whats = match!.because.map((c) => c.what);
    expect(whats).toEqual(expect.arrayContaining(['n:137', 'crossLanguage']));
    const contributions = match!.because.map((c) => c.contribution);
    expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
  });
});

describe('clustering: the index around the model', () => {
  const base = Date.parse('2026-03-01T12:00:00Z');
  const entry = (id: string, publishedMs: number, features: string[]): IndexEntry => ({
    ...entryFor(ruling.wire, id),
    id,
    publishedMs,
    features,
  });

  it('joins by the model it is given, with the threshold it is given', () => {
    const index = createStoryIndex({ clusterModel: NAMES_ONLY }, beat);
    index.add(entry('a', base, ['p:whitfield', 'e:cecot']));
    expect(index.findCluster(['p:whitfield'], base)?.cluster).toBe('a');
    expect(index.findCluster(['e:cecot'], base)).toBeNull();
    expect(index.findCluster(['p:whitfield'], base + DAY)).toBeNull();
    const strict = createStoryIndex({ clusterModel: { ...NAMES_ONLY, threshold: 0.99 } }, beat);
    strict.add(entry('a', base, ['p:whitfield']));
    expect(strict.findCluster(['p:whitfield'], base)).toBeNull();
  });

  it('joins a cluster only when its reports, on average, are likely the same event', () => {
    const index = createStoryIndex({ clusterModel: NAMES_ONLY }, beat);
    index.add(entry('a', base, ['p:whitfield', 'p:ortiz']));
    index.add({ ...entry('b', base, ['p:ortiz', 'p:maldonado']), cluster: 'a' });
    // Likely one event with 'a' alone (one shared rare name), unlikely with 'b': no join.
    expect(index.clusterCandidates(['p:whitfield'], base)[0]?.joins).toBe(true);
    expect(index.findCluster(['p:whitfield'], base)).toBeNull();
    // Sharing a name with each of the cluster's reports is enough.
    const match = index.findCluster(['p:whitfield', 'p:maldonado'], base);
    expect(match).toMatchObject({ cluster: 'a', support: { reports: 2 } });
    expect(match!.support.probability).toBeGreaterThanOrEqual(NAMES_ONLY.threshold);
  });

  it('counts a shared day and shared words only beside a shared who or what', () => {
    const model = {
      bias: -1,
      weights: { ...noEvidence(), date: 10, cognates: 10, name: 0.1 },
      threshold: 0.5,
    };
    const index = createStoryIndex({ clusterModel: model }, beat);
    index.add(entry('a', base, ['d:03-01', 'w:inspe', 'p:whitfield', 'l:en']));
    const [alone] = index.clusterCandidates(['d:03-01', 'w:inspe', 'l:en'], base);
    expect(alone!.evidence.date).toBeGreaterThan(0);
    expect(alone!.joins).toBe(false);
    const match = index.findCluster(['d:03-01', 'w:inspe', 'p:whitfield', 'l:en'], base);
    expect(match?.cluster).toBe('a');
    expect(match!.because.map((c) => c.what)).toEqual(expect.arrayContaining(['d:03-01', 'cognates']));
  });

  it('counts what a headline says happened on a shared day as who or what', () => {
    const model = {
      bias: -1,
      weights: { ...noEvidence(), date: 10, happened: 0.1 },
      threshold: 0.5,
    };
    const index = createStoryIndex({ clusterModel: model }, beat);
    index.add(entry('visit', base, ['d:03-23', 'h:03-23/toured', 'h:03-23/govern', 't:toure', 'l:en']));
    // "The facility their colleagues toured on Monday": a word of the visit's headline, that day.
    const reply = index.findCluster(['d:03-23', 'h:03-23/toured', 't:embas', 'l:en'], base + DAY);
    expect(reply?.cluster).toBe('visit');
    expect(reply!.evidence.happened).toBeGreaterThan(0);
    expect(reply!.because.map((c) => c.what)).toEqual(expect.arrayContaining(['d:03-23', 'h:03-23/toured']));
    // "The government said on Monday": words of that day that neither headline has.
    const [other] = index.clusterCandidates(['d:03-23', 'h:03-23/govern', 't:inmat', 'l:en'], base + DAY);
    expect(other!.evidence.happened).toBe(0);
    expect(other!.joins).toBe(false);
  });

  it('does not join past the follow-up window', () => {
    const index = createStoryIndex({
      clusterModel: { ...NAMES_ONLY, weights: { ...NAMES_ONLY.weights, days: 0 } },
    });
    index.add(entry('a', base, ['p:whitfield']));
    expect(index.findCluster(['p:whitfield'], base + 34 * DAY)?.cluster).toBe('a');
    expect(index.findCluster(['p:whitfield'], base + 36 * DAY)).toBeNull();
  });

  it('looks past the best-matching stories when they are outside the follow-up window', () => {
    const index = createStoryIndex({ clusterModel: NAMES_ONLY });
    const now = Date.parse('2026-06-01T12:00:00Z');
    const features = ['c:hearing', 'm:deaths=10', 'm:deaths=20', 'n:30', 'n:40', 'p:ann', 'p:bob', 'p:cid'];
    // More stories than are scored in full, each matching better than the recent one, all too old.
    for (let i = 0; i < 20; i++)
      index.add(entry(`old-${String(i).padStart(2, '0')}`, now - 100 * DAY, features));
    index.add(entry('recent', now - DAY / 24, features.slice(1)));
    expect(index.findCluster(features, now)?.cluster).toBe('recent');
    expect(index.clusterCandidates(features, now).map((c) => c.member.id)).toEqual(['recent']);
  });

  it('counts the beat’s own entities apart, and a change of language', () => {
    const index = createStoryIndex({ clusterModel: NAMES_ONLY }, beat);
    index.add(entry('a', base, ['e:cecot', 'e:kilmar abrego garcia', 'l:en']));
    const [c] = index.clusterCandidates(['e:cecot', 'e:kilmar abrego garcia', 'l:es'], base);
    expect(c!.evidence.beatEntity).toBeGreaterThan(0);
    expect(c!.evidence.entity).toBeGreaterThan(0);
    expect(c!.evidence.crossLanguage).toBe(1);
    const [same] = index.clusterCandidates(['e:cecot', 'l:en'], base);
    expect(same!.evidence.crossLanguage).toBe(0);
  });

  it('weighs a rarer shared feature more', () => {
    const index = createStoryIndex({ clusterModel: NAMES_ONLY });
    for (const id of ['a', 'b', 'c']) index.add(entry(id, base, ['p:common']));
    index.add(entry('d', base, ['p:common', 'p:rare']));
    const [d] = index.clusterCandidates(['p:rare'], base);
    const [other] = index.clusterCandidates(['p:common'], base);
    expect(d!.evidence.name).toBeGreaterThan(other!.evidence.name);
  });
});

describe('duplicates', () => {
  it('finds the first copy by canonical URL, by id and by text', () => {
    const index = createStoryIndex();
    index.add(entryFor(ruling.wire, 'ruling', { canonicalUrl: 'https://wire.example/a' }));
    const copy = entryFor(ruling.wireCopy, 'x');
    expect(index.findDuplicate({ id: 'new', canonicalUrl: null, sketch: copy.sketch })).toMatchObject({
      rootId: 'ruling-wire',
      reason: 'text',
    });
    expect(
      index.findDuplicate({
        id: 'new',
        canonicalUrl: 'https://wire.example/a',
        sketch: sketchTokens([['x']]),
      }),
    ).toMatchObject({ rootId: 'ruling-wire', reason: 'url' });
    expect(
      index.findDuplicate({ id: 'ruling-wire', canonicalUrl: null, sketch: sketchTokens([]) }),
    ).toMatchObject({
      rootId: 'ruling-wire',
      reason: 'id',
    });
  });

  it('points at the root of a chain of copies', () => {
    const index = createStoryIndex();
    index.add(entryFor(ruling.wire, 'ruling'));
    index.add(entryFor(ruling.wireCopy, 'ruling', { duplicateOf: 'ruling-wire' }));
    const again = entryFor(ruling.wireCopy, 'x');
    expect(index.findDuplicate({ id: 'third', canonicalUrl: null, sketch: again.sketch })?.rootId).toBe(
      'ruling-wire',
    );
  });

  it('does not call a different story on the same event a duplicate', () => {
    const index = createStoryIndex();
    index.add(entryFor(ruling.wire, 'ruling'));
    for (const story of [ruling.ownReport, ruling.spanish, ruling.followUp]) {
      const e = entryFor(story, 'x');
      expect(index.findDuplicate({ id: e.id, canonicalUrl: null, sketch: e.sketch })).toBeNull();
    }
  });
});

describe('index state', () => {
  it('ignores a second entry with a known id and forgets old entries', () => {
    const index = createStoryIndex({}, beat);
    expect(index.add(entryFor(ruling.wire, 'ruling'))).toBe(true);
    expect(index.add(entryFor(ruling.wire, 'other'))).toBe(false);
    expect(index.get('ruling-wire')?.cluster).toBe('ruling');
    index.add(entryFor(ruling.followUp, 'ruling'));
    expect(index.forget(Date.parse('2026-03-15T00:00:00Z'))).toBe(1);
    expect(index.size).toBe(1);
    expect(index.get('ruling-wire')).toBeUndefined();
  });

  it('after forgetting, answers as an index holding only the stories kept', () => {
    const stories = [ruling.wire, ruling.wireCopy, ruling.ownReport, ruling.followUp, deaths.english];
    const entries = stories.map((story, i) => ({
      ...entryFor(story, `c${i}`),
      canonicalUrl: `https://x.example/${i % 2}`,
    }));
    const cutoff = Date.parse('2026-03-12T15:00:00Z');
    const forgetting = createStoryIndex();
    for (const e of entries) forgetting.add(e);
    const kept = entries.filter((e) => e.publishedMs >= cutoff);
    expect(kept.length).toBe(3);
    expect(forgetting.forget(cutoff)).toBe(entries.length - kept.length);
    const fresh = createStoryIndex();
    for (const e of kept) fresh.add(e);
    expect([...forgetting.all()]).toEqual([...fresh.all()]);
    for (const story of [ruling.spanish, ruling.trackingVariant, deaths.spanish, ruling.wireCopy]) {
      const probe = { ...entryFor(story, 'x'), id: 'probe', canonicalUrl: 'https://x.example/1' };
      expect(forgetting.findDuplicate(probe)).toEqual(fresh.findDuplicate(probe));
      const when = probe.publishedMs;
      expect(forgetting.clusterCandidates(probe.features!, when)).toEqual(
        fresh.clusterCandidates(probe.features!, when),
      );
    }
  });

  it('rejects settings that make no sense', () => {
    expect(() => createStoryIndex({ duplicateJaccard: 0 })).toThrow(/duplicateJaccard/);
    expect(() => createStoryIndex({ followUpWindowMs: -1 })).toThrow(/followUpWindowMs/);
  });
});
