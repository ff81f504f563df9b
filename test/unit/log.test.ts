import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/log.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, logger: createLogger({ destination: stream, level: 'debug' }) };
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
});
