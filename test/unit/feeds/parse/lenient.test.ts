import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from '../../../../src/feeds/parse/index.js';

const item = (inner: string) =>
  `<rss version="2.0"><channel><title>T</title><item>${inner}</item></channel></rss>`;

describe('parseFeed: entities and CDATA', () => {
  it('decodes HTML named entities that XML does not declare', () => {
    const feed = parseFeed(item('<title>Acci&oacute;n&nbsp;en &aacute;reas &mdash; &hellip;</title>'));
    expect(feed.items[0]!.title).toBe('Acción en áreas — …');
  });

  it('decodes numeric references, decimal and hex, and windows-1252 code points', () => {
    const feed = parseFeed(item('<title>&#8220;80&#x202F;000&#8221; don&#146;t</title>'));
    expect(feed.items[0]!.title).toBe('“80\u202F000” don’t');
  });

  it('decodes double-escaped entities in HTML fields', () => {
    const feed = parseFeed(
      item('<title>Tom &amp;amp; Jerry</title><description>caf&amp;eacute;</description>'),
    );
    expect(feed.items[0]!.title).toBe('Tom & Jerry');
    expect(feed.items[0]!.summary).toBe('café');
  });

  it('uses entities declared in the DOCTYPE', () => {
    const feed = parseFeed(
      `<!DOCTYPE rss [<!ENTITY id "tag:example.com,">]><rss><channel><item><guid isPermaLink="false">&id;2006:/blog/</guid></item></channel></rss>`,
    );
    expect(feed.items[0]!.id).toBe('tag:example.com,2006:/blog/');
  });

  it('keeps undeclared unknown entities as written', () => {
    expect(parseFeed(item('<title>A &bogus; B</title>')).items[0]!.title).toBe('A &bogus; B');
  });

  it('repairs double-encoded UTF-8, escaped or not', () => {
    const feed = parseFeed(item('<title>PolicÃ­a</title><description>&#226;&#128;&#166;</description>'));
    expect(feed.items[0]!.title).toBe('Policía');
    expect(feed.items[0]!.summary).toBe('…');
  });

  it('reads CDATA verbatim and treats its HTML as HTML', () => {
    const feed = parseFeed(
      item('<title><![CDATA[R&D <3]]></title><description><![CDATA[<p>Uno &amp; dos</p>]]></description>'),
    );
    expect(feed.items[0]!.title).toBe('R&D <3');
    expect(feed.items[0]!.summary).toBe('Uno & dos');
  });

  it('drops script and style from escaped and naked markup', () => {
    const feed = parseFeed(
      item(
        '<title>ok</title><description>&lt;p&gt;safe&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;&lt;style&gt;p{}&lt;/style&gt;</description>',
      ),
    );
    expect(feed.items[0]!.summary).toBe('safe');
    const naked = parseFeed(item('<description><p>safe</p><script>evil()</script></description>'));
    expect(naked.items[0]!.summary).toBe('safe');
  });
});

