/**
 * Items that name their outlet in `<source>` (Google News): the outlet is read, the " - Outlet"
 * suffix leaves the title, and a description of links and outlet names is no text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../../src/feeds/parse/index.js';
import { onlyLinksAndLabels, withoutOutletSuffix } from '../../../../src/feeds/parse/source-outlet.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'google-news');

function rss(item: string): string {
  return `<rss version="2.0"><channel><title>T</title><link>https://aggregator.example/</link>${item}</channel></rss>`;
}

describe('a Google News search feed', () => {
  const feed = parseFeed(readFileSync(join(FIXTURES, 'search-cecot.xml')));

  it('gives each item its outlet, the title without the suffix, and no boilerplate text', () => {
    expect(feed.items.map((i) => [i.title, i.outlet?.name])).toEqual([
      ["Red Cross team makes first visit to El Salvador's CECOT prison", 'The Gulf Coast Herald'],
      ['Families of Venezuelan deportees held in CECOT file new habeas petitions', 'Pacific Courier'],
      ['Asamblea aprueba una nueva prórroga del régimen de excepción', 'El Mirador Nacional'],
      ['Senators ask State Department for access to CECOT detainees', 'The Gulf Coast Herald'],
      ['Ex-guard describes daily routine inside the mega-prison', 'Pacific Courier'],
      ["Red Cross team makes first visit to El Salvador's CECOT prison", 'Pacific Courier'],
    ]);
    expect(feed.items[0]!.outlet).toEqual({
      name: 'The Gulf Coast Herald',
      url: 'https://www.gulfcoastherald.example',
    });
    // The headline linked with the outlet's name, or a list of headlines: no text of the article.
    expect(feed.items.map((i) => i.summary)).toEqual(feed.items.map(() => ''));
  });

  it('keeps the redirect link and the guid as they are', () => {
    const [first] = feed.items;
    expect(first!.link).toMatch(/^https:\/\/news\.google\.com\/rss\/articles\/CBMi\w+\?oc=5$/);
    expect(first!.id).toMatch(/^CBMi\w+$/);
  });
});

describe('an item with a <source>', () => {
  it('keeps a description that is text, and a title that does not end with the outlet', () => {
    const [item] = parseFeed(
      rss(
        '<item><title>Court hears the appeal today</title><link>https://aggregator.example/r/1</link>' +
          '<description>The appeals court heard arguments on the deportation flights.</description>' +
          '<source url="https://wire.example/feed.xml">Wire Service</source></item>',
      ),
    ).items;
    expect(item).toMatchObject({
      title: 'Court hears the appeal today',
      summary: 'The appeals court heard arguments on the deportation flights.',
      outlet: { name: 'Wire Service', url: 'https://wire.example/feed.xml' },
    });
  });

  it('is read without an outlet when the source is empty, and other items never get one', () => {
    const feed = parseFeed(
      rss(
        '<item><title>Budget passes - Daily Post</title><guid>a</guid><source url="https://x.example"> </source></item>' +
          '<item><title>Budget passes - Daily Post</title><guid>b</guid></item>',
      ),
    );
    expect(feed.items.map((i) => [i.title, 'outlet' in i])).toEqual([
      ['Budget passes - Daily Post', false],
      ['Budget passes - Daily Post', false],
    ]);
  });
});

describe('withoutOutletSuffix', () => {
  it.each([
    ['Judge halts flights - The Herald', 'The Herald', 'Judge halts flights'],
    ['Judge halts flights – the herald', 'The Herald', 'Judge halts flights'],
    ['Judge halts flights | The Herald', 'The Herald', 'Judge halts flights'],
    ['Ex-guard speaks - The Herald', 'The Herald', 'Ex-guard speaks'],
    ['Judge halts flights', 'The Herald', 'Judge halts flights'],
    ['The Herald', 'The Herald', 'The Herald'],
    ['Judge halts flights - The Heraldo', 'The Herald', 'Judge halts flights - The Heraldo'],
  ])('%s (outlet %s) → %s', (title, outlet, expected) => {
    expect(withoutOutletSuffix(title, outlet)).toBe(expected);
  });
});

describe('onlyLinksAndLabels', () => {
  it('is true for links with outlet labels, false once there is text of its own', () => {
    expect(
      onlyLinksAndLabels('<a href="x">Headline</a>&nbsp;&nbsp;<font color="#6f6f6f">Outlet</font>'),
    ).toBe(true);
    expect(onlyLinksAndLabels('<ol><li><a href="x">One</a> <font color="#6f6f6f">A</font></li></ol>')).toBe(
      true,
    );
    expect(onlyLinksAndLabels('<a href="x">Headline</a> The court heard arguments on Monday.')).toBe(false);
    expect(
      onlyLinksAndLabels(
        '<font size="-1"><b><font color="#6f6f6f">Outlet</font></b></font><font size="-1">A snippet</font>',
      ),
    ).toBe(false);
    expect(onlyLinksAndLabels('Plain text without links')).toBe(false);
  });
});
