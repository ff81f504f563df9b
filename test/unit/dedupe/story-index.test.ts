import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { beatTerms, createEntityFinder, extractFeatures } from '../../../src/dedupe/features.js';
import { sketchTokens } from '../../../src/dedupe/fingerprint.js';
import { createStoryIndex, type IndexEntry, type StoryIndex } from '../../../src/dedupe/story-index.js';
import { tokenize } from '../../../src/text/index.js';
import { deaths, ruling } from './beat-stories.js';

const topic = loadConfig({ path: 'config/default.yaml', env: {} }).topics[0]!;
const entities = createEntityFinder(topic.brief);
const beat = beatTerms(topic, entities);

type Story = (typeof ruling)['wire'];

function entryFor(story: Story, cluster: string, overrides: Partial<IndexEntry> = {}): IndexEntry {
  const it = story.item;
  return {
    id: it.id,
    publishedMs: Date.parse(it.published!),
    cluster,
    duplicateOf: null,
    canonicalUrl: null,
    sketch: sketchTokens([tokenize(it.title), tokenize(it.summary)]),
    features: extractFeatures({ title: it.title, body: it.summary, lang: null, claims: [] }, entities),
    ...overrides,
  };
}

function clusterOf(index: StoryIndex, story: Story, publishedMs = Date.parse(story.item.published!)) {
  const it = story.item;
  const features = extractFeatures({ title: it.title, body: it.summary, lang: null, claims: [] }, entities);
  return index.findCluster(features, publishedMs, beat)?.cluster ?? null;
}

describe('clustering', () => {
  it('puts an English and a Spanish report of one event together', () => {
    const index = createStoryIndex();
    index.add(entryFor(ruling.wire, 'ruling'));
    expect(clusterOf(index, ruling.spanish)).toBe('ruling');
    const other = createStoryIndex();
    other.add(entryFor(deaths.english, 'deaths'));
    expect(clusterOf(other, deaths.spanish)).toBe('deaths');
  });

  it('keeps two different events of the same day apart', () => {
    const index = createStoryIndex();
    index.add(entryFor(deaths.english, 'deaths'));
    expect(clusterOf(index, ruling.wire)).toBeNull();
    expect(clusterOf(index, ruling.spanish)).toBeNull();
    index.add(entryFor(ruling.wire, 'ruling'));
    expect(clusterOf(index, deaths.spanish)).toBe('deaths');
    expect(clusterOf(index, ruling.ownReport)).toBe('ruling');
  });

  it('joins a follow-up days later when names and figures agree', () => {
    const index = createStoryIndex();
    index.add(entryFor(ruling.ownReport, 'ruling'));
    expect(clusterOf(index, ruling.followUp)).toBe('ruling');
  });

  it('past three days, needs a shared name or kind of event, not only topic and figures', () => {
    const index = createStoryIndex();
    const day = 24 * 3600_000;
    const base = Date.parse('2026-03-01T12:00:00Z');
    const topicOnly = ['e:alien enemies act', 'e:venezuela', 'm:venezuelans_sent_to_cecot=238', 's:deport'];
    index.add({
      ...entryFor(ruling.wire, 'ruling'),
      publishedMs: base,
      features: [...topicOnly, 'c:hearing', 'p:whitfield'],
    });
    // The same topic and figure a day later is enough…
    expect(index.findCluster([...topicOnly, 'c:letter', 'c:senator'], base + day, beat)?.cluster).toBe(
      'ruling',
    );
    // …but not a week later, unless the two share what happened.
    expect(index.findCluster([...topicOnly, 'c:letter', 'c:senator'], base + 7 * day, beat)).toBeNull();
    expect(index.findCluster([...topicOnly, 'c:hearing', 'c:appeal'], base + 7 * day, beat)?.cluster).toBe(
      'ruling',
    );
  });

  it('does not join past the follow-up window', () => {
    const index = createStoryIndex();
    index.add(entryFor(ruling.ownReport, 'ruling'));
    expect(clusterOf(index, ruling.followUp, Date.parse('2026-06-01T00:00:00Z'))).toBeNull();
  });

  it('looks past the best-matching stories when they are outside the follow-up window', () => {
    const index = createStoryIndex();
    const day = 24 * 3600_000;
    const now = Date.parse('2026-06-01T12:00:00Z');
    const features = ['c:hearing', 'm:deaths=10', 'm:deaths=20', 'n:30', 'n:40', 'p:ann', 'p:bob', 'p:cid'];
    const base = entryFor(ruling.wire, 'x');
    // More stories than are scored in full, each matching better than the recent one, all too old.
    for (let i = 0; i < 20; i++) {
      const id = `old-${String(i).padStart(2, '0')}`;
      index.add({ ...base, id, cluster: id, publishedMs: now - 100 * day, features });
    }
    index.add({
      ...base,
      id: 'recent',
      cluster: 'recent',
      publishedMs: now - day,
      features: features.slice(1),
    });
    expect(index.findCluster(features, now, beat)?.cluster).toBe('recent');
    expect(index.clusterCandidates(features, now, beat).map((c) => c.entry.id)).toEqual(['recent']);
  });

  it('asks for more shared evidence the further apart two stories are', () => {
    const index = createStoryIndex();
    index.add(entryFor(ruling.trackingVariant, 'ruling'));
    const it = ruling.wire.item;
    const features = extractFeatures({ title: it.title, body: it.summary, lang: null, claims: [] }, entities);
    const sameDay = Date.parse(ruling.trackingVariant.item.published!);
    const [near] = index.clusterCandidates(features, sameDay, beat);
    const [far] = index.clusterCandidates(features, sameDay + 30 * 24 * 3600_000, beat);
    expect(near?.joins).toBe(true);
    expect(far!.needed).toBeGreaterThan(near!.needed);
    expect(far!.evidence).toBeCloseTo(near!.evidence);
    expect(far?.joins).toBe(false);
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
    const index = createStoryIndex();
    expect(index.add(entryFor(ruling.wire, 'ruling'))).toBe(true);
    expect(index.add(entryFor(ruling.wire, 'other'))).toBe(false);
    expect(index.get('ruling-wire')?.cluster).toBe('ruling');
    index.add(entryFor(ruling.followUp, 'ruling'));
    expect(index.forget(Date.parse('2026-03-15T00:00:00Z'))).toBe(1);
    expect(index.size).toBe(1);
    expect(clusterOf(index, ruling.spanish)).toBe('ruling');
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
      expect(forgetting.clusterCandidates(probe.features!, when, beat)).toEqual(
        fresh.clusterCandidates(probe.features!, when, beat),
      );
    }
  });

  it('rejects settings that make no sense', () => {
    expect(() => createStoryIndex({ duplicateJaccard: 0 })).toThrow(/duplicateJaccard/);
    expect(() => createStoryIndex({ joinEvidence: 0 })).toThrow(/joinEvidence/);
    expect(() => createStoryIndex({ followUpWindowMs: -1 })).toThrow(/followUpWindowMs/);
  });
});
