import { describe, expect, it } from 'vitest';
import {
  cleanText,
  escapeDiscordMarkdown,
  escapeSlackText,
  neutraliseMentions,
  oneLine,
  safeUrl,
  stripControl,
  truncate,
} from '../../../src/chat/core/escape.js';

const PINGS = /@everyone|@here|@channel|<!channel>|<!here>|<!everyone>|<@U|<@!|<@&|<#C/i;

describe('neutraliseMentions', () => {
  it.each([
    '@everyone look',
    'hi @here',
    '@channel',
    '<!channel>',
    '<!here|here>',
    '<!everyone>',
    '<!subteam^S123>',
    '<@U123ABC>',
    '<@!1234567890>',
    '<@&987654321>',
    '<#C024BE7LR>',
    '@EVERYONE',
  ])('defuses %s', (text) => {
    const out = neutraliseMentions(text);
    expect(out).not.toMatch(PINGS);
    // Readers still see the same characters.
    expect(out.replace(/\u200b/g, '')).toBe(text);
  });

  it('leaves e-mail addresses and ordinary text alone', () => {
    expect(neutraliseMentions('write to desk@example.org about 3 < 4')).toBe(
      'write to desk@example.org about 3 < 4',
    );
  });

  it('is idempotent', () => {
    const once = neutraliseMentions('@everyone <!channel>');
    expect(neutraliseMentions(once)).toBe(once);
  });
});

describe('stripControl', () => {
  it('removes ANSI sequences, control and bidi characters but keeps newlines and tabs', () => {
    expect(stripControl('a\u001b[31mred\u001b[0m\u0007b\u202ec\td\r\ne')).toBe('aredbc\td\ne');
    expect(stripControl('\u001b]0;title\u0007x')).toBe('x');
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text at a word boundary with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    const out = truncate('the quick brown fox jumps over the lazy dog', 20);
    expect(Array.from(out).length).toBeLessThanOrEqual(20);
    expect(out).toBe('the quick brown fox…');
  });

  it('cuts a long unbroken string hard and never splits a surrogate pair', () => {
    expect(truncate('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    const emoji = '😀'.repeat(20);
    const out = truncate(emoji, 5);
    expect(out).toBe('😀😀😀😀…');
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('rejects a bad limit', () => {
    expect(() => truncate('x', 0)).toThrow(/max must be a positive integer/);
  });
});

describe('cleanText', () => {
  it('makes one safe line of bounded length', () => {
    const out = cleanText(`  @everyone\n\n <!channel> ${'long '.repeat(200)}`, 100);
    expect(out).not.toMatch(PINGS);
    expect(out).not.toContain('\n');
    expect(Array.from(out).length).toBeLessThanOrEqual(100);
    expect(cleanText(null)).toBe('');
  });

  it('oneLine collapses whitespace', () => {
    expect(oneLine(' a \n\t b ')).toBe('a b');
  });
});

describe('safeUrl', () => {
  it('keeps http(s) URLs and drops credentials', () => {
    expect(safeUrl('https://user:pw@news.example/a?b=1')).toBe('https://news.example/a?b=1');
  });
  it.each(['javascript:alert(1)', 'data:text/html,x', 'not a url', '', null])('refuses %s', (url) => {
    expect(safeUrl(url)).toBeNull();
  });
  it('refuses URLs longer than the limit instead of cutting them', () => {
    expect(safeUrl(`https://news.example/${'a'.repeat(100)}`, 50)).toBeNull();
  });
});

describe('platform escaping', () => {
  it('Slack: entities for & < >, which defuses <!channel> and fake links', () => {
    expect(escapeSlackText('<!channel> <https://evil.example|click> & co')).toBe(
      '&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co',
    );
  });
  it('Discord: markdown characters escaped and mentions broken', () => {
    const out = escapeDiscordMarkdown('@everyone **bold** [x](https://evil.example)\n# Heading');
    expect(out).not.toMatch(PINGS);
    expect(out).toContain('\\*\\*bold\\*\\*');
    expect(out).toContain('\\[x\\]');
    expect(out).toContain('\\# Heading');
  });
});
