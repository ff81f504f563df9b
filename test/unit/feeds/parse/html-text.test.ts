import { describe, expect, it } from 'vitest';
import { htmlToText, looksLikeHtml, normalizeText } from '../../../../src/feeds/parse/html-text.js';

describe('htmlToText', () => {
  it('drops tags and decodes HTML named and numeric entities', () => {
    expect(
      htmlToText('<p>Bukele&nbsp;anunci&oacute; &#8220;m&aacute;s&#x201D; &amp; c&eacute;lulas</p>'),
    ).toBe('Bukele anunció “más” & células');
  });

  it('decodes double-escaped entities once more (escaped HTML inside the feed)', () => {
    expect(htmlToText('Tom &amp; Jerry')).toBe('Tom & Jerry');
  });

  it('drops script and style with their content', () => {
    expect(
      htmlToText(
        '<p>before</p><script>alert("<b>x</b>")</script><style>p { color: red }</style><p>after</p>',
      ),
    ).toBe('before\n\nafter');
  });

  it('keeps the text of other unsafe elements (iframe, object) like feedparser does', () => {
    expect(htmlToText('safe<iframe src="http://x/"> description</iframe>')).toBe('safe description');
  });

  it('separates block elements and keeps inline ones inside words', () => {
    expect(htmlToText('<h1>Title</h1><p>One <b>bo</b>ld</p><ul><li>a</li><li>b</li></ul>line<br>next')).toBe(
      'Title\n\nOne bold\n\na\nb\n\nline\nnext',
    );
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr></table>')).toBe('a b');
  });

  it('folds whitespace the way a browser does, but keeps <pre>', () => {
    expect(htmlToText('<p>  many\n\t spaces   here </p>')).toBe('many spaces here');
    expect(htmlToText('<pre>a\n  b</pre>')).toBe('a\n  b');
  });

  it('does not let a broken comment or a trailing "<" swallow text', () => {
    expect(htmlToText('sa<!-- -- x >fe<script>alert(1)</script>')).toBe('safe');
    expect(htmlToText('ok &amp; <!DOCTYPE')).toBe('ok & <!DOCTYPE');
  });

  it('returns plain text unchanged but folded', () => {
    expect(htmlToText('  1 < 2  ')).toBe('1 < 2');
    expect(htmlToText('')).toBe('');
  });
});

describe('looksLikeHtml', () => {
  it('spots markup and entities but not a lone angle bracket', () => {
    expect(looksLikeHtml('<p>x</p>')).toBe(true);
    expect(looksLikeHtml('a <br/> b')).toBe(true);
    expect(looksLikeHtml('AT&amp;T')).toBe(true);
    expect(looksLikeHtml('1 < 2 and 3 > 2')).toBe(false);
    expect(looksLikeHtml('x<y')).toBe(false);
  });
});

describe('normalizeText', () => {
  it('folds spaces within lines and keeps at most one blank line', () => {
    expect(normalizeText(' a \u00a0 b \r\n\r\n\r\n c ')).toBe('a b\n\nc');
  });
});
