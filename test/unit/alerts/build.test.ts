import { describe, expect, it } from 'vitest';
import { buildStoryAlert } from '../../../src/alerts/build.js';
import { buildRollup } from '../../../src/alerts/rollup.js';
import { cecotTopic, deathsDiffer, HOSTILE, storyItem } from '../chat/story-items.js';

const topic = cecotTopic();
const PINGS = /@everyone|@here|<!channel>|<@U/;

describe('buildStoryAlert', () => {
  it('builds a new-story alert with outlet, link, summary, what changed and matched terms', () => {
    const item = storyItem({
      title: 'Rights group counts 473 deaths in Salvadoran prisons',
      source: { feedUrl: 'https://diario.example/rss', name: 'Diario Ejemplo' },
      link: 'https://diario.example/a/1',
      summary: 'The group says 473 people have died in custody.',
      matched: ['Socorro Jurídico Humanitario', 'régimen de excepción'],
      factChanges: [deathsDiffer(473, 'Diario Ejemplo')],
    });
    const message = buildStoryAlert(item, topic, { timeZone: 'UTC' });
    expect(message.kind).toBe('alert');
    expect(message.topic).toBe('cecot');
    expect(message.title).toBe('New story: Rights group counts 473 deaths in Salvadoran prisons');
    const [main, changed, matched] = message.sections;
    expect(main?.lines[0]).toBe('Diario Ejemplo · 2026-11-27 15:00 UTC');
    expect(main?.lines[1]).toContain('473 people');
    expect(main?.links).toEqual([{ label: 'Diario Ejemplo', url: 'https://diario.example/a/1' }]);
    expect(changed?.heading).toBe('What changed against known figures');
    expect(changed?.lines[0]).toContain('473 reported by Diario Ejemplo');
    expect(changed?.lines[0]).toContain('454 (Socorro Jurídico Humanitario, 2025-12-23)');
    expect(matched?.lines).toEqual(['Socorro Jurídico Humanitario, régimen de excepción']);
    expect(message.text).toContain('New story: Rights group');
    expect(message.text).toContain('https://diario.example/a/1');
  });

  it('words figures like the digest: differences first, both sources named, terms without scores', () => {
    const confirms = { ...deathsDiffer(454), status: 'confirms' as const };
    const item = storyItem({
      factChanges: [confirms, deathsDiffer()],
      whatChanged: ['Muertes bajo custodia: 473 según la nota'],
      matched: ['CECOT(strong, title)', 'Bukele(+1.5, title)'],
    });
    const message = buildStoryAlert(item, topic);
    const changed = message.sections.find((s) => s.heading?.startsWith('What changed'));
    expect(changed?.lines).toEqual([
      'Deaths in custody: 473 reported by Example News (2026-11-27) — differs from the known 454 (Socorro Jurídico Humanitario, 2025-12-23)',
      'Deaths in custody: 454 reported by Example News (2026-11-27) — confirms the known 454 (Socorro Jurídico Humanitario, 2025-12-23)',
    ]);
    expect(message.sections.find((s) => s.heading === 'Matched')?.lines).toEqual(['CECOT, Bukele']);
  });

  it('builds a follow-up alert that names the story it follows and its outlets', () => {
    const lead = storyItem({
      cluster: 'c1',
      title: 'US sends migrants to CECOT',
      source: { feedUrl: 'https://a.example/rss', name: 'Outlet A' },
      link: 'https://a.example/1',
      published: '2026-11-26T10:00:00Z',
    });
    const copy = storyItem({
      cluster: 'c1',
      title: 'US sends migrants to CECOT',
      duplicateOf: lead.id,
      source: { feedUrl: 'https://b.example/rss', name: 'Outlet B' },
      link: 'https://b.example/copy',
      published: '2026-11-26T11:00:00Z',
    });
    const followUp = storyItem({ cluster: 'c1', followUp: true, title: 'Court orders return of deportees' });
    const message = buildStoryAlert(followUp, topic, { earlier: [lead, copy] });
    expect(message.title).toBe('Follow-up: Court orders return of deportees');
    const follows = message.sections.find((s) => s.heading === 'Follows');
    expect(follows?.lines[0]).toBe('US sends migrants to CECOT — already reported by 2 outlets');
    expect(follows?.links?.map((l) => l.label)).toEqual(['Outlet A', 'Outlet B']);
  });

  it('links articles without their tracking parameters, in the alert, its follows and a roll-up', () => {
    const lead = storyItem({
      cluster: 'c1',
      source: { feedUrl: 'https://a.example/rss', name: 'Outlet A' },
      link: 'https://a.example/1?utm_source=rss&utm_campaign=wire&page=2',
    });
    const followUp = storyItem({
      cluster: 'c1',
      followUp: true,
      link: 'https://harborcitytribune.example/world/deaths?utm_campaign=wire&utm_source=rss#top',
    });
    const message = buildStoryAlert(followUp, topic, { earlier: [lead] });
    expect(message.sections[0]?.links?.[0]?.url).toBe('https://harborcitytribune.example/world/deaths#top');
    expect(message.sections.find((s) => s.heading === 'Follows')?.links?.[0]?.url).toBe(
      'https://a.example/1?page=2',
    );
    expect(message.text).not.toContain('utm_');
    const rollup = buildRollup(topic, 'cecot', [
      { title: 'A', outlet: 'Outlet A', link: 'https://a.example/2?fbclid=x1' },
    ]);
    expect(rollup?.sections.flatMap((s) => s.links ?? []).map((l) => l.url)).toEqual(['https://a.example/2']);
  });

  it('defuses hostile text and keeps very long titles within limits', () => {
    const item = storyItem({
      title: `${HOSTILE} ${'very long headline '.repeat(100)}`,
      summary: HOSTILE.repeat(50),
      source: { feedUrl: 'https://x.example/rss', name: '<!here> Outlet' },
      link: 'javascript:alert(1)',
      matched: ['@everyone', ...Array.from({ length: 20 }, (_, i) => `term${i}`)],
    });
    const message = buildStoryAlert(item, topic);
    const everything = JSON.stringify(message);
    expect(everything).not.toMatch(PINGS);
    expect(everything).not.toContain('\u001b');
    expect(everything).not.toContain('\u202e');
    expect(everything).not.toContain('javascript:');
    expect(Array.from(message.title).length).toBeLessThanOrEqual(200);
    expect(message.sections[0]?.lines[1]?.length ?? 0).toBeLessThanOrEqual(300);
    expect(message.sections.find((s) => s.heading === 'Matched')?.lines[0]).toMatch(/\(\+13 more\)$/);
  });

  it('handles an item without date, link or summary', () => {
    const message = buildStoryAlert(
      storyItem({ published: null, link: null, summary: '', title: '' }),
      topic,
    );
    expect(message.title).toBe('New story: (untitled)');
    expect(message.sections[0]).toEqual({ lines: ['Example News'] });
  });
});

