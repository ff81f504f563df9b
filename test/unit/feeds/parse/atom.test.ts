import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../../src/feeds/parse/index.js';

describe('parseFeed: Atom 1.0', () => {
  const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="text">Beat &amp; Co</title>
  <link rel="self" href="https://example.com/feed.atom"/>
  <link rel="alternate" type="text/html" href="https://example.com/"/>
  <author><name>Desk</name></author>
  <entry>
    <title type="html">&lt;em&gt;CECOT&lt;/em&gt; report</title>
    <link rel="related" href="https://example.com/related"/>
    <link rel="alternate" href="https://example.com/2024/report"/>
    <id>tag:example.com,2024:1</id>
    <published>2024-03-05T14:00:00-06:00</published>
    <updated>2024-03-06T08:00:00Z</updated>
    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First</p><p>Second &amp; last</p></div></summary>
    <content type="html">&lt;p&gt;Full &lt;b&gt;text&lt;/b&gt;&lt;/p&gt;</content>
  </entry>
  <entry xml:lang="es">
    <title>Sin autor</title>
    <link href="https://example.com/2024/otro"/>
    <updated>2024-03-07T08:00:00Z</updated>
  </entry>
</feed>`;

  it('reads feed and entry fields', () => {
    const feed = parseFeed(atom);
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Beat & Co',
      link: 'https://example.com/',
      language: 'en',
    });
    expect(feed.items[0]).toEqual({
      id: 'tag:example.com,2024:1',
      title: 'CECOT report',
      link: 'https://example.com/2024/report',
      published: '2024-03-05T20:00:00.000Z',
      updated: '2024-03-06T08:00:00.000Z',
      author: 'Desk',
      summary: 'First\n\nSecond & last',
      content: 'Full text',
      language: 'en',
    });
  });

  it('inherits the feed author and language, dates by updated when unpublished, ids by link', () => {
    const second = parseFeed(atom).items[1]!;
    expect(second).toMatchObject({
      id: 'https://example.com/2024/otro',
      author: 'Desk',
      language: 'es',
      published: '2024-03-07T08:00:00.000Z',
    });
  });

  it('keeps type="text" literally, brackets included', () => {
    const feed = parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">History of the &lt;blink&gt; tag</title></feed>',
    );
    expect(feed.title).toBe('History of the <blink> tag');
  });

  it('decodes base64 content of a non-text type', () => {
    const b64 = Buffer.from('Example <b>Atom</b>').toString('base64');
    const feed = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><summary type="application/octet-stream">${b64}</summary></entry></feed>`,
    );
    expect(feed.items[0]!.summary).toBe('Example Atom');
  });

  it('keeps ids exactly as written', () => {
    const feed = parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id> HTTP://www.EXAMPLE.org/%7Ebob </id></entry></feed>',
    );
    expect(feed.items[0]!.id).toBe('HTTP://www.EXAMPLE.org/%7Ebob');
  });
});

describe('parseFeed: Atom 0.3', () => {
  it('reads modes escaped, base64 and xml, and undeclared inline markup', () => {
    const b64 = Buffer.from('<p>Base <i>64</i></p>').toString('base64');
    const feed = parseFeed(`<feed version="0.3" xmlns="http://purl.org/atom/ns#">
      <title mode="escaped" type="text/html">Escaped &lt;b&gt;title&lt;/b&gt;</title>
      <link rel="alternate" type="text/html" href="http://www.example.com/"/>
      <entry>
        <title mode="base64" type="text/html">${b64}</title>
        <summary>Example <b>Atom</b></summary>
        <content type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml">Inline <b>XHTML</b></div></content>
        <issued>2003-12-13T08:29:29-04:00</issued>
        <modified>2003-12-13T18:30:02Z</modified>
        <id>tag:example.org,2003:3.2397</id>
      </entry>
    </feed>`);
    expect(feed).toMatchObject({ format: 'atom', title: 'Escaped title', link: 'http://www.example.com/' });
    expect(feed.items[0]).toMatchObject({
      title: 'Base 64',
      summary: 'Example Atom',
      content: 'Inline XHTML',
      published: '2003-12-13T12:29:29.000Z',
      updated: '2003-12-13T18:30:02.000Z',
      id: 'tag:example.org,2003:3.2397',
    });
  });

  it('accepts pre-1.0 namespaces and a feed without any namespace', () => {
    for (const ns of ['xmlns="http://purl.org/pie/"', 'xmlns="http://example.com/necho"', '']) {
      expect(parseFeed(`<feed version="0.3" ${ns}><title>Example Atom</title></feed>`).title).toBe(
        'Example Atom',
      );
    }
  });
});
