import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { looksLikeZlibHeader, readBody } from '../../../../src/feeds/fetch/read-body.js';

const LIMITS = { maxBodyBytes: 10_000, maxDecompressedBytes: 50_000 };
const TEXT = Buffer.from('<rss><channel><title>Estado de excepción</title></channel></rss>'.repeat(20));

/** A body arriving in small pieces, as a socket would deliver it. */
function chunked(data: Buffer, size = 7): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

describe('readBody', () => {
  it.each([
    ['identity', TEXT],
    ['gzip', gzipSync(TEXT)],
    ['deflate', deflateSync(TEXT)],
    ['deflate', deflateRawSync(TEXT)],
    ['br', brotliCompressSync(TEXT)],
  ] as const)('undoes %s', async (coding, wire) => {
    expect(await readBody(chunked(wire), coding, LIMITS)).toEqual(TEXT);
  });

  it('reads an empty body whatever the coding', async () => {
    expect(await readBody(Readable.from([]), 'gzip', LIMITS)).toEqual(Buffer.alloc(0));
    expect(await readBody(Readable.from([]), 'identity', LIMITS)).toEqual(Buffer.alloc(0));
  });

  it('accepts a body exactly at the cap and refuses one byte more', async () => {
    const limits = { maxBodyBytes: 100, maxDecompressedBytes: 100 };
    await expect(readBody(chunked(Buffer.alloc(100)), 'identity', limits)).resolves.toHaveLength(100);
    await expect(readBody(chunked(Buffer.alloc(101)), 'identity', limits)).rejects.toMatchObject({
      code: 'too-large',
    });
  });

  it('caps the wire bytes of a compressed body', async () => {
    // Random bytes do not compress, so the gzip body is bigger than the wire cap.
    const wire = gzipSync(randomBytes(30_000));
    expect(wire.length).toBeGreaterThan(LIMITS.maxBodyBytes);
    await expect(readBody(chunked(wire, 1000), 'gzip', LIMITS)).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/^body is over/),
    });
  });

  it('stops a decompression bomb at the cap without reading the rest of it', async () => {
    // Gzip members concatenated form one valid stream: 16 × (16 MB of zeros) is 256 MB decoded
    // from about 256 KB on the wire, under the wire cap and far over the decoded cap.
    const bomb = Buffer.concat(Array(16).fill(gzipSync(Buffer.alloc(16 * 1024 * 1024))));
    let consumed = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < bomb.length; i += 64) {
          consumed += Math.min(64, bomb.length - i);
          yield bomb.subarray(i, i + 64);
        }
      })(),
    );
    await expect(
      readBody(source, 'gzip', { maxBodyBytes: 1024 * 1024, maxDecompressedBytes: 50_000 }),
    ).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/^decompressed body is over the 50000-byte limit/),
    });
    expect(source.destroyed).toBe(true);
    // Only what the stream buffers hold ahead (tens of KB) was pulled; the rest was never read.
    expect(consumed).toBeLessThan(64 * 1024);
    expect(bomb.length).toBeGreaterThan(200 * 1024);
  });

  it('reports corrupt data as a zlib error for the fetcher to map to decode', async () => {
    await expect(readBody(chunked(Buffer.from('not gzip at all')), 'gzip', LIMITS)).rejects.toMatchObject({
      code: 'Z_DATA_ERROR',
    });
    await expect(
      readBody(chunked(Buffer.from('not brotli at all, no')), 'br', LIMITS),
    ).rejects.toBeInstanceOf(Error);
  });

  it('tolerates a gzip body cut short after complete blocks', async () => {
    const wire = gzipSync(TEXT);
    const out = await readBody(chunked(wire.subarray(0, wire.length - 8)), 'gzip', LIMITS);
    expect(out).toEqual(TEXT);
  });

  it('passes errors of the source through', async () => {
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error('socket reset'), { code: 'ECONNRESET' }));
      },
    });
    await expect(readBody(failing, 'gzip', LIMITS)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('looksLikeZlibHeader', () => {
  it('tells zlib-wrapped deflate from raw deflate', () => {
    expect(looksLikeZlibHeader(deflateSync(TEXT))).toBe(true);
    expect(looksLikeZlibHeader(deflateSync(TEXT, { level: 1 }))).toBe(true);
    expect(looksLikeZlibHeader(deflateRawSync(TEXT))).toBe(false);
    expect(looksLikeZlibHeader(Buffer.from([0x78]))).toBe(false);
  });
});
