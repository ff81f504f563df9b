import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logFormatFor, scrubSecrets } from '../../src/log.js';

function capture(format: 'json' | 'pretty' = 'json') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, logger: createLogger({ destination: stream, level: 'debug', format }) };
}

describe('logger', () => {
  it('redacts tokens and Authorization headers by path', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        token: 'xoxb-123-abc',
        headers: { authorization: 'Bearer abcdefghijkl' },
        env: { DISCORD_TOKEN: 'd' },
      },
      'hello',
    );
    const line = lines.join('');
    expect(line).not.toContain('xoxb-123-abc');
    expect(line).not.toContain('abcdefghijkl');
    expect(line).not.toContain('"d"');
    expect(line).toContain('[redacted]');
  });

  it('scrubs token-shaped text inside messages and errors', () => {
    const { lines, logger } = capture();
    logger.warn(
      { err: new Error('Slack said no to xoxb-999-zzz'), url: 'redis://:hunter2@redis:6379' },
      'using xapp-1-AAA',
    );
    const line = lines.join('');
    for (const secret of ['xoxb-999-zzz', 'hunter2', 'xapp-1-AAA']) expect(line).not.toContain(secret);
  });

  it('scrubSecrets leaves ordinary text alone', () => {
    expect(scrubSecrets('473 deaths in custody, says Socorro Jurídico')).toBe(
      '473 deaths in custody, says Socorro Jurídico',
    );
    expect(scrubSecrets('Authorization: Bot abcdefghijklmnop')).toBe('Authorization: [redacted]');
  });

  it('scrubs passwords from URLs of every scheme, rediss:// included, in fields and text', () => {
    const { lines, logger } = capture();
    logger.warn(
      {
        feed: 'https://reader:feed-pass-1@private.example/feed.xml',
        redis: 'rediss://default:tls-pass-2@cache.example:6380',
        err: new Error('GET http://u:err-pass-3@h.example/ failed'),
      },
      'cannot reach rediss://:msg-pass-4@cache.example:6380',
    );
    const line = lines.join('');
    for (const secret of ['feed-pass-1', 'tls-pass-2', 'err-pass-3', 'msg-pass-4'])
      expect(line).not.toContain(secret);
    expect(line).toContain('https://reader:[redacted]@private.example/feed.xml');
  });

  it('scrubs strings nested two and more levels deep, and errors inside them', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        job: { data: { feedUrl: 'https://u:deep-pass-1@h.example/f', note: 'used Bearer deeptoken12345' } },
        list: [{ inner: { text: 'xoxb-42-deep' } }],
        detail: { cause: new Error('xapp-1-NESTED') },
      },
      'nested',
    );
    const line = lines.join('');
    for (const secret of ['deep-pass-1', 'deeptoken12345', 'xoxb-42-deep', 'xapp-1-NESTED'])
      expect(line).not.toContain(secret);
  });

  it('redacts secret-named keys whatever their case (Authorization, Cookie, botToken)', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        request: {
          headers: { Authorization: 'Basic dXNlcjpzZWNyZXQ=', Cookie: 'session=cookie-value-1' },
        },
        options: { botToken: 'plain-token-value-2', 'Proxy-Authorization': 'whatever-3' },
        tokens: 42,
      },
      'request',
    );
    const line = lines.join('');
    for (const secret of ['dXNlcjpzZWNyZXQ=', 'cookie-value-1', 'plain-token-value-2', 'whatever-3'])
      expect(line).not.toContain(secret);
    // A count that only looks like a secret's name stays.
    expect(JSON.parse(line).tokens).toBe(42);
  });

  it('scrubs fields bound to a child logger too', () => {
    const { lines, logger } = capture();
    logger.child({ feed: 'http://a:child-pass@h.example/feed' }).info('polled');
    expect(lines.join('')).not.toContain('child-pass');
  });

  it('writes human-readable lines when asked for the pretty format, still scrubbed', () => {
    const { lines, logger } = capture('pretty');
    logger.warn({ feed: 'https://u:pretty-pass@h.example/feed' }, 'poll did not succeed');
    const text = lines.join('');
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toContain('WARN');
    expect(text).toContain('poll did not succeed');
    expect(text).not.toContain('pretty-pass');
  });

  it('picks pretty lines for a terminal and JSON otherwise', () => {
    expect(logFormatFor({ isTTY: true })).toBe('pretty');
    expect(logFormatFor({ isTTY: false })).toBe('json');
    expect(logFormatFor({})).toBe('json');
  });
});
