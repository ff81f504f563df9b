import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../../src/feeds/parse/index.js';

const rss2 = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>El Faro</title>
    <link>https://elfaro.net/</link>
    <language>es-SV</language>
    <item>
      <title>CECOT: &lt;b&gt;nuevos&lt;/b&gt; traslados</title>
      <link>https://elfaro.net/es/202403/cecot</link>
      <guid isPermaLink="false">elfaro-1234</guid>
      <pubDate>Tue, 05 Mar 2024 14:00:00 -0600</pubDate>
      <dc:creator>Redacción</dc:creator>
      <description><![CDATA[<p>El Gobierno trasladó a <a href="/x">2,000</a> reos.</p><script>track()</script>]]></description>
      <content:encoded><![CDATA[<p>Texto completo.</p><p>Segundo párrafo.</p>]]></content:encoded>
    </item>
  </channel>
</rss>`;

describe('parseFeed: RSS 2.0', () => {
  it('reads feed and item fields into plain text', () => {
    const feed = parseFeed(rss2);
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'El Faro',
      link: 'https://elfaro.net/',
      language: 'es-SV',
    });
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toEqual({
      id: 'elfaro-1234',
      title: 'CECOT: nuevos traslados',
      link: 'https://elfaro.net/es/202403/cecot',
      published: '2024-03-05T20:00:00.000Z',
      updated: null,
      author: 'Redacción',
      summary: 'El Gobierno trasladó a 2,000 reos.',
      content: 'Texto completo.\n\nSegundo párrafo.',
      language: 'es-SV',
    });
  });

  it('reads RSS 0.91/0.92 and RSS without a version attribute the same way', () => {
    for (const open of ['<rss version="0.91">', '<rss version="0.92">', '<rss>']) {
      const feed = parseFeed(`${open}<channel><title>T</title><item><title>A</title></item></channel></rss>`);
      expect(feed.title).toBe('T');
      expect(feed.items.map((i) => i.title)).toEqual(['A']);
    }
  });

  it('takes the author name out of "email (Name)" and "Name (email)"', () => {
    const feed = parseFeed(`<rss><channel>
      <item><author>ana@example.com (Ana Pérez)</author></item>
      <item><author>Ana Pérez (ana@example.com)</author></item>
      <item><author>Ana Pérez &lt;ana@example.com&gt;</author></item>
      <item><author>ana@example.com</author></item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.author)).toEqual([
      'Ana Pérez',
      'Ana Pérez',
      'Ana Pérez',
      'ana@example.com',
    ]);
  });

  it('uses a permalink guid as link, but not an isPermaLink="false" one', () => {
    const feed = parseFeed(`<rss><channel>
      <item><guid>https://example.com/a</guid></item>
      <item><guid isPermaLink="false">https://example.com/b</guid></item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.link)).toEqual(['https://example.com/a', null]);
    expect(feed.items.map((i) => i.id)).toEqual(['https://example.com/a', 'https://example.com/b']);
  });

  it('does not take the image or textInput link or title for the channel', () => {
    const feed = parseFeed(`<rss><channel>
      <image><title>Logo</title><link>https://img.example.com/</link></image>
      <title>Real</title><link>https://example.com/</link>
      <item><image><link>https://img.example.com/i</link></image><link>https://example.com/1</link></item>
    </channel></rss>`);
    expect(feed.title).toBe('Real');
    expect(feed.link).toBe('https://example.com/');
    expect(feed.items[0]!.link).toBe('https://example.com/1');
  });

  it('ignores extension elements that reuse a core name in another namespace', () => {
    const feed = parseFeed(`<rss xmlns:x="http://example.com/ext"><channel><item>
      <x:description>wrong</x:description><description>right</description></item></channel></rss>`);
    expect(feed.items[0]!.summary).toBe('right');
  });

  it('falls back to the media:title when an item has no title', () => {
    const feed = parseFeed(
      '<rss xmlns:media="http://search.yahoo.com/mrss/"><channel><item><media:title>bar</media:title></item></channel></rss>',
    );
    expect(feed.items[0]!.title).toBe('bar');
  });

  it('summarises from the content when there is no description', () => {
    const long = 'palabra '.repeat(200);
    const feed = parseFeed(
      `<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item><content:encoded>&lt;p&gt;${long}&lt;/p&gt;</content:encoded></item></channel></rss>`,
    );
    const item = feed.items[0]!;
    expect(item.content).toBe(long.trim());
    expect(item.summary.length).toBeLessThanOrEqual(601);
    expect(item.summary.endsWith('…')).toBe(true);
  });
});

describe('parseFeed: RDF (RSS 1.0 and 0.90)', () => {
  it('reads items that sit beside the channel, with rdf:about as id', () => {
    const feed = parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://example.com/"><title>RDF feed</title><link>https://example.com/</link>
        <dc:language>en</dc:language></channel>
      <item rdf:about="https://example.com/1"><title>One</title><link>https://example.com/1.html</link>
        <dc:date>2024-03-05T10:00:00-06:00</dc:date><description>Desc</description></item>
    </rdf:RDF>`);
    expect(feed).toMatchObject({
      format: 'rdf',
      title: 'RDF feed',
      link: 'https://example.com/',
      language: 'en',
    });
    expect(feed.items[0]).toMatchObject({
      id: 'https://example.com/1',
      title: 'One',
      link: 'https://example.com/1.html',
      published: '2024-03-05T16:00:00.000Z',
      summary: 'Desc',
    });
  });

  it('reads RSS 0.90 and prefixed RSS 1.0 elements', () => {
    const rss090 = parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Old</title></channel>
        <item><title>Item title</title></item></rdf:RDF>`);
    expect(rss090.title).toBe('Old');
    expect(rss090.items[0]!.title).toBe('Item title');
    const prefixed = parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns:rss="http://purl.org/rss/1.0/"><rss:channel><rss:title>P</rss:title></rss:channel>
        <rss:item><rss:title>Q</rss:title></rss:item></rdf:RDF>`);
    expect(prefixed.title).toBe('P');
    expect(prefixed.items[0]!.title).toBe('Q');
  });
});

