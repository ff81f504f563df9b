import { describe, expect, it } from 'vitest';
import {
  decodeHashes,
  encodeHashes,
  hash32,
  resemblance,
  type Sketch,
  sketchTokens,
} from '../../../src/dedupe/fingerprint.js';

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

const sketch = (title: string, body: string) => sketchTokens([words(title), words(body)]);

// A wire story, written for this test.
const WIRE_TITLE = 'El Salvador says it will free prisoners if another country takes all of them';
const WIRE_BODY =
  'President Nayib Bukele said on Tuesday that El Salvador would release every inmate held in the ' +
  'CECOT mega-prison to any country willing to receive them, answering critics who accuse the ' +
  'facility of abuse. The offer came a day after a former US official called the prison brutal ' +
  'and two days after a television network pulled a report on conditions inside. Rights groups ' +
  'say hundreds of people have died in custody since the state of emergency began in March 2022, ' +
  'while the government says the crackdown ended decades of gang violence.';

// The same wire copy under another outlet's headline.
const REHEADLINED_TITLE = 'Bukele dares critics to take in every CECOT inmate';
// The same copy lightly edited by a desk: one sentence trimmed, a few words changed.
const EDITED_BODY =
  'President Nayib Bukele said Tuesday that El Salvador would release every inmate held in the ' +
  'CECOT mega-prison to any country willing to receive them, answering critics who accuse the ' +
  'facility of abuse. The offer came a day after a former US official called the prison brutal ' +
  'and two days after a television network pulled its report on conditions inside. Rights groups ' +
  'say hundreds of people have died in custody since the state of emergency began in March 2022.';
// Another story on the same event, written independently: same names, different sentences.
const OTHER_TITLE = 'Bukele offers to hand over CECOT prisoners after Clinton criticism';
const OTHER_BODY =
  'Salvadoran President Nayib Bukele responded on social media to criticism of the CECOT prison, ' +
  'saying his government is ready to cooperate if anyone believes torture happens there. He said ' +
  'the condition is that a receiving country must accept all prisoners, including gang leaders. ' +
  'Hillary Clinton had described the mega-prison as brutal on Monday, and CBS delayed a 60 Minutes ' +
  'segment about former detainees. El Salvador has detained more than 90,000 people under the state of emergency.';
// A different story altogether.
const UNRELATED_TITLE = 'Central bank holds interest rates steady';
const UNRELATED_BODY =
  'The central bank kept its benchmark rate unchanged on Wednesday, citing easing inflation and a ' +
  'slowdown in consumer spending, and signalled that cuts could come early next year.';

describe('hash32', () => {
  it('is stable and spreads similar strings apart', () => {
    expect(hash32('cecot mega prison')).toBe(hash32('cecot mega prison'));
    expect(hash32('cecot mega prison')).not.toBe(hash32('cecot mega prisons'));
    expect(hash32('')).toBeGreaterThanOrEqual(0);
  });
});

