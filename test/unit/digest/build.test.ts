import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/digest/build.js';
import { cecotTopic, deathsDiffer, HOSTILE, storyItem } from '../chat/story-items.js';

const topic = cecotTopic();

function wireStory() {
  const lead = storyItem({
    cluster: 'deaths',
    title: 'Rights group counts 473 deaths in custody',
    source: { feedUrl: 'https://wire.example/rss', name: 'Wire Service' },
    link: 'https://wire.example/deaths',
    published: '2026-11-27T09:00:00Z',
    factChanges: [deathsDiffer(473, 'Wire Service')],
  });
  const copies = ['Paper One', 'Paper Two', 'Paper Three'].map((name, i) =>
    storyItem({
      cluster: 'deaths',
      title: `Copy ${i}: rights group counts 473 deaths`,
      duplicateOf: lead.id,
      source: { feedUrl: `https://p${i}.example/rss`, name },
      link: `https://p${i}.example/deaths?utm_source=rss`,
      published: `2026-11-27T1${i}:00:00Z`,
      factChanges: [deathsDiffer(473, name)],
    }),
  );
  const followUp = storyItem({
    cluster: 'deaths',
    title: 'Government disputes prison death toll',
    source: { feedUrl: 'https://diario.example/rss', name: 'Diario Ejemplo' },
    link: 'https://diario.example/toll',
    published: '2026-11-27T16:00:00Z',
    followUp: true,
  });
  return [lead, ...copies, followUp];
}

describe('buildDigest', () => {
  it('groups the day by story: one section per cluster with every outlet linked, copies folded in', () => {
    const other = storyItem({
      cluster: 'court',
      title: 'Court hears deportation case',
      published: '2026-11-27T12:00:00Z',
    });
    const offBeat = storyItem({ cluster: 'btc', relevant: false, title: 'Bitcoin rallies' });
    const yesterday = storyItem({ cluster: 'old', title: 'Old news', published: '2026-11-26T12:00:00Z' });
    const message = buildDigest({
      topic,
      items: [...wireStory(), other, offBeat, yesterday],
      day: '2026-11-27',
      timeZone: 'UTC',
    });
    expect(message.kind).toBe('digest');
    expect(message.title).toContain('daily digest, 2026-11-27');
    const headings = message.sections.map((s) => s.heading);
    // Figures first, then the most-covered story, then the rest; nothing off-beat or from another day.
    expect(headings).toEqual([
      undefined,
      'What changed against known figures',
      'Rights group counts 473 deaths in custody',
      'Court hears deportation case',
    ]);
    expect(message.sections[0]?.lines[0]).toBe(
      '2 stories from 6 outlets (3 articles) on 2026-11-27, UTC time.',
    );
    const deaths = message.sections[2]!;
    expect(deaths.links?.map((l) => l.label)).toEqual([
      'Wire Service',
      'Diario Ejemplo',
      'Paper One',
      'Paper Two',
      'Paper Three',
    ]);
    expect(deaths.lines).toContain(
      'Reported by 5 outlets: Wire Service, Diario Ejemplo, Paper One, Paper Two, Paper Three (3 copies folded in)',
    );
    expect(deaths.lines).toContain('Also: Government disputes prison death toll (Diario Ejemplo)');
    // The same figure from four copies is listed once.
    const figures = message.sections[1]!.lines;
    expect(figures).toHaveLength(1);
    expect(figures[0]).toContain('473 reported by Wire Service');
    expect(message.text).not.toContain('Bitcoin');
    expect(message.text).not.toContain('Old news');
  });

  it('uses the time zone to decide which day an item belongs to', () => {
    // 03:00 UTC on the 28th is still the 27th in El Salvador (UTC-6).
    const late = storyItem({ title: 'Late story', published: '2026-11-28T03:00:00Z' });
    const inSv = buildDigest({ topic, items: [late], day: '2026-11-27', timeZone: 'America/El_Salvador' });
    expect(inSv.text).toContain('Late story');
    const inUtc = buildDigest({ topic, items: [late], day: '2026-11-27', timeZone: 'UTC' });
    expect(inUtc.text).not.toContain('Late story');
  });

  it('digests a window (the 24 hours before the digest) instead of a calendar day', () => {
    const items = [
      storyItem({ title: 'Inside the window', published: '2026-11-27T07:00:00Z' }),
      storyItem({ title: 'Too early', published: '2026-11-26T07:00:00Z' }),
    ];
    const toMs = Date.parse('2026-11-27T08:00:00Z');
    const message = buildDigest({
      topic,
      items,
      window: { fromMs: toMs - 86_400_000, toMs },
      timeZone: 'UTC',
    });
    expect(message.title).toContain('daily digest, 2026-11-27');
    expect(message.sections[0]?.lines[0]).toBe(
      '1 story from 1 outlet (1 article) in the 24 hours to 2026-11-27 08:00 UTC time.',
    );
    expect(message.text).toContain('Inside the window');
    expect(message.text).not.toContain('Too early');
    expect(() => buildDigest({ topic, items })).toThrow(/either day or window/);
  });

  it('says so on a quiet day', () => {
    const message = buildDigest({ topic, items: [], day: '2026-11-27' });
    expect(message.sections).toEqual([{ lines: ['No new stories on this beat today.'] }]);
  });

  it('caps the number of stories and counts the rest', () => {
    const items = Array.from({ length: 30 }, (_, i) =>
      storyItem({ title: `Story number ${i}`, published: '2026-11-27T12:00:00Z' }),
    );
    const message = buildDigest({ topic, items, day: '2026-11-27', timeZone: 'UTC', maxStories: 5 });
    expect(message.sections).toHaveLength(1 + 5 + 1);
    expect(message.sections.at(-1)?.lines[0]).toBe('…and 25 more stories (see /cecot latest).');
    expect(() => buildDigest({ topic, items, day: '2026-11-27', maxStories: 0 })).toThrow(/maxStories/);
  });

  it('defuses hostile titles and outlet names', () => {
    const hostile = storyItem({
      title: `${HOSTILE}${'x'.repeat(5000)}`,
      source: { feedUrl: 'https://x.example/rss', name: '@everyone' },
    });
    const message = buildDigest({ topic, items: [hostile], day: '2026-11-27', timeZone: 'UTC' });
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/@everyone|<!channel>|<@U|@here/);
    expect(json).not.toContain('\\u001b');
    expect(Array.from(message.sections[1]!.heading!).length).toBeLessThanOrEqual(180);
  });
});