describe('buildAlertForStory', () => {
  it('adapts a stored story, names the follow that matched, and gives the story id to follow', async () => {
    const { buildAlertForStory } = await import('../../../src/alerts/stored.js');
    const item = storyItem({
      title: 'Jueza escucha a testigos en el caso Ábrego García',
      followUp: true,
      cluster: 'k',
    });
    const earlier = storyItem({ title: 'Hearing set in Abrego Garcia case', cluster: 'k' });
    const message = buildAlertForStory(
      {
        key: '3f9a1c0b77aa',
        topic: 'cecot',
        feedUrl: 'https://x.example/rss',
        item: { ...item, score: 3, language: 'es', claims: [] },
        storedAtMs: 0,
      },
      topic,
      [
        {
          key: 'k0',
          topic: 'cecot',
          feedUrl: 'https://y.example/rss',
          item: { ...earlier, score: 3, language: 'en', claims: [] },
          storedAtMs: 0,
        },
      ],
      { kind: 'follow', query: '"abrego garcia" OR boasberg', terms: ['abrego garcia'], story: false },
    );
    expect(message.title).toBe('Follow-up: Jueza escucha a testigos en el caso Ábrego García');
    expect(message.sections.find((s) => s.heading === 'Your follow')?.lines).toEqual([
      '"abrego garcia" OR boasberg — mentions "abrego garcia"',
    ]);
    expect(message.sections.at(-1)?.lines).toEqual([
      'Story 3f9a1c0b · /cecot follow 3f9a1c0b to get its follow-ups',
    ]);
    expect(message.sections.find((s) => s.heading === 'Follows')?.lines[0]).toContain(
      'Hearing set in Abrego Garcia case',
    );
  });
});
