/**
 * The signature check of HTTP interactions. Discord signs `X-Signature-Timestamp` + raw body with
 * the application's Ed25519 key and sends the signature in `X-Signature-Ed25519`; it also sends
 * bad signatures on purpose to check that endpoints refuse them. node:crypto verifies Ed25519 once
 * the raw 32-byte public key is wrapped as an SPKI structure. Discord documents no replay window,
 * so a timestamp more than five minutes away from now, either way, is refused as well.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { DiscordSetupError } from './errors.js';

/** The DER header of an Ed25519 SPKI public key; the 32 key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** How far a request's timestamp may be from now. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;

/** The key from `DISCORD_PUBLIC_KEY` (64 hex characters). */
export function discordPublicKey(hex: string): KeyObject {
  const trimmed = hex.trim();
  if (!/^[0-9a-f]{64}$/i.test(trimmed)) {
    throw new DiscordSetupError(
      'DISCORD_PUBLIC_KEY_INVALID',
      'DISCORD_PUBLIC_KEY must be the 64 hexadecimal characters shown as "Public Key" on the ' +
        "application's General Information page in the Discord developer portal",
    );
  }
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(trimmed, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export interface SignedRequest {
  /** `X-Signature-Ed25519`: 128 hex characters. */
  signature: string | undefined;
  /** `X-Signature-Timestamp`: Unix seconds. */
  timestamp: string | undefined;
  body: Buffer;
}

/** Whether the request is signed by the key and was signed within five minutes of `nowMs`. */
export function isSignedByDiscord(key: KeyObject, request: SignedRequest, nowMs: number): boolean {
  const { signature, timestamp } = request;
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) {
    return false;
  }
  if (Math.abs(nowMs - Number(timestamp) * 1000) > MAX_SIGNATURE_AGE_MS) return false;
  return verify(
    null,
    Buffer.concat([Buffer.from(timestamp, 'utf8'), request.body]),
    key,
    Buffer.from(signature, 'hex'),
  );
}