describe('parseFeed: languages and authors', () => {
  it('normalises language tags and drops ones that are not tags', () => {
    const feed = parseFeed(`<rss><channel><language> es_SV </language>
      <item><title>a</title></item><item xml:lang="not a tag"><title>b</title></item></channel></rss>`);
    expect(feed.language).toBe('es-SV');
    expect(feed.items.map((i) => i.language)).toEqual(['es-SV', 'es-SV']);
    const atom = parseFeed('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en_US"><entry/></feed>');
    expect(atom.language).toBe('en-US');
  });

  it('reads dc:author and itunes:author when there is no author', () => {
    const feed = parseFeed(`<rss xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
      <item><dc:author>Example editor</dc:author></item>
      <item><itunes:author>Host</itunes:author></item></channel></rss>`);
    expect(feed.items.map((i) => i.author)).toEqual(['Example editor', 'Host']);
  });
});

describe('parseFeed: CDF', () => {
  it('reads upper-case CDF channels with HREF attributes', () => {
    const feed = parseFeed(
      '<CHANNEL HREF="http://www.example.org/"><TITLE>Example feed</TITLE><ITEM HREF="http://www.example.org/1"><TITLE>Example item</TITLE><ABSTRACT>Example description</ABSTRACT></ITEM></CHANNEL>',
    );
    expect(feed).toMatchObject({ title: 'Example feed', link: 'http://www.example.org/' });
    expect(feed.items[0]).toMatchObject({
      title: 'Example item',
      link: 'http://www.example.org/1',
      summary: 'Example description',
    });
  });

  it('dates an item by its LASTMOD attribute', () => {
    const feed = parseFeed('<CHANNEL><ITEM LASTMOD="2004-04-06T23:05:43-05:00"></ITEM></CHANNEL>');
    expect(feed.items[0]).toMatchObject({
      updated: '2004-04-07T04:05:43.000Z',
      published: '2004-04-07T04:05:43.000Z',
    });
  });
});
