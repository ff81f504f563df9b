/** The story index's sketch storage: copies as they were given, however many blocks they fill. */
import { describe, expect, it } from 'vitest';
import { sketchTokens } from '../../../src/dedupe/fingerprint.js';
import { SketchArena } from '../../../src/dedupe/sketch-arena.js';

describe('SketchArena', () => {
  it('holds copies with the same hashes, which later changes to the original do not reach', () => {
    const arena = new SketchArena();
    const sketch = sketchTokens([['the', 'court', 'ruled', 'on', 'monday', 'after', 'a', 'hearing']]);
    const held = arena.hold(sketch);
    expect(held.size).toBe(sketch.size);
    expect(Array.from(held.hashes)).toEqual(sketch.hashes);
    const first = held.hashes[0];
    (sketch.hashes as number[])[0] = 7;
    expect(held.hashes[0]).toBe(first);
  });

  it('keeps every sketch intact across blocks, and an empty one', () => {
    const arena = new SketchArena();
    const sketches = Array.from({ length: 1000 }, (_, i) => ({
      size: 200,
      hashes: Array.from({ length: 160 }, (_, j) => ((i * 160 + j) * 2654435761) >>> 0),
    }));
    const held = sketches.map((s) => arena.hold(s));
    for (const [i, h] of held.entries()) expect(Array.from(h.hashes)).toEqual(sketches[i]!.hashes);
    expect(arena.hold({ size: 0, hashes: [] })).toEqual({ size: 0, hashes: new Uint32Array(0) });
  });
});
