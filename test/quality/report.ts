/**
 * `npm run quality`: scores the analysis pipeline and the keyword baseline on the labelled
 * development set (test/fixtures/devset) and prints the table, the counts and every mistake;
 * then the same table for each held-out set present (test/fixtures/holdout,
 * test/fixtures/devset/holdout-2, test/fixtures/holdout-3, test/fixtures/holdout-4), whose mistakes are listed only on
 * request so that they stay out of tuning (`npm run quality:holdout` lists those of the first).
 *
 * Options: `--json` prints everything as one JSON document; `--holdout-mistakes` lists the
 * held-out sets' mistakes too; `--set <dir>` (repeatable) scores another set laid out the same
 * way (`<dir>/feeds/*`, `<dir>/labels.yaml`) as a held-out set.
 * Exit codes: 0 every bar met on the development set; 1 a bar not met there; 2 a set could not
 * be read, its labels are inconsistent, or the pipeline failed.
 */

import { relative, resolve } from 'node:path';
import { failedBars, formatCounts, formatMistakes, formatScoreTable } from '../../src/quality/index.js';
import { DevsetError, heldOutDirs, PROJECT_ROOT, type QualityRun, runQuality } from './devset.js';

const BASELINE = 'baseline (CECOT|Bukele|El Salvador, exact-URL dedupe)';

function summary(run: QualityRun) {
  return {
    items: run.devset.items.length,
    labelProblems: run.devset.labelProblems,
    beatwatch: run.beatwatch,
    baseline: run.baseline,
    error: run.error && { code: run.error.code, message: run.error.message },
    failed: run.beatwatch ? failedBars(run.beatwatch) : null,
  };
}

/** The text of one set's section: label problems, table, counts, and optionally mistakes. */
function section(title: string, run: QualityRun, withMistakes: boolean): string[] {
  const { devset, baseline, beatwatch, error } = run;
  const out = [`${title}: ${devset.items.length} items, ${devset.labels.items.size} labelled`];
  if (devset.labelProblems.length > 0) {
    out.push(`Label problems (${devset.labelProblems.length}) — fix the labels before trusting any number:`);
    out.push(...devset.labelProblems.map((p) => `  - ${p}`));
  }
  if (!beatwatch) {
    out.push('', formatCounts(BASELINE, baseline), '', `beatwatch could not be scored: ${error?.message}`);
    return out;
  }
  out.push('', formatScoreTable(beatwatch, baseline), '');
  out.push(formatCounts('beatwatch', beatwatch), '', formatCounts(BASELINE, baseline), '');
  if (beatwatch.unknownIds.length > 0) {
    out.push(
      `Predicted ids not in the set (${beatwatch.unknownIds.length}): ${beatwatch.unknownIds.join(', ')}`,
      '',
    );
  }
  if (withMistakes) {
    out.push(
      `Mistakes of beatwatch (${beatwatch.mistakes.length})`,
      '',
      formatMistakes(beatwatch.mistakes),
      '',
    );
  } else {
    out.push(`${beatwatch.mistakes.length} mistakes (listed with --holdout-mistakes)`, '');
  }
  return out;
}

/** The directories given with `--set`, resolved against the current directory. */
function extraSets(argv: readonly string[]): string[] {
  const dirs: string[] = [];
  argv.forEach((a, i) => {
    if (a === '--set' && argv[i + 1]) dirs.push(resolve(argv[i + 1]!));
  });
  return dirs;
}

function main(argv: readonly string[]): number {
  let dev: QualityRun;
  const held: { dir: string; run: QualityRun }[] = [];
  try {
    dev = runQuality();
    const dirs = [...heldOutDirs(), ...extraSets(argv)];
    for (const dir of dirs) held.push({ dir, run: runQuality(dir) });
  } catch (err) {
    const code = err instanceof DevsetError ? err.code : 'QUALITY_UNEXPECTED';
    process.stderr.write(`quality: ${code}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const unusable =
    dev.error !== null ||
    dev.devset.labelProblems.length > 0 ||
    held.some((h) => h.run.devset.labelProblems.length > 0);
  const failed = dev.beatwatch ? failedBars(dev.beatwatch) : [];
  const code = unusable ? 2 : failed.length > 0 ? 1 : 0;

  if (argv.includes('--json')) {
    const doc = {
      development: summary(dev),
      heldOut: held.map((h) => ({ dir: relative(PROJECT_ROOT, h.dir), ...summary(h.run) })),
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return code;
  }

  const out = section('Development set (test/fixtures/devset)', dev, true);
  if (dev.beatwatch) {
    out.push(
      failed.length > 0
        ? `BELOW THE BAR: ${failed.map((f) => `${f.label} ${f.value.toFixed(3)} < ${f.bar}`).join('; ')}`
        : 'Every bar is met on the development set.',
    );
  }
  for (const h of held) {
    out.push('', '='.repeat(72), '');
    out.push(
      ...section(
        `Held-out set (${relative(PROJECT_ROOT, h.dir)}; not for tuning, not gated)`,
        h.run,
        argv.includes('--holdout-mistakes'),
      ),
    );
  }
  process.stdout.write(`${out.join('\n').trimEnd()}\n`);
  if (dev.error) {
    process.stderr.write(`\nquality: ${dev.error.code}: ${dev.error.message}\n`);
    const cause = dev.error.cause;
    if (cause instanceof Error && cause.stack)
      process.stderr.write(`${cause.stack.split('\n').slice(0, 6).join('\n')}\n`);
  }
  return code;
}

process.exitCode = main(process.argv.slice(2));
