import { describe, expect, it } from 'vitest';
import { answerCommand, parseCommandText } from '../../../src/chat/core/commands.js';
import { buildSearchReply } from '../../../src/chat/core/search.js';
import type { StoredStory } from '../../../src/store/types.js';
import { cecotTopic, deathsDiffer, storyItem } from './story-items.js';

const topic = cecotTopic();
const NOW = Date.parse('2026-11-27T18:00:00Z');

function stored(overrides: Parameters<typeof storyItem>[0]): StoredStory {
  const item = storyItem(overrides);
  return {
    key: item.id,
    topic: 'cecot',
    feedUrl: item.source.feedUrl,
    item: { ...item, score: 2, language: 'en', claims: [] },
    storedAtMs: Date.parse(item.published ?? '') || NOW,
  };
}

const stories = [
  stored({ title: 'Judge hears Ábrego García case', cluster: 'a', published: '2026-11-27T10:00:00Z' }),
  stored({
    title: 'Rights group counts 473 deaths',
    cluster: 'b',
    published: '2026-11-27T11:00:00Z',
    factChanges: [deathsDiffer()],
  }),
];
const ctx = {
  topic,
  nowMs: NOW,
  stories: {
    since: async (_topic: string, sinceMs: number) => stories.filter((s) => s.storedAtMs > sinceMs),
  },
  facts: { known: async () => [] },
};

describe('parseCommandText', () => {
  it.each([
    ['stats', { ok: true, subcommand: 'stats', query: '' }],
    ['  LATEST ', { ok: true, subcommand: 'latest', query: '' }],
    ['search Abrego   Garcia', { ok: true, subcommand: 'search', query: 'Abrego Garcia' }],
    ['', { ok: true, subcommand: 'help', query: '' }],
    ['search', { ok: false, error: 'missing-query' }],
    ['delete everything', { ok: false, error: 'unknown-subcommand', given: 'delete' }],
  ])('%j', (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });
});

describe('answerCommand', () => {
  it('answers stats, latest, facts and search from the stores', async () => {
    const stats = await answerCommand(ctx, 'stats');
    expect(stats.sections[0]?.heading).toBe('Known figures');
    expect(stats.sections[1]?.lines[0]).toContain('473 reported');
    const latest = await answerCommand(ctx, 'latest');
    expect(latest.sections.map((s) => s.heading)).toEqual([
      'Rights group counts 473 deaths',
      'Judge hears Ábrego García case',
    ]);
    const facts = await answerCommand(ctx, 'facts');
    expect(facts.sections[0]?.heading).toBe('5 figures');
    const search = await answerCommand(ctx, 'search abrego garcia');
    expect(search.title).toContain('stories mentioning "abrego garcia"');
    expect(search.sections.map((s) => s.heading)).toEqual(['Judge hears Ábrego García case']);
  });

  it('answers bad input with help, never an error', async () => {
    const unknown = await answerCommand(ctx, '<!channel> now');
    expect(unknown.sections[0]?.lines[0]).toMatch(/^There is no ".*" command\.$/);
    expect(JSON.stringify(unknown)).not.toContain('<!channel>');
    const missing = await answerCommand(ctx, 'search');
    expect(missing.sections[0]?.lines[0]).toContain('/cecot search Abrego Garcia');
  });
});

describe('buildSearchReply', () => {
  it('says so when nothing matches', () => {
    const reply = buildSearchReply({ topic, items: stories.map((s) => s.item), query: 'bitcoin' });
    expect(reply.sections).toEqual([{ lines: ['Nothing on this beat mentions "bitcoin" yet.'] }]);
  });
});
