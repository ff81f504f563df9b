import { describe, expect, it } from 'vitest';
import { withText } from '../../../../src/chat/core/compose.js';
import type { Message, MessageSection } from '../../../../src/chat/core/message.js';
import { renderSlackMessages, slackLink, slackText } from '../../../../src/chat/slack/render.js';
import { buildDigest } from '../../../../src/digest/build.js';
import { blockLimitError } from '../../../helpers/fake-slack.js';
import { cecotTopic, storyItem } from '../story-items.js';

const HOSTILE = [
  '<!channel> <!here> <!everyone> @everyone @here @channel',
  '<@U024BE7LH> <#C024BE7LR|general> <!subteam^S123|team>',
  '<https://evil.example|Click to claim> <script>alert(1)</script> & more',
  'right\u202eto\u202dleft \u2066isolate\u2069 zero\u200bwidth @\u200deveryone \ufeffbom',
  '\u001b[31mred\u001b[0m and a bell\u0007',
].join(' ');

function message(overrides: Partial<Omit<Message, 'text'>> = {}): Message {
  return withText({ kind: 'alert', topic: 'cecot', title: 'A title', sections: [], ...overrides });
}

/** Every post within Slack's limits (the fake's checks, which answer as Slack does). */
function expectWithinLimits(posts: ReturnType<typeof renderSlackMessages>): void {
  for (const post of posts) {
    expect(post.text.length).toBeGreaterThan(0);
    expect(blockLimitError(post.text, post.blocks), JSON.stringify(post).slice(0, 300)).toBeNull();
  }
}

/** What a reader sees once Slack decodes the three entities. */
function decoded(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('Slack rendering of hostile text', () => {
  const posts = renderSlackMessages(
    message({
      title: `${HOSTILE} ${'x'.repeat(10_000)}`,
      sections: [
        {
          heading: HOSTILE,
          lines: [HOSTILE, 'y'.repeat(10_000)],
          links: [
            { label: 'Label | with > pipe', url: 'https://news.example/a|b?c=<d>&e=1' },
            { label: 'bad', url: 'javascript:alert(1)' },
            { label: '<!channel>', url: 'https://news.example/ok' },
          ],
        },
      ],
    }),
  );
  const json = JSON.stringify(posts);

  it('stays within every limit, with a text fallback', () => {
    expect(posts).toHaveLength(1);
    expectWithinLimits(posts);
    const header = posts[0]!.blocks[0]!;
    expect(header.type).toBe('header');
  });

  it('leaves no mention, broadcast, link or markup token Slack would act on', () => {
    for (const token of [
      '<!channel>',
      '<!here>',
      '<!everyone>',
      '<@U',
      '<#C',
      '<!subteam',
      '<script',
      '<https://evil',
    ]) {
      expect(json).not.toContain(token);
    }
    // Slack parses entities back for display: the reader still sees none of them live.
    for (const post of posts) {
      const shown = decoded(JSON.stringify(post.blocks));
      expect(shown).not.toMatch(/<[!@#]/);
      expect(shown).not.toMatch(/@(everyone|here|channel)\b/);
    }
  });

  it('drops bidi overrides and terminal escapes, and keeps mrkdwn verbatim', () => {
    for (const invisible of ['\u202d', '\u202e', '\u2066', '\u2069', '\ufeff'])
      expect(json).not.toContain(invisible);
    // JSON writes control characters as \u escapes.
    for (const control of ['\\u001b', '\\u0007', '[31m']) expect(json).not.toContain(control);
    for (const block of posts[0]!.blocks) {
      if (block.type === 'section') expect(block.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
    }
  });

  it('writes links that cannot be broken out of, and drops unsafe ones', () => {
    expect(json).toContain('<https://news.example/a%7Cb?c=%3Cd%3E&amp;e=1|Label ｜ with &gt; pipe>');
    expect(json).toContain('<https://news.example/ok|&lt;\u200b!channel&gt;>');
    expect(json).not.toContain('javascript:');
  });
});

describe('slackText and slackLink', () => {
  it('measures the limit after escaping', () => {
    const text = slackText('&'.repeat(500), 150);
    expect(text.length).toBeLessThanOrEqual(150);
    expect(text.startsWith('&amp;')).toBe(true);
  });

  it('falls back to the host name for an empty label', () => {
    expect(slackLink({ label: '  ', url: 'https://outlet.example/story' })).toBe(
      '<https://outlet.example/story|outlet.example>',
    );
  });

  it('drops a link that would be longer than a line once escaped', () => {
    const url = `https://outlet.example/?${'a=1&'.repeat(450)}`;
    const posts = renderSlackMessages(
      message({ sections: [{ lines: ['x'], links: [{ label: 'L', url }] }] }),
    );
    expect(JSON.stringify(posts[0]!.blocks)).not.toContain('outlet.example');
    expectWithinLimits(posts);
  });
});

describe('splitting long messages', () => {
  const long = (n: number) => `${n} ${'word '.repeat(58)}`.trim();
  const sections: MessageSection[] = Array.from({ length: 120 }, (_, i) => ({
    heading: `Story ${i + 1}`,
    lines: [long(i), long(i + 1000), long(i + 2000)],
    links: Array.from({ length: 10 }, (_, j) => ({
      label: `Outlet ${j}`,
      url: `https://o${j}.example/${i}`,
    })),
  }));
  const posts = renderSlackMessages(message({ kind: 'digest', title: 'Digest', sections }));

  it('splits a message too big for one post into several within the limits, in order', () => {
    expect(posts.length).toBeGreaterThan(2);
    expectWithinLimits(posts);
    const all = posts.map((p) => JSON.stringify(p.blocks)).join('');
    let last = -1;
    for (let i = 1; i <= 120; i += 1) {
      const at = all.indexOf(`*Story ${i}*`);
      expect(at, `Story ${i}`).toBeGreaterThan(last);
      last = at;
    }
    expect(posts[1]!.text).toContain('continued, 2 of');
    expect(posts[1]!.blocks[0]!.type).toBe('context');
  });

  it('keeps to a number of posts when told, saying how much was left out', () => {
    const capped = renderSlackMessages(message({ kind: 'digest', title: 'Digest', sections }), {
      maxMessages: 2,
    });
    expect(capped).toHaveLength(2);
    expectWithinLimits(capped);
    expect(JSON.stringify(capped[1]!.blocks.at(-1))).toContain(
      `${posts.length - 2} more parts were left out`,
    );
  });

  it('renders a real digest of fifteen long stories within the limits', () => {
    const topic = cecotTopic();
    const items = Array.from({ length: 15 }, (_, i) =>
      Array.from({ length: 12 }, (_, j) =>
        storyItem({
          cluster: `c${i}`,
          title: `${HOSTILE} ${'t'.repeat(400)}`,
          summary: `${HOSTILE} ${'s'.repeat(600)}`,
          duplicateOf: null,
          link: `https://outlet${j}.example/story/${i}?a=1&b=2`,
          source: { feedUrl: `https://outlet${j}.example/feed`, name: `Outlet ${j} <!here>` },
          published: `2026-11-27T1${j % 10}:00:00Z`,
        }),
      ),
    ).flat();
    const day = Date.parse('2026-11-27T00:00:00Z');
    const digest = buildDigest({
      topic,
      items,
      window: { fromMs: day, toMs: day + 86_400_000 },
      timeZone: 'UTC',
    });
    expect(digest).not.toBeNull();
    const rendered = renderSlackMessages(digest!);
    expectWithinLimits(rendered);
    expect(JSON.stringify(rendered)).not.toContain('<!here>');
  });
});
