import { describe, expect, it } from 'vitest';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import type { ManifestLine } from '../../../scaffold/run/manifest.ts';
import { unusableTruthProblem } from '../../../scaffold/run/simulate.ts';

const classification = getTaskType('text-classification');
/** Manifest lines numbered from `first`, each with the given truth (undefined: none). */
const linesWith = (truths: unknown[], first = 1): ManifestLine[] =>
  truths.map((truth, i) => ({ datasetObjectId: String(i), lineNumber: first + i, dataObject: { source: `t${i}`, ...(truth === undefined ? {} : { truth }) } }));

describe('unusableTruthProblem', () => {
  it('names the lines of each kind, so the user can go to them', () => {
    const lines = linesWith(['cat', undefined, 'Cat', 'dog', null], 4);
    expect(unusableTruthProblem(classification, lines, ['cat', 'dog'])).toBe(
      '3 lines have no usable "truth" field (lines 5, 8 without it, line 6 with a value that is not one of the labels); their simulated answers are random; check --truth-field',
    );
    expect(unusableTruthProblem(classification, linesWith(['cat', 'bird']), ['cat', 'dog'])).toBe(
      '1 line has no usable "truth" field (line 2 with a value that is not one of the labels); its simulated answers are random; check --truth-field',
    );
  });

  it('names the first ten lines of a kind and counts the rest, however long the manifest', () => {
    const lines = linesWith(Array.from({ length: 25_000 }, () => undefined));
    expect(unusableTruthProblem(classification, lines, ['cat', 'dog'], 'truht')).toBe(
      '25000 lines have no usable "truht" field (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 24990 more without it); their simulated answers are random; check --truth-field',
    );
  });

  it('says nothing when every line has a usable truth', () => {
    expect(unusableTruthProblem(classification, linesWith(['cat', 'dog']), ['cat', 'dog'])).toBeUndefined();
  });
});
