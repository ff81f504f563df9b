/**
 * The checked-in clustering model is the one `npm run fit:clusters` fits on the development set:
 * nobody tunes its weights by hand, and a change to the features or the set that is not followed
 * by a refit fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitOnDevset, MODEL_FILE, modelFile } from './fit-clusters.js';

describe('the clustering model', () => {
  it('is what fitting it on the development set gives (run `npm run fit:clusters` after changing either)', () => {
    const { fit, stories } = fitOnDevset();
    expect(JSON.parse(readFileSync(MODEL_FILE, 'utf8'))).toEqual(modelFile(fit, stories));
  });
});
