import { describe, expect, it } from 'vitest';
import { buildLatestReply } from '../../../src/chat/core/latest.js';
import { buildStatsReply } from '../../../src/chat/core/stats.js';
import type { FactChange } from '../../../src/facts/types.js';
import { cecotTopic, deathsDiffer, storyItem } from './story-items.js';

const topic = cecotTopic();
const NOW = Date.parse('2026-11-27T18:00:00Z');

const venezuelansNew: FactChange = {
  metric: 'venezuelans_sent_to_cecot',
  status: 'new',
  known: null,
  reported: {
    value: 252,
    qualifier: 'exact',
    source: 'Outlet B',
    date: '2026-11-25',
    text: '252 Venezuelans',
  },
};

describe('buildStatsReply', () => {
  const items = [
    storyItem({
      cluster: 'a',
      published: '2026-11-27T10:00:00Z',
      factChanges: [deathsDiffer(473, 'Outlet A')],
    }),
    storyItem({
      cluster: 'a',
      duplicateOf: 'x',
      published: '2026-11-27T11:00:00Z',
      source: { feedUrl: 'https://c.example/rss', name: 'Outlet C' },
      factChanges: [deathsDiffer(473, 'Outlet C')],
    }),
    storyItem({
      cluster: 'b',
      published: '2026-11-25T10:00:00Z',
      source: { feedUrl: 'https://b.example/rss', name: 'Outlet B' },
      factChanges: [venezuelansNew],
    }),
    storyItem({ cluster: 'old', published: '2026-10-01T10:00:00Z', factChanges: [deathsDiffer(300)] }),
    storyItem({ cluster: 'btc', relevant: false, published: '2026-11-27T10:00:00Z' }),
  ];

  it('lists known figures with source and date, recent differing figures, and coverage volume', () => {
    const message = buildStatsReply({ topic, items, nowMs: NOW });
    expect(message.kind).toBe('reply');
    const [known, differing, volume] = message.sections;
    expect(known?.heading).toBe('Known figures');
    expect(known?.lines).toContain(
      'People detained under the state of emergency: more than 90,000 (Salvadoran official sources, 2025-12-23)',
    );
    expect(known?.lines).toContain(
      'Deaths in custody since the crackdown began: 454 (Socorro Jurídico Humanitario, 2025-12-23)',
    );
    expect(known?.lines).toContain(
      'Migrants the US sent to CECOT: hundreds, sent from March 2025, no exact figure (Seed report, 2025-12-23)',
    );
    // Newest first, each distinct figure once, nothing older than 7 days.
    expect(differing?.lines).toHaveLength(2);
    expect(differing?.lines[0]).toContain('473 reported by Outlet A');
    expect(differing?.lines[1]).toContain('252 reported by Outlet B');
    expect(differing?.lines[1]).toContain('new; no known figure yet');
    expect(volume?.lines[0]).toBe('Last 24 hours: 1 story, 1 article from 2 outlets');
    expect(volume?.lines[1]).toBe('Last 7 days: 2 stories, 2 articles from 3 outlets');
  });

  it('says when a reported figure has since become the known one', () => {
    const knownFacts = topic.brief.facts.map((f) =>
      f.metric === 'deaths_in_custody' ? { ...f, value: 473, source: 'Outlet A', asOf: '2026-11-27' } : f,
    );
    const message = buildStatsReply({ topic, items, nowMs: NOW, knownFacts });
    expect(message.sections[0]?.lines).toContain(
      'Deaths in custody since the crackdown began: 473 (Outlet A, 2026-11-27)',
    );
    expect(message.sections[1]?.lines[0]).toMatch(/473 reported by Outlet A .*; now the known figure$/);
  });

  it('answers sensibly with no data', () => {
    const message = buildStatsReply({ topic, items: [], nowMs: NOW });
    expect(message.sections[1]?.lines).toEqual([
      'No reported figure differs from the known ones in the last 7 days.',
    ]);
    expect(message.sections[2]?.lines[0]).toBe('Last 24 hours: nothing new');
  });
});

describe('buildLatestReply', () => {
  it('lists the newest stories, one per cluster, with their outlets', () => {
    const items = [
      storyItem({ cluster: 'a', title: 'Older story', published: '2026-11-26T10:00:00Z' }),
      storyItem({ cluster: 'b', title: 'Newer story', published: '2026-11-27T10:00:00Z' }),
      storyItem({
        cluster: 'b',
        title: 'Newer story (copy)',
        duplicateOf: 'y',
        published: '2026-11-27T11:00:00Z',
        source: { feedUrl: 'https://c.example/rss', name: 'Outlet C' },
        link: 'https://c.example/b',
      }),
    ];
    const message = buildLatestReply({ topic, items, timeZone: 'UTC' });
    expect(message.sections.map((s) => s.heading)).toEqual(['Newer story', 'Older story']);
    expect(message.sections[0]?.lines[0]).toBe('2026-11-27 11:00 · 2 outlets: Example News, Outlet C');
    expect(buildLatestReply({ topic, items, limit: 1 }).sections).toHaveLength(1);
    expect(buildLatestReply({ topic, items: [] }).sections[0]?.lines).toEqual(['No stories yet.']);
  });
});
