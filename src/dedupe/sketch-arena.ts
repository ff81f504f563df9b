/**
 * Where the story index keeps its sketches: the hashes of many sketches side by side in large
 * typed arrays, each sketch a view of its part. An array of numbers per sketch costs 8 bytes a
 * hash (most hashes are too large to be small integers) plus its own overhead; here a hash is
 * 4 bytes, and a sketch's overhead is its view.
 */
import type { Sketch } from './fingerprint.js';

/** Hashes per block: a block is 256 KB, and a sketch never spans two. */
const BLOCK_HASHES = 65_536;

/** Append-only storage of sketches (see the module comment). */
export class SketchArena {
  private block = new Uint32Array(BLOCK_HASHES);
  private used = 0;

  /** A copy of `sketch` kept in the arena; the copy must not be written to. */
  hold(sketch: Sketch): Sketch {
    const length = sketch.hashes.length;
    if (length > BLOCK_HASHES - this.used) {
      this.block = new Uint32Array(Math.max(BLOCK_HASHES, length));
      this.used = 0;
    }
    const hashes = this.block.subarray(this.used, this.used + length);
    hashes.set(sketch.hashes);
    this.used += length;
    return { size: sketch.size, hashes };
  }
}
