import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DiscordSetupError } from '../../../../src/chat/discord/errors.js';
import { discordPublicKey, isSignedByDiscord } from '../../../../src/chat/discord/verify.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
// The raw key is the last 32 bytes of the SPKI form; Discord shows it as 64 hex characters.
const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const key = discordPublicKey(publicHex);
const NOW = 1_800_000_000_000;
const body = Buffer.from('{"type":1}');

function signed(timestamp: string, data = body) {
  return {
    timestamp,
    body: data,
    signature: sign(null, Buffer.concat([Buffer.from(timestamp), data]), privateKey).toString('hex'),
  };
}

describe('the HTTP interactions signature check', () => {
  const ts = String(NOW / 1000);

  it('accepts a request signed with the key', () => {
    expect(isSignedByDiscord(key, signed(ts), NOW)).toBe(true);
  });

  it('refuses a changed body, a forged or missing signature, a malformed timestamp', () => {
    expect(isSignedByDiscord(key, { ...signed(ts), body: Buffer.from('{"type":2}') }, NOW)).toBe(false);
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = sign(null, Buffer.concat([Buffer.from(ts), body]), other).toString('hex');
    expect(isSignedByDiscord(key, { ...signed(ts), signature: forged }, NOW)).toBe(false);
    expect(isSignedByDiscord(key, { ...signed(ts), signature: undefined }, NOW)).toBe(false);
    expect(isSignedByDiscord(key, { ...signed(ts), signature: 'zz' }, NOW)).toBe(false);
    expect(isSignedByDiscord(key, { ...signed(ts), timestamp: undefined }, NOW)).toBe(false);
    expect(isSignedByDiscord(key, signed('12.5'), NOW)).toBe(false);
  });

  it('refuses a timestamp more than five minutes away, either way', () => {
    expect(isSignedByDiscord(key, signed(String(NOW / 1000 - 301)), NOW)).toBe(false);
    expect(isSignedByDiscord(key, signed(String(NOW / 1000 + 301)), NOW)).toBe(false);
    expect(isSignedByDiscord(key, signed(String(NOW / 1000 - 299)), NOW)).toBe(true);
  });

  it('says what a public key must look like when it is not one', () => {
    expect(() => discordPublicKey('not-a-key')).toThrow(DiscordSetupError);
    expect(() => discordPublicKey('not-a-key')).toThrow(/64 hexadecimal characters/);
  });
});
