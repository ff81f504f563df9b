import { describe, expect, it } from 'vitest';
import { canonicalUrl, withoutTrackingParams } from '../../../src/dedupe/canonical-url.js';

const BASE = 'https://example.com/news/cecot-story';

describe('canonicalUrl', () => {
  it.each([
    ['plain', 'https://example.com/news/cecot-story', BASE],
    ['http equals https', 'http://example.com/news/cecot-story', BASE],
    ['upper-case host', 'https://EXAMPLE.com/news/cecot-story', BASE],
    ['www. dropped', 'https://www.example.com/news/cecot-story', BASE],
    ['mobile host dropped', 'https://m.example.com/news/cecot-story', BASE],
    ['amp host dropped', 'https://amp.example.com/news/cecot-story', BASE],
    ['trailing slash', 'https://example.com/news/cecot-story/', BASE],
    ['fragment', 'https://example.com/news/cecot-story#comments', BASE],
    ['default https port', 'https://example.com:443/news/cecot-story', BASE],
    ['default http port', 'http://example.com:80/news/cecot-story', BASE],
    [
      'utm parameters',
      'https://example.com/news/cecot-story?utm_source=rss&utm_medium=feed&utm_campaign=x',
      BASE,
    ],
    ['fbclid', 'https://example.com/news/cecot-story?fbclid=IwAR0abc', BASE],
    ['gclid', 'https://example.com/news/cecot-story?gclid=abc', BASE],
    ['mailchimp', 'https://example.com/news/cecot-story?mc_cid=1&mc_eid=2', BASE],
    ['instagram', 'https://example.com/news/cecot-story?igshid=xyz', BASE],
    ['ref and ref_src', 'https://example.com/news/cecot-story?ref=twitter&ref_src=twsrc%5Etfw', BASE],
    ['google analytics', 'https://example.com/news/cecot-story?_ga=2.1.2.3', BASE],
    ['cmpid, ocid, sr_share', 'https://example.com/news/cecot-story?cmpid=a&ocid=b&sr_share=c', BASE],
    ['upper-case tracking name', 'https://example.com/news/cecot-story?UTM_Source=x', BASE],
    ['amp suffix segment', 'https://example.com/news/cecot-story/amp', BASE],
    ['amp suffix segment with slash', 'https://example.com/news/cecot-story/amp/', BASE],
    ['amp prefix segment', 'https://example.com/amp/news/cecot-story', BASE],
    ['.amp suffix', 'https://example.com/news/cecot-story.amp', BASE],
    ['?amp flag', 'https://example.com/news/cecot-story?amp', BASE],
    ['?amp=1', 'https://example.com/news/cecot-story?amp=1', BASE],
    ['outputType=amp', 'https://example.com/news/cecot-story?outputType=amp', BASE],
    ['AMP cache', 'https://example-com.cdn.ampproject.org/c/s/example.com/news/cecot-story/amp', BASE],
    ['everything at once', 'HTTP://WWW.Example.com:80/amp/news/cecot-story/?utm_source=x&fbclid=y#top', BASE],
  ])('%s', (_name, input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('turns .amp.html into .html', () => {
    expect(canonicalUrl('https://example.com/a/story.amp.html')).toBe(
      canonicalUrl('https://example.com/a/story.html'),
    );
  });

  it('sorts the parameters that matter and keeps their values', () => {
    expect(canonicalUrl('https://example.com/article?b=2&a=1&utm_source=x')).toBe(
      'https://example.com/article?a=1&b=2',
    );
    expect(canonicalUrl('https://example.com/article?id=7')).not.toBe(
      canonicalUrl('https://example.com/article?id=8'),
    );
  });

  it('keeps non-default ports and other outputType values', () => {
    expect(canonicalUrl('https://example.com:8443/a')).toBe('https://example.com:8443/a');
    expect(canonicalUrl('https://example.com/a?outputType=print')).toBe(
      'https://example.com/a?outputType=print',
    );
  });

  it('keeps different paths and hosts apart', () => {
    expect(canonicalUrl('https://example.com/a')).not.toBe(canonicalUrl('https://example.com/b'));
    expect(canonicalUrl('https://example.com/a')).not.toBe(canonicalUrl('https://example.org/a'));
    expect(canonicalUrl('https://news.example.com/a')).not.toBe(canonicalUrl('https://example.com/a'));
  });

  it('reduces the site root to the bare host', () => {
    expect(canonicalUrl('https://www.example.com/')).toBe('https://example.com');
    expect(canonicalUrl('https://example.com/index.html')).toBe('https://example.com');
  });

  it('does not strip a mirror prefix that would leave a bare label', () => {
    expect(canonicalUrl('https://m.co/a')).toBe('https://m.co/a');
  });

  it('normalises the case of percent escapes', () => {
    expect(canonicalUrl('https://example.com/c%c3%a1rcel')).toBe(
      canonicalUrl('https://example.com/c%C3%A1rcel'),
    );
  });

  it.each([
    null,
    undefined,
    '',
    'not a url',
    '/relative/path',
    'mailto:desk@example.com',
    'ftp://example.com/a',
  ])('gives null for %s', (input) => {
    expect(canonicalUrl(input)).toBeNull();
  });
});

describe('withoutTrackingParams', () => {
  it.each([
    ['untouched', 'https://www.example.com/a/story?id=7#top', 'https://www.example.com/a/story?id=7#top'],
    [
      'utm and fbclid removed, the rest kept in order',
      'https://m.example.com/a?utm_source=x&b=2&fbclid=y&a=1',
      'https://m.example.com/a?b=2&a=1',
    ],
    [
      'only tracking: no query left',
      'http://example.com/a/?utm_medium=rss&UTM_Campaign=z',
      'http://example.com/a/',
    ],
    ['amp output flag is tracking too', 'https://example.com/a?outputType=amp', 'https://example.com/a'],
  ])('%s', (_name, input, expected) => {
    expect(withoutTrackingParams(input)).toBe(expected);
  });

  it('gives null for anything that is not an absolute http(s) URL', () => {
    for (const bad of [null, '', 'javascript:alert(1)', '/relative', 'not a url']) {
      expect(withoutTrackingParams(bad)).toBeNull();
    }
  });
});