describe('sketch resemblance', () => {
  const original = sketch(WIRE_TITLE, WIRE_BODY);

  it('is 1 for the same text', () => {
    const r = resemblance(original, sketch(WIRE_TITLE, WIRE_BODY));
    expect(r.jaccard).toBe(1);
    expect(r.containment).toBe(1);
  });

  it('stays high for a re-headlined copy', () => {
    const r = resemblance(original, sketch(REHEADLINED_TITLE, WIRE_BODY));
    expect(r.jaccard).toBeGreaterThan(0.75);
  });

  it('stays high for a lightly edited copy', () => {
    const r = resemblance(original, sketch(WIRE_TITLE, EDITED_BODY));
    expect(r.jaccard).toBeGreaterThan(0.6);
    expect(r.containment).toBeGreaterThan(0.8);
  });

  it('is low for a different story about the same event', () => {
    const r = resemblance(original, sketch(OTHER_TITLE, OTHER_BODY));
    expect(r.jaccard).toBeLessThan(0.1);
    expect(r.containment).toBeLessThan(0.2);
  });

  it('is about zero for an unrelated story', () => {
    const r = resemblance(original, sketch(UNRELATED_TITLE, UNRELATED_BODY));
    expect(r.jaccard).toBeLessThan(0.02);
  });

  it('sees a short excerpt as contained in the full copy', () => {
    const excerpt = WIRE_BODY.split('. ').slice(0, 1).join('. ');
    const r = resemblance(original, sketch(WIRE_TITLE, excerpt));
    expect(r.containment).toBeGreaterThan(0.9);
    expect(r.jaccard).toBeLessThan(0.8);
  });

  it('estimates well when texts are longer than the sketch', () => {
    const long = Array.from({ length: 12 }, (_, i) => `${WIRE_BODY} paragraph ${i}`).join(' ');
    const a = sketchTokens([words(long)], 64);
    const b = sketchTokens([words(`${long} one more closing sentence about the prison`)], 64);
    expect(a.hashes).toHaveLength(64);
    expect(resemblance(a, b, 64).jaccard).toBeGreaterThan(0.8);
    const c = sketchTokens([words(OTHER_BODY.repeat(3))], 64);
    expect(resemblance(a, c, 64).jaccard).toBeLessThan(0.15);
  });

  it('handles empty and very short texts', () => {
    const empty = sketchTokens([[]]);
    expect(empty).toEqual({ size: 0, hashes: [] });
    expect(resemblance(empty, original).jaccard).toBe(0);
    const short = sketchTokens([['cecot']]);
    expect(short.size).toBe(1);
    expect(resemblance(short, sketchTokens([['cecot']])).jaccard).toBe(1);
  });
});

describe('resemblance against a step-by-step walk of the union', () => {
  /** The estimate spelt out one hash at a time. */
  function walked(a: Sketch, b: Sketch, k: number): { jaccard: number; smaller: number } {
    const smaller = Math.min(a.size, b.size);
    if (a.hashes.length === 0 || b.hashes.length === 0) return { jaccard: 0, smaller };
    let [i, j, taken, both] = [0, 0, 0, 0];
    while (taken < k && (i < a.hashes.length || j < b.hashes.length)) {
      const x = a.hashes[i] ?? Number.POSITIVE_INFINITY;
      const y = b.hashes[j] ?? Number.POSITIVE_INFINITY;
      if (x === y) both++;
      if (x <= y) i++;
      if (y <= x) j++;
      taken++;
      // A full sketch says nothing past its last hash.
      if (
        (i >= a.hashes.length && a.hashes.length < a.size) ||
        (j >= b.hashes.length && b.hashes.length < b.size)
      )
        break;
    }
    return { jaccard: taken === 0 ? 0 : both / taken, smaller };
  }

  it('agrees on overlapping, disjoint, complete and full sketches', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pick = (pool: number[], n: number, more: number): Sketch => {
      const hashes = [...new Set(Array.from({ length: n }, () => pool[random(pool.length)]!))].sort(
        (x, y) => x - y,
      );
      return { size: hashes.length + more, hashes };
    };
    for (let t = 0; t < 2000; t++) {
      const pool = Array.from({ length: 1 + random(200) }, () => random(2 ** 32));
      const k = [160, 32, 3][random(3)]!;
      const a = pick(pool, random(120), random(3) === 0 ? random(40) : 0);
      const b = pick(pool.slice(random(pool.length)), random(120), random(3) === 0 ? random(40) : 0);
      expect(resemblance(a, b, k)).toMatchObject(walked(a, b, k));
    }
  });
});

describe('hash encoding', () => {
  it('round-trips through base64', () => {
    const s = sketch(WIRE_TITLE, WIRE_BODY);
    expect(decodeHashes(encodeHashes(s.hashes))).toEqual(s.hashes);
    expect(decodeHashes('')).toEqual([]);
  });
});
