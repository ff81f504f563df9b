import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleDestination } from '../../../src/chat/console/destination.js';
import { renderMessage, renderReply, wrap } from '../../../src/chat/console/render.js';
import type { Message } from '../../../src/chat/core/message.js';

const message: Message = {
  kind: 'alert',
  topic: 'cecot',
  title: 'New story: Court orders return of deportees held in CECOT after months of litigation',
  sections: [
    { lines: ['Outlet A · 2026-11-27 15:00', 'A judge ordered the government to bring them back.'] },
    {
      heading: 'What changed against known figures',
      lines: ['Deaths in custody: 473 reported — known 454'],
      links: [{ label: 'Outlet A', url: 'https://a.example/story' }],
    },
  ],
  text: 'fallback',
};

describe('renderMessage', () => {
  it('boxes the title and prints sections, bullets and links', () => {
    const out = renderMessage(message, { width: 60 });
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^╭─ ALERT · cecot ─+╮$/);
    expect(lines[1]).toMatch(/^│ New story: Court orders return of deportees held in\s+│$/);
    expect(lines[2]).toMatch(/^│ CECOT after months of litigation\s+│$/);
    expect(lines[3]).toBe(`╰${'─'.repeat(58)}╯`);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(60);
    expect(out).toContain('  Outlet A · 2026-11-27 15:00');
    expect(out).toContain(
      '  What changed against known figures\n    • Deaths in custody: 473 reported — known 454',
    );
    expect(out).toContain('    → Outlet A: https://a.example/story');
  });

  it('never lets hostile text reach the terminal', () => {
    const hostile: Message = {
      ...message,
      title: '\u001b[2J\u001b]0;pwned\u0007@everyone',
      sections: [
        {
          heading: '<!channel>',
          lines: ['<@U123> \u202eevil'],
          links: [{ label: '@here', url: 'javascript:alert(1)' }],
        },
      ],
    };
    const out = renderMessage(hostile, { width: 60 });
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u202e');
    expect(out).not.toMatch(/@everyone|<!channel>|<@U|@here/);
    expect(out).toContain('(unsafe link removed)');
  });

  it('caps a 10,000-character title, and drops zero-width characters and bidi overrides', () => {
    const hostile: Message = {
      ...message,
      title: `<!chan\u200bnel> @every\u200cone \u2060\u202egnissim\u202c ${'x'.repeat(10_000)}`,
      sections: [{ heading: 'y'.repeat(10_000), lines: [`@he\u200cre ${'z '.repeat(10_000)}`] }],
    };
    const out = renderMessage(hostile, { width: 60 });
    const lines = out.split('\n');
    const titleRows = lines.slice(
      1,
      lines.findIndex((l) => l.startsWith('╰')),
    );
    expect(titleRows.length).toBeLessThanOrEqual(6);
    expect(titleRows.at(-1)).toContain('…');
    expect(lines.length).toBeLessThan(60);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(60);
    for (const hidden of ['\u200c', '\u2060', '\u202e', '\u202c']) expect(out).not.toContain(hidden);
    // Joined up again once the zero-width characters are gone, each token is then broken.
    expect(out).not.toMatch(/<!channel>|@everyone|@here/);
    expect(out).toContain('gnissim');
  });

  it('adds colour only when asked', () => {
    expect(renderMessage(message)).not.toContain('\u001b');
    expect(renderMessage(message, { color: true })).toContain('\u001b[1m');
  });

  it('wraps long words hard', () => {
    expect(wrap('a'.repeat(25), 10)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
    expect(wrap('', 10)).toEqual(['']);
  });
});

describe('createConsoleDestination', () => {
  it('writes each message to the given stream and reports success', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const destination = createConsoleDestination({ stream, id: 'desk', width: 70 });
    expect(destination).toMatchObject({ id: 'desk', type: 'console' });
    expect(await destination.send(message)).toEqual({ ok: true, ref: 'console-1' });
    expect(await destination.send(message)).toEqual({ ok: true, ref: 'console-2' });
    const out = chunks.join('');
    expect(out.match(/ALERT · cecot/g)).toHaveLength(2);
    expect(out).not.toContain('\u001b');
  });
});

describe('replies in a thread', () => {
  const reply: Message = { ...message, title: 'Follow-up: Judge sets a date to hear the deportees' };

  it('draws a reply in under a line naming what it answers, within the width', () => {
    const out = renderReply(reply, 'New story: Court orders return of deportees held in CECOT', {
      width: 60,
    });
    const lines = out.split('\n');
    expect(lines[0]).toBe('  ↳ in reply to “New story: Court orders return of…”');
    expect(lines[1]).toMatch(/^ {4}╭─ ALERT · cecot ─+╮$/);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(60);
    expect(renderReply(reply, null)).toContain('↳ in reply to an earlier message');
    const hostile = renderReply(reply, '\u001b[2J@everyone');
    expect(hostile).not.toContain('\u001b');
    expect(hostile).not.toContain('@everyone');
  });

  it('prints a reply sent to the console under the title of the message it replies to', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const destination = createConsoleDestination({ stream, width: 70 });
    const root = await destination.send(message);
    expect(root).toEqual({ ok: true, ref: 'console-1' });
    await destination.send(reply, { replyTo: 'console-1' });
    await destination.send(reply, { replyTo: 'console-99' });
    const [first, second, third] = chunks;
    expect(first).not.toContain('↳');
    expect(second).toContain('  ↳ in reply to “New story: Court orders return of deportees held in…”');
    expect(second).toContain('    │ Follow-up: Judge sets a date to hear the deportees');
    expect(third).toContain('↳ in reply to an earlier message');
  });
});
