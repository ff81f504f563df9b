/**
 * `npm run quality:holdout`: scores the analysis pipeline and the keyword baseline on the
 * held-out set (test/fixtures/holdout), a labelled set written without looking at the
 * pipeline's rules and never tuned on, and prints the table (with the development-set score
 * beside it, for contrast), the counts and every mistake.
 *
 * A report, not a gate: it is not part of `npm test`, and it exits 0 whatever the scores.
 * It exits 2 only when nothing could be measured (the set cannot be read, or the pipeline throws).
 * Label problems are printed as a warning before the scores. `--json` prints one JSON document.
 */
import { join } from 'node:path';
import {
  formatCounts,
  formatMistakes,
  QUALITY_METRICS,
  type QualityScores,
  renderTable,
} from '../../src/quality/index.js';
import { DevsetError, PROJECT_ROOT, type QualityRun, runQuality } from './devset.js';

/** The held-out set: `feeds/*` and `labels.yaml`, in the development set's format. */
const HOLDOUT_DIR = join(PROJECT_ROOT, 'test/fixtures/holdout');

const BASELINE_LABEL = 'baseline (CECOT|Bukele|El Salvador, exact-URL dedupe)';
const num = (n: number): string => n.toFixed(3);

/**
 * The table: each metric on the held-out set for beatwatch and the baseline, the development-set
 * score of beatwatch when it could be computed, and the bar of PRODUCT.md (for reference only).
 */
function formatHoldoutTable(
  holdout: QualityScores,
  baseline: QualityScores,
  devset: QualityScores | null,
): string {
  const header = ['metric', 'beatwatch', 'baseline', 'beatwatch on devset', 'bar', ''];
  const rows = QUALITY_METRICS.map((m) => {
    const value = m.read(holdout);
    return [
      m.label,
      num(value),
      num(m.read(baseline)),
      devset ? num(m.read(devset)) : 'n/a',
      `≥ ${m.bar.toFixed(2)}`,
      value >= m.bar - 1e-9 ? 'ok' : 'below',
    ];
  });
  return renderTable(header, rows);
}

/** Scores of the development set for contrast; null (with a note) when they cannot be computed. */
function devsetScores(): { scores: QualityScores | null; note: string | null } {
  try {
    const run = runQuality();
    return { scores: run.beatwatch, note: run.error ? run.error.message : null };
  } catch (err) {
    return { scores: null, note: err instanceof Error ? err.message : String(err) };
  }
}

function main(argv: readonly string[]): number {
  const json = argv.includes('--json');
  let run: QualityRun;
  try {
    run = runQuality(HOLDOUT_DIR);
  } catch (err) {
    const code = err instanceof DevsetError ? err.code : 'QUALITY_UNEXPECTED';
    process.stderr.write(`quality:holdout: ${code}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const { devset: set, baseline, beatwatch, error } = run;
  const dev = devsetScores();

  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          set: 'holdout',
          items: set.items.length,
          labelProblems: set.labelProblems,
          beatwatch,
          baseline,
          devsetBeatwatch: dev.scores,
          error: error && { code: error.code, message: error.message },
        },
        null,
        2,
      )}\n`,
    );
    return error ? 2 : 0;
  }

  const out: string[] = [
    `Held-out set: ${set.items.length} items, ${set.labels.items.size} labelled (test/fixtures/holdout)`,
    'A report, not a gate: these items were never used to tune the rules. Do not tune on them.',
  ];
  if (set.labelProblems.length > 0) {
    out.push('', `Label problems (${set.labelProblems.length}) — the numbers below are not trustworthy:`);
    out.push(...set.labelProblems.map((p) => `  - ${p}`));
  }
  if (!beatwatch) {
    out.push('', formatCounts(BASELINE_LABEL, baseline));
    process.stdout.write(`${out.join('\n')}\n`);
    process.stderr.write(`\nquality:holdout: ${error?.code}: ${error?.message}\n`);
    return 2;
  }

  out.push('', formatHoldoutTable(beatwatch, baseline, dev.scores));
  if (dev.note) out.push(`(development set: ${dev.note})`);
  out.push('', formatCounts('beatwatch', beatwatch), '', formatCounts(BASELINE_LABEL, baseline), '');
  if (beatwatch.unknownIds.length > 0) {
    out.push(
      `Predicted ids not in the set (${beatwatch.unknownIds.length}): ${beatwatch.unknownIds.join(', ')}`,
      '',
    );
  }
  out.push(`Mistakes of beatwatch (${beatwatch.mistakes.length})`, '', formatMistakes(beatwatch.mistakes));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