describe('parseFeed: ill-formed input still gives the feed', () => {
  it('survives unclosed and mismatched tags', () => {
    const feed = parseFeed('<rss><channel><title>Broken</title><item><title>One</b></title><item><title>Two');
    expect(feed.title).toBe('Broken');
    expect(feed.items.map((i) => i.title)).toEqual(['One', 'Two']);
  });

  it('survives a bare ampersand, a stray "<" and control characters', () => {
    const feed = parseFeed(item('<title>AT&T < Verizon \u0001\u0008 ok</title>'));
    expect(feed.items[0]!.title).toBe('AT&T < Verizon ok');
  });

  it('survives stray bytes in the body', () => {
    const bytes = Buffer.concat([
      Buffer.from('<rss><channel><item><title>Se&ntilde;al ', 'utf8'),
      Buffer.from([0xff, 0x00, 0xfe]), // not UTF-8, and a NUL
      Buffer.from(' año</title></item></channel></rss>', 'utf8'),
    ]);
    const feed = parseFeed(bytes);
    expect(feed.items[0]!.title).toBe('Señal ÿþ año');
  });

  it('reads items outside a channel and a feed without a version attribute', () => {
    const feed = parseFeed('<rss><item><title>Loose</title></item></rss>');
    expect(feed.items[0]!.title).toBe('Loose');
  });

  it('tolerates a text prolog, an HTML DOCTYPE and an XML declaration in the wrong place', () => {
    const feed = parseFeed(
      '\n\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x"><?xml version="1.0"?><rss><channel><title>found</title></channel></rss>',
    );
    expect(feed.title).toBe('found');
  });

  it('handles absurdly deep nesting, naked or escaped, closed or not', () => {
    const depth = 100_000;
    const naked = parseFeed(
      item(`<description>${'<b>'.repeat(depth)}deep${'</b>'.repeat(depth)}</description>`),
    );
    expect(naked.items[0]!.summary).toBe('deep');
    const unclosed = parseFeed(`<rss><channel><item><title>t</title><description>${'<div>'.repeat(depth)}x`);
    expect(unclosed.items[0]!.title).toBe('t');
    const escaped = parseFeed(item(`<description>${'&lt;div&gt;'.repeat(depth)}deep</description>`));
    expect(escaped.items[0]!.summary).toBe('deep');
  });

  it('bounds what entities declared in the DOCTYPE can expand to', () => {
    const refs = '&a;'.repeat(20_000);
    const feed = parseFeed(
      `<!DOCTYPE rss [<!ENTITY a "${'x'.repeat(1000)}"><!ENTITY big "${'y'.repeat(5000)}">]><rss><channel><title>${refs}&big;</title></channel></rss>`,
    );
    expect(feed.title.length).toBeLessThan(1_100_000);
    expect(feed.title.endsWith('&big;')).toBe(true);
  });

  it('reads windows-1252 and ISO-8859-1 bodies, declared or not', () => {
    const body = (decl: string) =>
      iconv.encode(`${decl}${item('<title>Régimen de excepción: “más”</title>')}`, 'windows-1252');
    for (const decl of [
      '',
      '<?xml version="1.0" encoding="ISO-8859-1"?>',
      '<?xml version="1.0" encoding="windows-1252"?>',
    ]) {
      expect(parseFeed(body(decl)).items[0]!.title).toBe('Régimen de excepción: “más”');
    }
    expect(parseFeed(body(''), { contentType: 'application/rss+xml; charset=utf-8' }).items[0]!.title).toBe(
      'Régimen de excepción: “más”',
    );
  });
});

describe('parseFeed: not a feed', () => {
  const codeOf = (input: string | Uint8Array): string => {
    try {
      parseFeed(input);
    } catch (err) {
      expect(err).toBeInstanceOf(FeedParseError);
      return (err as FeedParseError).code;
    }
    throw new Error('expected a FeedParseError');
  };

  it('refuses empty input, HTML pages, other XML, other JSON and plain text with stable codes', () => {
    expect(codeOf('')).toBe('FEED_EMPTY');
    expect(codeOf(new Uint8Array(0))).toBe('FEED_EMPTY');
    expect(codeOf('  \n ')).toBe('FEED_EMPTY');
    expect(codeOf('<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>')).toBe(
      'FEED_NOT_A_FEED',
    );
    expect(codeOf('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')).toBe('FEED_NOT_A_FEED');
    expect(codeOf('{"feed": {"items": []}}')).toBe('FEED_NOT_A_FEED');
    expect(codeOf('{"version": "https://jsonfeed.org/version/1.1", ')).toBe('FEED_INVALID_JSON');
    expect(codeOf('MIT License\n\nCopyright (c) ...')).toBe('FEED_NOT_A_FEED');
  });

  it('explains what it found', () => {
    expect(() => parseFeed('<html><body/></html>')).toThrow(/<html> is not RSS, RDF or Atom/);
  });
});
