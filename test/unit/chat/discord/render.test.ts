import { describe, expect, it } from 'vitest';
import type { Message } from '../../../../src/chat/core/message.js';
import { escapeWithin, renderDiscordMessage } from '../../../../src/chat/discord/render.js';
import { discordPayloadProblems } from '../../../helpers/discord-limits.js';

function message(overrides: Partial<Message> = {}): Message {
  return { kind: 'alert', topic: 'cecot', title: 'New story', sections: [], text: '', ...overrides };
}

/** Every piece of text of a payload list, for checks that must hold everywhere. */
function allText(payloads: ReturnType<typeof renderDiscordMessage>): string {
  return payloads
    .flatMap((p) => p.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '']))
    .join('\n');
}

const HOSTILE = [
  '@everyone look',
  '@here now',
  'ping <@123> and <@!123> and role <@&123> and <#456>',
  '<script>alert(1)</script>',
  'click [x](http://evil.example) **bold** __under__ ~~strike~~ `code` ||spoiler||',
  '> quoted\n# heading\n- list',
  'reversed \u202egnp.exe\u202c and isolate \u2066text\u2069',
  'zero\u200bwidth\u200c joiners\u200d and \ufeffbom',
  'terminal \u001b[31mred\u001b[0m',
];

describe('rendering a message for Discord', () => {
  it('keeps hostile text inert: no mention, no markdown, no masked link, no bidi override', () => {
    const payloads = renderDiscordMessage(
      message({
        title: `@everyone <@123> <script>x</script> ${'A'.repeat(10_000)}`,
        sections: [
          { lines: HOSTILE },
          {
            heading: '@here [heading](http://evil.example)',
            lines: HOSTILE,
            links: [
              { label: '[click](http://evil.example)', url: 'https://outlet.example/story_(1)?a=b' },
              { label: 'script', url: 'javascript:alert(1)' },
              { label: 'data', url: 'data:text/html,<script>alert(1)</script>' },
              { label: '', url: 'https://user:pass@outlet.example/x' },
            ],
          },
        ],
      }),
    );
    expect(payloads).toHaveLength(1);
    for (const p of payloads) {
      expect(discordPayloadProblems(p)).toBeNull();
      expect(p.allowed_mentions).toEqual({ parse: [] });
    }
    const text = allText(payloads);
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<[@#]/);
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\ufeff]/);
    expect(text).not.toContain('\u001b');
    // Markdown characters are escaped, so the injected link is shown as text, not as a link.
    expect(text).toContain('\\[x\\](http://evil.example)');
    expect(text).not.toMatch(/(^|[^\\])\[(x|heading|click)\\?\]\(/);
    expect(text).toContain('\\*\\*bold\\*\\*');
    expect(text).toContain('\\> quoted');
    // Links: only safe ones, parentheses encoded, credentials dropped, the label escaped.
    expect(text).toContain('[\\[click\\](http://evil.example)](https://outlet.example/story_%281%29?a=b)');
    expect(text).toContain('[outlet.example](https://outlet.example/x)');
    expect(text).not.toMatch(/javascript:|data:text|user:pass/);
    const [embed] = payloads[0]!.embeds;
    expect(embed!.title!.length).toBeLessThanOrEqual(256);
    expect(embed!.title).toMatch(/…$/);
  });

  it('splits a digest-sized message into several valid messages, nothing lost, in order', () => {
    const sections = Array.from({ length: 40 }, (_, s) => ({
      heading: `Story ${s}: ${'headline words '.repeat(8)}`,
      lines: Array.from({ length: 5 }, (_, l) => `S${s}L${l} ${'summary text of a story '.repeat(12)}`),
      links: Array.from({ length: 10 }, (_, k) => ({
        label: `Outlet ${k}`,
        url: `https://o${k}.example/s/${s}`,
      })),
    }));
    const payloads = renderDiscordMessage(message({ kind: 'digest', title: 'Daily digest', sections }));
    expect(payloads.length).toBeGreaterThan(5);
    payloads.forEach((p, i) => {
      expect(discordPayloadProblems(p)).toBeNull();
      expect(p.allowed_mentions).toEqual({ parse: [] });
      expect(p.embeds.length).toBeLessThanOrEqual(10);
      expect(p.embeds.at(-1)!.footer!.text).toBe(`cecot · digest · ${i + 1}/${payloads.length}`);
      // The title opens the first message only.
      expect(p.embeds.filter((e) => e.title)).toHaveLength(i === 0 ? 1 : 0);
      // A heading never ends an embed alone: its first line is always with it.
      for (const e of p.embeds) expect(e.description ?? '').not.toMatch(/\*\*[^\n]*\*\*$/);
    });
    const descriptions = payloads.flatMap((p) => p.embeds.map((e) => e.description ?? '')).join('\n');
    let from = 0;
    for (let s = 0; s < 40; s++) {
      for (let l = 0; l < 5; l++) {
        const at = descriptions.indexOf(`• S${s}L${l} `, from);
        expect(at, `line S${s}L${l}`).toBeGreaterThanOrEqual(from);
        from = at;
      }
      expect(descriptions).toContain(`(https://o9.example/s/${s})`);
    }
  });

  it('cuts an absurdly long line to a valid length instead of failing the message', () => {
    const payloads = renderDiscordMessage(message({ sections: [{ lines: ['x'.repeat(10_000), 'after'] }] }));
    expect(payloads).toHaveLength(1);
    expect(discordPayloadProblems(payloads[0])).toBeNull();
    const [line, after] = payloads[0]!.embeds[0]!.description!.split('\n');
    expect(line!.length).toBeLessThanOrEqual(1000);
    expect(after).toBe('after');
  });

  it('renders a message with a title only, or an empty title, as one valid embed', () => {
    const [only] = renderDiscordMessage(message({ title: '\u202e\u200e' }));
    expect(only!.embeds).toHaveLength(1);
    expect(only!.embeds[0]!.title).toBe('(untitled)');
    expect(discordPayloadProblems(only)).toBeNull();
  });
});

describe('escapeWithin', () => {
  it('fits the escaped text in the limit without leaving half an escape', () => {
    const text = '*_'.repeat(500);
    const out = escapeWithin(text, 101);
    expect(out.length).toBeLessThanOrEqual(101);
    expect(out).toMatch(/…$/);
    expect(out.replace(/…$/, '')).toMatch(/^(\\[*_])+$/);
    expect(escapeWithin('short', 10)).toBe('short');
  });
});
