/**
 * The quality gate: the development set must be well-formed, and beatwatch must meet every bar
 * of PRODUCT.md on it. The numbers and mistakes behind a failure are printed by
 * `npm run quality`; this test prints the mistakes of the failing kind.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatMistakes,
  type Mistake,
  QUALITY_METRICS,
  type QualityScores,
} from '../../src/quality/index.js';
import { DEVSET_DIR, heldOutDirs, loadDevset, PROJECT_ROOT, type QualityRun, runQuality } from './devset.js';
import { SEED_RUNS, seedLeaks } from './seed-leaks.js';

let run: QualityRun;
beforeAll(() => {
  run = runQuality();
});

describe('the development set', () => {
  it('labels every item, and the labels follow the rules of its README', () => {
    expect(run.devset.labelProblems).toEqual([]);
  });

  it('has the size and mix the quality bars assume', () => {
    const { items, labels, sourced } = run.devset;
    const all = [...labels.items.values()];
    const spanish = sourced.filter((s) => s.item.language?.toLowerCase().startsWith('es')).length;
    const outlets = new Set(sourced.map((s) => s.source.feedUrl));
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(spanish * 2).toBeGreaterThanOrEqual(items.length);
    expect(outlets.size).toBeGreaterThanOrEqual(15);
    expect(all.filter((l) => !l.relevant).length).toBeGreaterThanOrEqual(60);
    expect(all.filter((l) => l.duplicateOf !== null).length).toBeGreaterThanOrEqual(45);
    const metrics = new Set(all.flatMap((l) => l.claims.map((c) => c.metric)));
    expect([...metrics].sort()).toEqual(run.devset.topic.brief.metrics.map((m) => m.id).sort());
    const statuses = new Set(all.flatMap((l) => l.factChanges.map((f) => f.status)));
    expect([...statuses].sort()).toEqual(['confirms', 'differs', 'new']);
  });

  it('matches the counts its README states', () => {
    const readme = readFileSync(join(DEVSET_DIR, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const all = [...run.devset.labels.items.values()];
    const spanish = run.devset.sourced.filter((s) => s.item.language?.toLowerCase().startsWith('es')).length;
    const stated =
      `${all.length} items, ${spanish} in Spanish; ${all.filter((l) => l.relevant).length} on the beat, ` +
      `${all.filter((l) => !l.relevant).length} off it; ` +
      `${all.filter((l) => l.duplicateOf !== null).length} duplicate pairs`;
    expect(readme).toContain(stated);
    const clusters = new Set(all.flatMap((l) => (l.cluster ? [l.cluster] : []))).size;
    expect(readme).toContain(`${clusters} labelled clusters`);
    expect(readme).toContain(`${all.reduce((n, l) => n + l.claims.length, 0)} labelled claims`);
  });

  it('contains no eight-word run of the seed report', () => {
    expect(SEED_RUNS).toBeGreaterThan(300);
    expect(seedLeaks(run.devset.sourced, DEVSET_DIR)).toEqual([]);
  });
});

// The held-out sets follow the same rules; only their labels are checked here. Their scores are
// reported by `npm run quality` and `npm run quality:holdout`, not gated, so that nobody tunes
// the pipeline against them.
describe('the held-out sets', () => {
  for (const dir of heldOutDirs()) {
    it(`${relative(PROJECT_ROOT, dir)} is labelled by the same rules, shares no item with the development set, and leaks nothing`, () => {
      const held = loadDevset(dir);
      expect(held.labelProblems).toEqual([]);
      const devIds = new Set(run.devset.items.map((i) => i.id));
      expect(held.items.filter((i) => devIds.has(i.id))).toEqual([]);
      expect(seedLeaks(held.sourced, dir)).toEqual([]);
    });
  }
});

const KINDS: Record<(typeof QUALITY_METRICS)[number]['key'], Mistake['kind'][]> = {
  relevanceF1: ['missing', 'relevance'],
  duplicateF1: ['missing', 'duplicate'],
  clusterF1: ['cluster'],
  claimF1: ['claims'],
  factChangeAccuracy: ['factChanges'],
};

describe('beatwatch on the development set', () => {
  it('runs the analysis pipeline without error', () => {
    expect(run.error?.message ?? null).toBeNull();
  });

  for (const metric of QUALITY_METRICS) {
    it(`meets the bar: ${metric.label} ≥ ${metric.bar}`, () => {
      const scores: QualityScores | null = run.beatwatch;
      if (!scores) throw new Error(`no scores: ${run.error?.message ?? 'the pipeline did not run'}`);
      const value = metric.read(scores);
      const mistakes = scores.mistakes.filter((m) => KINDS[metric.key].includes(m.kind));
      expect(
        value,
        `${metric.label} ${value.toFixed(3)} (baseline ${metric.read(run.baseline).toFixed(3)})\n${formatMistakes(mistakes)}`,
      ).toBeGreaterThanOrEqual(metric.bar - 1e-9);
    });
  }
});
