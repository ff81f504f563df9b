import { describe, expect, it } from 'vitest';
import { isSecretKey, redactUrlCredentials, scrubSecrets } from '../../src/redact.js';

describe('redactUrlCredentials', () => {
  it.each([
    ['https://reader:pw@feeds.example/rss', 'https://reader:[redacted]@feeds.example/rss'],
    ['rediss://default:pw@cache.example:6380/0', 'rediss://default:[redacted]@cache.example:6380/0'],
    ['redis://:pw@127.0.0.1:6379', 'redis://:[redacted]@127.0.0.1:6379'],
    ['https://TOKEN123@api.example/feed', 'https://[redacted]@api.example/feed'],
    ['https://u:p@ss@feeds.example/rss', 'https://u:[redacted]@feeds.example/rss'],
    ['https://feeds.example/rss?from=a@b.example', 'https://feeds.example/rss?from=a@b.example'],
    ['https://feeds.example/rss', 'https://feeds.example/rss'],
  ])('%s → %s', (input, expected) => {
    expect(redactUrlCredentials(input)).toBe(expected);
  });

  it('hides URLs quoted in free text and JSON without touching what follows', () => {
    expect(redactUrlCredentials('GET http://u:pw@h.example/f failed; write to ops@example.org')).toBe(
      'GET http://u:[redacted]@h.example/f failed; write to ops@example.org',
    );
    const json = JSON.stringify({ a: 'http://h.example', b: 'x@y', c: 'https://u:pw@h.example/' });
    expect(JSON.parse(redactUrlCredentials(json))).toEqual({
      a: 'http://h.example',
      b: 'x@y',
      c: 'https://u:[redacted]@h.example/',
    });
  });
});

describe('scrubSecrets and isSecretKey', () => {
  it('hides Basic credentials and Discord-shaped tokens in text', () => {
    expect(scrubSecrets('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe('Authorization: [redacted]');
    const discord = `${'M'.repeat(24)}.${'G'.repeat(6)}.${'x'.repeat(30)}`;
    expect(scrubSecrets(`login with ${discord}`)).toBe('login with [redacted]');
  });

  it('knows secret-named keys in any case, and leaves counts alone', () => {
    for (const key of [
      'Authorization',
      'proxy-authorization',
      'Set-Cookie',
      'botToken',
      'SLACK_SIGNING_SECRET',
      'x-api-key',
      'DISCORD_PUBLIC_KEY',
    ])
      expect(isSecretKey(key), key).toBe(true);
    for (const key of ['tokens', 'feed', 'url', 'deliveryKey']) expect(isSecretKey(key), key).toBe(false);
  });
});
