import { describe, expect, it } from 'vitest';
import { MESSAGE_LIMITS } from '../../../src/chat/core/limits.js';
import type { Message, MessageSection } from '../../../src/chat/core/message.js';
import type { StoryItem } from '../../../src/chat/core/stories.js';
import { buildDigest, type DigestOptions } from '../../../src/digest/build.js';
import { sparkline, storiesPerDay } from '../../../src/digest/sparkline.js';
import { cecotTopic, deathsDiffer, HOSTILE, storyItem } from '../chat/story-items.js';

const topic = cecotTopic();
const FROM = Date.parse('2026-11-27T00:00:00Z');
const TO = Date.parse('2026-11-28T00:00:00Z');
const WINDOW = { fromMs: FROM, toMs: TO };

function digest(items: StoryItem[], options: Partial<DigestOptions> = {}): Message {
  const message = buildDigest({ topic, items, window: WINDOW, timeZone: 'UTC', ...options });
  if (!message) throw new Error('expected a digest');
  return message;
}

/** The story sections: those after the intro and the figures, before the "more" line and the volume line. */
function storySections(message: Message): MessageSection[] {
  return message.sections.filter(
    (s) => s.heading && s.heading !== 'Figures' && !s.heading.startsWith('Stories per day'),
  );
}

/** A wire story carried by three papers (copies with tracking parameters) and followed up by a fourth outlet. */
function wireStory(): StoryItem[] {
  const lead = storyItem({
    cluster: 'deaths',
    title: 'Rights group counts 473 deaths in custody',
    summary: 'A legal aid group said 473 people have died in custody. It reviewed death certificates.',
    source: { feedUrl: 'https://wire.example/rss', name: 'Wire Service' },
    link: 'https://wire.example/deaths?utm_source=rss&id=7#top',
    published: '2026-11-27T09:00:00Z',
    factChanges: [deathsDiffer(473, 'Wire Service')],
  });
  const copies = ['Paper One', 'Paper Two', 'Paper Three'].map((name, i) =>
    storyItem({
      cluster: 'deaths',
      title: `Copy ${i}: rights group counts 473 deaths`,
      duplicateOf: lead.id,
      source: { feedUrl: `https://p${i}.example/rss`, name },
      link: `https://www.p${i}.example/deaths?utm_medium=feed&fbclid=abc`,
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

describe('buildDigest: one section per story', () => {
  it('folds copies into their story, links every outlet once without tracking parameters, and lists a figure once', () => {
    const court = storyItem({ cluster: 'court', title: 'Court hears deportation case' });
    const offBeat = storyItem({ cluster: 'btc', relevant: false, title: 'Bitcoin rallies' });
    const message = digest([...wireStory(), court, offBeat]);
    expect(message.kind).toBe('digest');
    expect(message.title).toBe(`${topic.name} — daily digest, 2026-11-28`);
    expect(message.sections[0]?.lines).toEqual([
      '2 stories from 6 outlets since 2026-11-27 00:00 UTC: 3 articles, 3 copies folded in.',
    ]);
    const [deaths, other] = storySections(message);
    expect(deaths?.heading).toBe('Rights group counts 473 deaths in custody');
    expect(deaths?.lines).toEqual([
      'A legal aid group said 473 people have died in custody. It reviewed death certificates.',
      '5 outlets · 3 copies folded in · 1 figure new or different',
      'Also: Government disputes prison death toll (Diario Ejemplo)',
    ]);
    expect(deaths?.links).toEqual([
      { label: 'Wire Service', url: 'https://wire.example/deaths?id=7#top' },
      { label: 'Diario Ejemplo', url: 'https://diario.example/toll' },
      { label: 'Paper One', url: 'https://www.p0.example/deaths' },
      { label: 'Paper Two', url: 'https://www.p1.example/deaths' },
      { label: 'Paper Three', url: 'https://www.p2.example/deaths' },
    ]);
    expect(other?.heading).toBe('Court hears deportation case');
    // The same figure reported by four copies is one line.
    const figures = message.sections.find((s) => s.heading === 'Figures')!;
    expect(figures.lines.filter((l) => l.includes('473 reported'))).toHaveLength(1);
    expect(message.text).not.toContain('Bitcoin');
  });

  it.each([
    {
      name: 'more independent outlets first',
      stories: [
        { cluster: 'one', outlets: ['A'], copies: 0, figures: 0, at: '2026-11-27T20:00:00Z' },
        { cluster: 'three', outlets: ['A', 'B', 'C'], copies: 0, figures: 0, at: '2026-11-27T01:00:00Z' },
      ],
      order: ['three', 'one'],
    },
    {
      name: 'copies are not independent: one outlet and four copies rank below two outlets',
      stories: [
        { cluster: 'copied', outlets: ['A'], copies: 4, figures: 0, at: '2026-11-27T20:00:00Z' },
        { cluster: 'two', outlets: ['A', 'B'], copies: 0, figures: 0, at: '2026-11-27T01:00:00Z' },
      ],
      order: ['two', 'copied'],
    },
    {
      name: 'a figure that moves weighs as two more outlets',
      stories: [
        { cluster: 'two', outlets: ['A', 'B'], copies: 0, figures: 0, at: '2026-11-27T20:00:00Z' },
        { cluster: 'figure', outlets: ['A'], copies: 0, figures: 1, at: '2026-11-27T01:00:00Z' },
      ],
      order: ['figure', 'two'],
    },
    {
      name: 'the same weight: the more recent first',
      stories: [
        { cluster: 'older', outlets: ['A', 'B'], copies: 0, figures: 0, at: '2026-11-27T02:00:00Z' },
        { cluster: 'newer', outlets: ['C', 'D'], copies: 0, figures: 0, at: '2026-11-27T22:00:00Z' },
      ],
      order: ['newer', 'older'],
    },
  ])('ranks stories: $name', ({ stories, order }) => {
    const items = stories.flatMap((s) => {
      const originals = s.outlets.map((outlet, i) =>
        storyItem({
          cluster: s.cluster,
          title: `${s.cluster} story ${i}`,
          source: { feedUrl: `https://${outlet}.example/rss`, name: outlet },
          published: s.at,
          factChanges: i === 0 && s.figures > 0 ? [deathsDiffer(500 + s.figures)] : [],
        }),
      );
      const copies = Array.from({ length: s.copies }, (_, i) =>
        storyItem({
          cluster: s.cluster,
          duplicateOf: originals[0]!.id,
          source: { feedUrl: `https://copy${i}.example/rss`, name: `Copy ${i}` },
          published: s.at,
        }),
      );
      return [...originals, ...copies];
    });
    const headings = storySections(digest(items)).map((s) => s.heading);
    expect(headings).toEqual(order.map((cluster) => `${cluster} story 0`));
  });

  it('lists the top 8 and counts the rest', () => {
    const items = Array.from({ length: 12 }, (_, i) =>
      storyItem({
        title: `Story number ${i}`,
        published: `2026-11-27T${String(10 + i).padStart(2, '0')}:00:00Z`,
      }),
    );
    const message = digest(items);
    expect(storySections(message)).toHaveLength(8);
    // Equal weight: the most recent first.
    expect(storySections(message)[0]?.heading).toBe('Story number 11');
    expect(message.sections.at(-2)?.lines).toEqual(['…and 4 more stories (/cecot latest lists them).']);
    expect(storySections(digest(items, { maxStories: 3 }))).toHaveLength(3);
    expect(() => digest(items, { maxStories: 0 })).toThrow(/maxStories/);
  });
});

describe('buildDigest: what it covers', () => {
  it('covers what was first seen in the period, not what was published in it, less old news found late', () => {
    const seen = (published: string, seenAt: string, title: string) =>
      storyItem({ title, published, seenAt });
    const items = [
      seen('2026-11-26T22:00:00Z', '2026-11-27T01:00:00Z', 'Published before, first seen in the period'),
      seen('2026-11-27T05:00:00Z', '2026-11-26T23:00:00Z', 'Seen before the period (in the last digest)'),
      seen('2026-11-20T10:00:00Z', '2026-11-27T02:00:00Z', 'An archive item found late'),
      seen('2026-11-27T23:00:00Z', '2026-11-28T00:30:00Z', 'Seen after the period'),
      storyItem({ title: 'Undated, seen in the period', published: null, seenAt: '2026-11-27T03:00:00Z' }),
    ];
    const headings = storySections(digest(items)).map((s) => s.heading);
    expect(headings.sort()).toEqual([
      'Published before, first seen in the period',
      'Undated, seen in the period',
    ]);
  });

  it('says so in one line on a quiet day, or sends nothing when quiet days are skipped', () => {
    const old = storyItem({ title: 'Old', published: '2026-11-20T10:00:00Z' });
    const quiet = digest([old]);
    expect(quiet.sections).toEqual([{ lines: ['No new stories on the beat since 2026-11-27 00:00 UTC.'] }]);
    expect(quiet.title).toContain('daily digest, 2026-11-28');
    expect(buildDigest({ topic, items: [], window: WINDOW, quietDay: 'skip' })).toBeNull();
    const sv = digest([], { timeZone: 'America/El_Salvador' });
    expect(sv.sections[0]?.lines).toEqual(['No new stories on the beat since 2026-11-26 18:00 CST.']);
  });

  it('keeps Spanish and English stories as they were written', () => {
    const es = storyItem({
      title: '¿Cuántos detenidos quedan? Familias esperan frente al penal de Mariona',
      summary:
        'Decenas de madres pasaron la noche frente al penal. Dicen que no saben si sus familiares siguen ahí.',
      source: { feedUrl: 'https://diario.example/rss', name: 'Diario La Ceiba' },
    });
    const en = storyItem({ title: 'Hearing set in Abrego Garcia case', summary: 'A judge set a hearing.' });
    const sections = storySections(digest([es, en]));
    const spanish = sections.find((s) => s.heading?.startsWith('¿Cuántos'))!;
    expect(spanish.heading).toBe('¿Cuántos detenidos quedan? Familias esperan frente al penal de Mariona');
    expect(spanish.lines[0]).toBe(
      'Decenas de madres pasaron la noche frente al penal. Dicen que no saben si sus familiares siguen ahí.',
    );
    expect(sections.map((s) => s.heading)).toContain('Hearing set in Abrego Garcia case');
  });
});

describe('buildDigest: title, figures and volume', () => {
  it('marks a late digest in its title, and an on-demand one with its time', () => {
    const items = [storyItem({})];
    const late = digest(items, {
      date: '2026-11-27',
      timeZone: 'America/El_Salvador',
      lateDueMs: Date.parse('2026-11-27T14:00:00Z'),
    });
    expect(late.title).toBe(`${topic.name} — daily digest, 2026-11-27 (late: due 2026-11-27 08:00 CST)`);
    const now = digest(items, { onDemand: true, timeZone: 'Europe/Madrid' });
    expect(now.title).toBe(`${topic.name} — digest, 2026-11-28 01:00 GMT+1`);
  });

  it('gives what changed against the known figures, then the known figures briefly', () => {
    const changed = storyItem({ factChanges: [deathsDiffer(473, 'Example News')] });
    const figures = digest([changed]).sections.find((s) => s.heading === 'Figures')!;
    expect(figures.lines[0]).toMatch(
      /^Deaths in custody: 473 reported by Example News \(2026-11-27\) — differs from the known 454/,
    );
    expect(figures.lines.at(-1)).toBe(
      'Known: Detentions more than 90,000 (Salvadoran official sources) · ' +
        'Released about 8,000 (Salvadoran official sources) · ' +
        'Deaths in custody 454 (Socorro Jurídico Humanitario) · ' +
        'Gang violence deaths 200,000 (Government of El Salvador) · ' +
        'Venezuelans sent to CECOT hundreds, sent from March 2025, no exact figure (Seed report)',
    );
    // A figure the outlets made known names whose it is and who carried it.
    const carried = topic.brief.facts.map((f) =>
      f.metric === 'deaths_in_custody'
        ? { ...f, value: 473, source: 'Continental Wire', attributedTo: 'Socorro Jurídico Humanitario' }
        : f,
    );
    const named = digest([changed], { knownFacts: carried }).sections.find((s) => s.heading === 'Figures')!;
    expect(named.lines.at(-1)).toContain(
      'Deaths in custody 473 (Socorro Jurídico Humanitario, via Continental Wire)',
    );
    // Too long with every outlet named: whose figure it is, whole, rather than a line cut short.
    const many = Array.from({ length: 12 }, (_, i) => `Regional Outlet Number ${i + 1}`).join(', ');
    const long = carried.map((f) => (f.metric === 'deaths_in_custody' ? { ...f, source: many } : f));
    const short = digest([changed], { knownFacts: long }).sections.find((s) => s.heading === 'Figures')!;
    expect(short.lines.at(-1)).toContain('Deaths in custody 473 (Socorro Jurídico Humanitario) · Gang');
    expect(short.lines.at(-1)).toMatch(/\(Seed report\)$/);
    // Once enough outlets repeated it, the stored known figure is the reported one: the digest says so.
    const adopted = topic.brief.facts.map((f) =>
      f.metric === 'deaths_in_custody' ? { ...f, value: 473 } : f,
    );
    const after = digest([changed], { knownFacts: adopted }).sections.find((s) => s.heading === 'Figures')!;
    expect(after.lines[0]).toMatch(/now the known figure$/);
    expect(after.lines.at(-1)).toContain('Deaths in custody 473');
    const none = digest([storyItem({})]).sections.find((s) => s.heading === 'Figures')!;
    expect(none.lines[0]).toBe('No reported figure differs from the known ones.');
  });

  it('draws stories per day over 14 days in the time zone, with the dates it spans', () => {
    const day = (d: string, cluster: string, hour = '12') =>
      storyItem({ cluster, published: `${d}T${hour}:00:00Z`, seenAt: `${d}T${hour}:00:00Z` });
    const items = [
      day('2026-11-15', 'a'),
      day('2026-11-20', 'b'),
      day('2026-11-20', 'c'),
      day('2026-11-20', 'c'), // the same story twice that day counts once
      day('2026-11-27', 'd'),
      day('2026-11-14', 'too-old'),
      storyItem({ cluster: 'off', relevant: false, published: '2026-11-20T12:00:00Z' }),
    ];
    const volume = digest(items).sections.at(-1)!;
    expect(volume.heading).toBe('Stories per day, last 14 days');
    expect(volume.lines).toEqual([
      '▅▁▁▁▁█▁▁▁▁▁▁▅▁  2026-11-15 to 2026-11-28 · busiest 2026-11-20 (2 stories)',
    ]);
    // 03:00 UTC on the 28th is still the 27th in El Salvador (UTC-6).
    const late = [day('2026-11-28', 'e', '03')];
    expect(storiesPerDay(late, TO + 5 * 3_600_000, 'UTC', 2)).toEqual({
      days: ['2026-11-27', '2026-11-28'],
      counts: [0, 1],
    });
    expect(storiesPerDay(late, TO + 5 * 3_600_000, 'America/El_Salvador', 2)).toEqual({
      days: ['2026-11-26', '2026-11-27'],
      counts: [0, 1],
    });
  });

  it.each([
    [[0, 0, 0], '▁▁▁'],
    [[0, 3, 6, 12], '▁▄▅█'],
    [[0, 1, 100], '▁▂█'],
    [[5, 5], '██'],
  ])('sparkline %j is %s', (counts, line) => {
    expect(sparkline(counts)).toBe(line);
  });
});

describe('buildDigest: limits', () => {
  it('stays within one post however hostile or long the feed text, and never links anything but http(s)', () => {
    const hostileItems = Array.from({ length: 20 }, (_, i) => {
      const cluster = `hostile-${i}`;
      const lead = storyItem({
        cluster,
        title: `${HOSTILE} ${'x'.repeat(10_000)}`,
        summary: `${HOSTILE} ${'Sentence. '.repeat(1000)}`,
        source: { feedUrl: 'https://x.example/rss', name: `@everyone ${'n'.repeat(500)}` },
        link: `https://x.example/${'p'.repeat(1900)}?utm_source=x`,
        factChanges: [deathsDiffer(500 + i, `<!channel> ${'s'.repeat(300)}`)],
      });
      const others = Array.from({ length: 15 }, (_, j) =>
        storyItem({
          cluster,
          duplicateOf: j % 2 === 0 ? lead.id : null,
          title: `Another ${j}`,
          source: { feedUrl: `https://o${j}.example/rss`, name: `<@U${j}> Outlet ${j}` },
          link: j === 3 ? 'javascript:alert(1)' : `https://o${j}.example/${'q'.repeat(200 * j)}`,
        }),
      );
      return [lead, ...others];
    }).flat();
    const message = digest(hostileItems);
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/@everyone|<!channel>|<@U|@here/);
    expect(json).not.toContain('\\u001b');
    expect(json).not.toContain('\u202e');
    expect(json).not.toContain('javascript:');
    expect(json).not.toContain('utm_source');
    const size = (s: MessageSection) =>
      (s.heading?.length ?? 0) +
      s.lines.reduce((n, l) => n + l.length + 1, 0) +
      (s.links ?? []).reduce((n, l) => n + l.label.length + l.url.length + 4, 0);
    for (const section of message.sections)
      expect(size(section)).toBeLessThanOrEqual(MESSAGE_LIMITS.digestSection);
    const total = message.title.length + message.sections.reduce((n, s) => n + size(s), 0);
    expect(total).toBeLessThanOrEqual(MESSAGE_LIMITS.digestTotal);
    expect(Array.from(message.title).length).toBeLessThanOrEqual(MESSAGE_LIMITS.title);
    expect(message.text.length).toBeLessThanOrEqual(MESSAGE_LIMITS.text);
    // What did not fit is counted, never dropped silently.
    const listed = storySections(message).length;
    expect(listed).toBeGreaterThan(0);
    expect(message.sections.at(-2)?.lines[0]).toBe(
      `…and ${20 - listed} more stories (/cecot latest lists them).`,
    );
  });
});
