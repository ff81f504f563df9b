/**
 * `npm run fit:clusters`: fits the clustering model on the development set's labelled pairs and
 * writes it to `src/dedupe/cluster-model.json` (decision 012). Reads the development set only —
 * never a held-out set. `--dry-run` prints the fit without writing it; `--check` also fits on
 * each half of the set (by publication time) and scores the other half, an estimate of how the
 * fit does on stories it was not fitted on.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EVIDENCE } from '../../src/dedupe/cluster-model.js';
import {
  type ClusterFit,
  checkOnHalves,
  type FitSet,
  fitClusterModel,
  type PairScore,
  readStories,
} from '../../src/quality/cluster-fit.js';
import { DEVSET_DIR, labelledStories, loadDevset, PROJECT_ROOT } from './devset.js';

/** Strength of the L2 penalty on the standardised weights: a dozen weights, a few hundred positive pairs. */
export const L2 = 1;

/** Where the fitted model lives. */
export const MODEL_FILE = join(PROJECT_ROOT, 'src/dedupe/cluster-model.json');

/** The development set's labelled stories, read; throws when its labels are inconsistent. */
function devsetStories(): FitSet {
  const devset = loadDevset(DEVSET_DIR);
  if (devset.labelProblems.length > 0) {
    throw new Error(`the development set's labels are inconsistent:\n${devset.labelProblems.join('\n')}`);
  }
  return readStories(devset.topic, labelledStories(devset));
}

/** Fits the model on the development set; throws when its labels are inconsistent. */
export function fitOnDevset(): { fit: ClusterFit; stories: number; set: FitSet } {
  const set = devsetStories();
  return { fit: fitClusterModel(set, L2), stories: set.stories.length, set };
}

/** Where the threshold was chosen, in words. */
const CHOSEN_ON: Record<ClusterFit['thresholdFrom'], string> = {
  halves: 'each half, scored on the other',
  set: 'the set',
};

const formatScore = (r: PairScore): string =>
  `P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)} F1 ${r.f1.toFixed(3)}`;

/** The model file's content for a fit. */
export function modelFile(fit: ClusterFit, stories: number): Record<string, unknown> {
  const round3 = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    about:
      'Whether two stories report one event: a logistic model over what they share (src/dedupe/cluster-model.ts). ' +
      'Written by `npm run fit:clusters`; do not edit by hand. See docs/decisions/012-cluster-model.md.',
    fittedOn: {
      set: relative(PROJECT_ROOT, DEVSET_DIR),
      stories,
      pairs: fit.pairs,
      samePairs: fit.positives,
      l2: fit.l2,
      heldAtZero: fit.dropped,
      thresholdChosenOn: CHOSEN_ON[fit.thresholdFrom],
      rebuilt: {
        precision: round3(fit.rebuilt.precision),
        recall: round3(fit.rebuilt.recall),
        f1: round3(fit.rebuilt.f1),
      },
    },
    bias: fit.model.bias,
    weights: fit.model.weights,
    threshold: fit.model.threshold,
  };
}

function main(argv: readonly string[]): void {
  const { fit, stories, set } = fitOnDevset();
  const out = process.stdout;
  out.write(`${stories} stories, ${fit.pairs} pairs (${fit.positives} of one event)\n`);
  for (const name of EVIDENCE) out.write(`  ${name.padEnd(14)} ${fit.model.weights[name].toFixed(4)}\n`);
  out.write(`  ${'bias'.padEnd(14)} ${fit.model.bias.toFixed(4)}\n  threshold      ${fit.model.threshold}\n`);
  if (fit.dropped.length > 0)
    out.write(`held at 0 (fitted with the wrong sign): ${fit.dropped.join(', ')}\n`);
  out.write(`threshold chosen on ${CHOSEN_ON[fit.thresholdFrom]}\n`);
  out.write(`labelled clusters rebuilt: ${formatScore(fit.rebuilt)}\n`);
  if (argv.includes('--check')) {
    const check = checkOnHalves(set, L2);
    out.write(`fitted on the earlier half, the later half rebuilt: ${formatScore(check.earlierToLater)}\n`);
    out.write(`fitted on the later half, the earlier half rebuilt: ${formatScore(check.laterToEarlier)}\n`);
  }
  if (argv.includes('--dry-run')) return;
  writeFileSync(MODEL_FILE, `${JSON.stringify(modelFile(fit, stories), null, 2)}\n`);
  out.write(`wrote ${relative(PROJECT_ROOT, MODEL_FILE)}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/')))
  main(process.argv.slice(2));
