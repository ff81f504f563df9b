/**
 * `npm run quality`: scores the analysis pipeline and the keyword baseline on the labelled
 * development set (test/fixtures/devset) and prints the table, the counts and every mistake.
 *
 * Exit codes: 0 every bar met; 1 a bar not met; 2 the set or the pipeline could not be run.
 * `--json` prints the scores as one JSON document instead of text.
 */
import {
  failedBars,
  formatCounts,
  formatMistakes,
  formatScoreTable,
  type QualityScores,
} from '../../src/quality/index.js';
import { DevsetError, type QualityRun, runQuality } from './devset.js';

function main(argv: readonly string[]): number {
  const json = argv.includes('--json');
  let run: QualityRun;
  try {
    run = runQuality();
  } catch (err) {
    const code = err instanceof DevsetError ? err.code : 'QUALITY_UNEXPECTED';
    process.stderr.write(`quality: ${code}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const { devset, baseline, beatwatch, error } = run;

  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          items: devset.items.length,
          labelProblems: devset.labelProblems,
          beatwatch,
          baseline,
          error: error && { code: error.code, message: error.message },
          failed: beatwatch ? failedBars(beatwatch) : null,
        },
        null,
        2,
      )}\n`,
    );
    return error || devset.labelProblems.length > 0
      ? 2
      : beatwatch && failedBars(beatwatch).length > 0
        ? 1
        : 0;
  }

  const out: string[] = [];
  out.push(
    `Development set: ${devset.items.length} items, ${devset.labels.items.size} labelled (test/fixtures/devset)`,
  );
  if (devset.labelProblems.length > 0) {
    out.push(
      '',
      `Label problems (${devset.labelProblems.length}) — fix labels.yaml before trusting any number:`,
    );
    out.push(...devset.labelProblems.map((p) => `  - ${p}`));
  }
  if (!beatwatch) {
    out.push('', formatCounts('baseline (CECOT|Bukele|El Salvador, exact-URL dedupe)', baseline));
    process.stdout.write(`${out.join('\n')}\n`);
    process.stderr.write(`\nquality: ${error?.code}: ${error?.message}\n`);
    if (error?.cause instanceof Error && error.cause.stack)
      process.stderr.write(`${error.cause.stack.split('\n').slice(0, 6).join('\n')}\n`);
    return 2;
  }

  out.push('', formatScoreTable(beatwatch, baseline), '');
  out.push(formatCounts('beatwatch', beatwatch), '');
  out.push(formatCounts('baseline (CECOT|Bukele|El Salvador, exact-URL dedupe)', baseline), '');
  if (beatwatch.unknownIds.length > 0) {
    out.push(
      `Predicted ids not in the set (${beatwatch.unknownIds.length}): ${beatwatch.unknownIds.join(', ')}`,
      '',
    );
  }
  out.push(
    `Mistakes of beatwatch (${beatwatch.mistakes.length})`,
    '',
    formatMistakes(beatwatch.mistakes),
    '',
  );

  const failed = failedBars(beatwatch);
  if (failed.length > 0) {
    out.push(`BELOW THE BAR: ${failed.map((f) => `${f.label} ${f.value.toFixed(3)} < ${f.bar}`).join('; ')}`);
  } else {
    out.push('Every bar is met.');
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (devset.labelProblems.length > 0) return 2;
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
