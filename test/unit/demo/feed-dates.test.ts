import { describe, expect, it } from 'vitest';
import { shiftFeedDates, shiftToNow } from '../../../src/demo/feed-dates.js';

const HOUR = 3_600_000;

describe('shiftFeedDates', () => {
  it('moves RSS dates and keeps them RFC 822', () => {
    const rss =
      '<pubDate>Fri, 27 Nov 2026 09:00:00 GMT</pubDate><lastBuildDate>Fri, 27 Nov 2026 10:00:00 GMT</lastBuildDate>';
    expect(shiftFeedDates(rss, 2 * HOUR)).toBe(
      '<pubDate>Fri, 27 Nov 2026 11:00:00 GMT</pubDate><lastBuildDate>Fri, 27 Nov 2026 12:00:00 GMT</lastBuildDate>',
    );
  });

  it('moves Atom and JSON Feed dates and keeps them ISO 8601', () => {
    expect(
      shiftFeedDates(
        '<published>2026-11-27T23:30:00Z</published><updated>2026-11-27T23:30:00Z</updated>',
        HOUR,
      ),
    ).toBe('<published>2026-11-28T00:30:00Z</published><updated>2026-11-28T00:30:00Z</updated>');
    expect(
      shiftFeedDates('{"date_published": "2026-11-27T10:00:00Z", "title": "2026-11-27T10:00:00Z"}', -HOUR),
    ).toBe('{"date_published": "2026-11-27T09:00:00Z", "title": "2026-11-27T10:00:00Z"}');
  });

  it('leaves unreadable dates and everything else alone', () => {
    const text = '<title>Published 2026-11-27</title><pubDate>someday</pubDate>';
    expect(shiftFeedDates(text, HOUR)).toBe(text);
  });
});

describe('shiftToNow', () => {
  it('puts the anchor at now, in whole minutes', () => {
    const now = Date.parse('2026-12-01T18:30:45Z');
    expect(shiftToNow('2026-11-27T18:00:00Z', now)).toBe(4 * 24 * HOUR + 30 * 60_000);
    expect(() => shiftToNow('not a date', now)).toThrow(/anchor/);
  });
});
