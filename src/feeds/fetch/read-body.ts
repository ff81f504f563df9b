/**
 * Reading a response body under limits. Both caps are enforced while streaming: the wire bytes as
 * they arrive (a lying or missing Content-Length cannot get past), and the decompressed bytes as
 * zlib produces them, so a gzip bomb stops at the cap instead of being inflated in full.
 */
import { pipeline, Readable } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { ContentCoding } from './classify.js';
import { FetchFailure } from './errors.js';

/** Caps for one body, in bytes. */
export interface BodyLimits {
  /** Bytes as received on the wire (compressed, when compressed). */
  maxBodyBytes: number;
  /** Bytes after decompression. */
  maxDecompressedBytes: number;
}

/**
 * Reads `source` to the end, undoing `coding`, and returns the bytes. Throws `FetchFailure`
 * `too-large` (either cap) or `decode` (corrupt compressed data); errors of `source` itself
 * (abort, reset) pass through. Stopping early destroys `source`.
 */
export async function readBody(
  source: AsyncIterable<Buffer>,
  coding: ContentCoding,
  limits: BodyLimits,
): Promise<Buffer> {
  const wire = capWireBytes(source, limits.maxBodyBytes);
  const cap =
    coding === 'identity'
      ? Math.min(limits.maxBodyBytes, limits.maxDecompressedBytes)
      : limits.maxDecompressedBytes;
  const decoded = coding === 'identity' ? wire : decode(wire, coding);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of decoded) {
    total += chunk.length;
    if (total > cap) {
      // Leaving the loop runs the generators' cleanup, which destroys zlib and the socket stream.
      throw coding === 'identity'
        ? new FetchFailure('too-large', `body is over the ${cap}-byte limit`)
        : new FetchFailure('too-large', `decompressed body is over the ${cap}-byte limit`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

async function* capWireBytes(source: AsyncIterable<Buffer>, max: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > max) throw new FetchFailure('too-large', `body is over the ${max}-byte limit`);
    yield chunk;
  }
}

/**
 * "deflate" is meant to be zlib-wrapped (RFC 9110) but some servers send raw DEFLATE, so look at
 * the first two bytes: a zlib header names method 8 and its 16-bit value is a multiple of 31.
 */
export function looksLikeZlibHeader(head: Buffer): boolean {
  if (head.length < 2) return false;
  const cmf = head[0]!;
  const flg = head[1]!;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

function createDecoder(coding: Exclude<ContentCoding, 'identity'>, head: Buffer) {
  // Flushing instead of finishing tolerates bodies cut short after the last full block, as
  // browsers do; real corruption still fails.
  const zlibOptions = { finishFlush: constants.Z_SYNC_FLUSH };
  if (coding === 'gzip') return createGunzip(zlibOptions);
  if (coding === 'br') return createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH });
  return looksLikeZlibHeader(head) ? createInflate(zlibOptions) : createInflateRaw(zlibOptions);
}

async function* decode(
  input: AsyncIterable<Buffer>,
  coding: Exclude<ContentCoding, 'identity'>,
): AsyncGenerator<Buffer> {
  const it = input[Symbol.asyncIterator]();
  // Peek at the start (deflate needs two bytes to choose its decoder).
  let head: Buffer = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await it.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  // An empty body with a Content-Encoding header is still an empty body, not a zlib error.
  if (head.length === 0) return;

  let inputError: unknown;
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      yield head;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    } catch (err) {
      inputError = err;
      throw err;
    } finally {
      await it.return?.();
    }
  }

  const decoder = createDecoder(coding, head);
  const feed = Readable.from(rest(), { objectMode: false });
  // The callback is required by the API; errors reach us through iterating `decoder`.
  pipeline(feed, decoder, () => {});
  try {
    for await (const chunk of decoder) yield chunk as Buffer;
  } catch (err) {
    // If the input failed (cap, abort), that is the real reason, not the premature close it caused.
    throw inputError ?? err;
  } finally {
    decoder.destroy();
    feed.destroy();
  }
}
