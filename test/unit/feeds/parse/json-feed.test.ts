import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../../src/feeds/parse/index.js';

describe('parseFeed: JSON Feed', () => {
  it('reads JSON Feed 1.1', () => {
    const feed = parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Beat',
        home_page_url: 'https://example.com/',
        feed_url: 'https://example.com/feed.json',
        language: 'es',
        authors: [{ name: 'Desk' }],
        items: [
          {
            id: 2,
            url: '/posts/2',
            title: 'Traslado &amp; más',
            content_html: '<p>Hola <b>mundo</b></p><script>x()</script>',
            summary: 'Resumen',
            date_published: '2024-03-05T14:00:00-06:00',
            date_modified: '2024-03-06T00:00:00Z',
          },
          { id: '1', external_url: 'https://other.example/1', content_text: 'Solo texto' },
        ],
      }),
    );
    expect(feed).toMatchObject({
      format: 'json',
      title: 'Beat',
      link: 'https://example.com/',
      language: 'es',
    });
    expect(feed.items[0]).toEqual({
      id: '2',
      title: 'Traslado & más',
      link: 'https://example.com/posts/2',
      published: '2024-03-05T20:00:00.000Z',
      updated: '2024-03-06T00:00:00.000Z',
      author: 'Desk',
      summary: 'Resumen',
      content: 'Hola mundo',
      language: 'es',
    });
    expect(feed.items[1]).toMatchObject({
      id: '1',
      link: 'https://other.example/1',
      summary: 'Solo texto',
      content: 'Solo texto',
    });
  });

  it('reads JSON Feed 1.0 with a single author and items without ids', () => {
    const feed = parseFeed(
      Buffer.from(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1',
          title: 'Old',
          items: [
            { url: 'https://example.com/a', title: 'A', author: { name: 'Ana' } },
            { title: 'B', date_published: '2024-01-01T00:00:00Z' },
          ],
        }),
      ),
    );
    expect(feed.items[0]).toMatchObject({ id: 'https://example.com/a', author: 'Ana' });
    expect(feed.items[1]!.id).toMatch(/^sha1:/);
  });

  it('skips items that are not objects', () => {
    const feed = parseFeed(
      '{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[null,3,{"id":"a"}]}',
    );
    expect(feed.items.map((i) => i.id)).toEqual(['a']);
  });
});
