import { describe, expect, it } from 'vitest';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import type { TaskConfig } from '../../../scaffold/config/define-task.ts';
import { buildConfig } from '../../../scaffold/init/init-task.ts';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { lookAlikeLabels } from '../../../scaffold/job/look-alike-labels.ts';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { validConfig } from './fixtures.ts';

/** The job check's problems about the labels, as `severity path: message`. */
function labelProblems(labels: TaskConfig['labels'], overrides: Partial<TaskConfig> = {}): string[] {
  return buildJob(validConfig({ labels, ...overrides }))
    .problems.filter((p) => p.path.startsWith('labels'))
    .map((p) => `${p.severity} ${p.path}: ${p.message}`);
}

const nfd = 'caf\u0065\u0301'; // "café" with a combining accent
const nfc = 'caf\u00e9';

describe('labels a worker cannot tell apart', () => {
  it('two labels equal after trimming are an error naming both indexes; the spaced one gets its own warning', () => {
    expect(labelProblems(['refund ', 'refund', 'other'])).toEqual([
      'error labels[1]: labels[0] "refund " and labels[1] "refund" look the same to a worker (they differ only in spaces): workers cannot tell them apart, and their answers split between the two labels',
      'warning labels[0]: label "refund " has white space at its end: workers do not see it, and an answer matches the label only with it',
    ]);
  });

  it('NFC and NFD spellings of the same word are an error that says how they differ', () => {
    const [problem, ...rest] = labelProblems([nfd, nfc, 'other']);
    expect(rest).toEqual([]);
    expect(problem).toBe(`error labels[1]: labels[0] ${JSON.stringify(nfd)} and labels[1] ${JSON.stringify(nfc)} look the same to a worker (they differ only in how an accented letter is encoded, composed or not (Unicode NFC or NFD)): workers cannot tell them apart, and their answers split between the two labels`);
  });

  it('invisible characters and runs of spaces inside a label do not make it another label', () => {
    expect(labelProblems(['cat\u200b', 'cat'])[0]).toMatch(/^error labels\[1\]: .* differ only in invisible characters\)/);
    expect(labelProblems(['late  delivery', 'late delivery'])[0]).toMatch(/^error labels\[1\]: .* differ only in spaces\)/);
  });

  it('labels that differ only in case are a warning, ß and SS included', () => {
    expect(labelProblems(['Refund', 'refund'])).toEqual(['warning labels[1]: labels[0] "Refund" and labels[1] "refund" differ only in case: workers easily take one for the other, and their answers split between the two labels']);
    expect(labelProblems(['STRASSE', 'straße']).map((p) => p.split(':')[0])).toEqual(['warning labels[1]']);
    // Each fix says what to do in the config.
    expect(buildJob(validConfig({ labels: ['Refund', 'refund'] })).problems.find((p) => p.path === 'labels[1]')?.fix).toBe('keep one of them in gtkit.config.ts, or rename one so that they differ in more than case');
  });

  it('an exact duplicate keeps its one error, and a third look-alike is paired with the first label', () => {
    expect(labelProblems(['a', 'a', 'b'])).toEqual(['error labels[1]: duplicate label "a"']);
    expect(lookAlikeLabels(['refund', 'Refund', 'REFUND', ' refund'])).toEqual([
      { first: 0, second: 1, kind: 'case' },
      { first: 0, second: 2, kind: 'case' },
      { first: 0, second: 3, kind: 'seen-alike', difference: 'spaces' },
    ]);
  });

  it('a label of white space or invisible characters alone is an error: it shows nothing', () => {
    expect(labelProblems(['refund', ' ', '\u200b'])).toEqual([
      'error labels[2]: labels[1] " " and labels[2] "\u200b" look the same to a worker (they differ only in spaces and invisible characters): workers cannot tell them apart, and their answers split between the two labels',
      'error labels[1]: label " " shows nothing to a worker: it is only white space or invisible characters',
      'error labels[2]: label "\u200b" shows nothing to a worker: it is only white space or invisible characters',
    ]);
  });

  it('hostile labels: empty, only spaces, 1,000 labels, emoji and right-to-left text', () => {
    expect(lookAlikeLabels(['', ' '])).toEqual([{ first: 0, second: 1, kind: 'seen-alike', difference: 'spaces' }]);
    const many = Array.from({ length: 1000 }, (_, i) => `label ${i}`);
    expect(lookAlikeLabels([...many, 'LABEL 999'])).toEqual([{ first: 999, second: 1000, kind: 'case' }]);
    expect(lookAlikeLabels(['👍', '👎', 'שלום', '\u200fשלום'])).toEqual([{ first: 2, second: 3, kind: 'seen-alike', difference: 'invisible characters' }]);
  });

  it('named-entity short names that look alike are a warning; a short name is not compared with the labels', () => {
    const labels = [{ label: 'person', shortDisplayName: 'per' }, { label: 'percent', shortDisplayName: 'per' }, { label: 'place', shortDisplayName: 'PER' }, { label: 'per' }];
    expect(labelProblems(labels, { type: 'named-entity', consolidation: { algorithm: 'span-vote' } })).toEqual([
      'warning labels[1].shortDisplayName: the short names of labels[0] and labels[1] are the same ("per" and "per"): the page tags marked text with the short name, so spans of the two labels cannot be told apart',
      'warning labels[2].shortDisplayName: the short names of labels[0] and labels[2] differ only in case ("per" and "PER"): the page tags marked text with the short name, so spans of the two labels are easily taken for one another',
    ]);
  });

  it("none of the scaffolded tasks' labels trips the check", () => {
    for (const type of taskTypeNames) {
      const problems = buildJob(buildConfig({ dir: 'x', type })).problems.filter((p) => p.path.startsWith('labels'));
      expect(problems, type).toEqual([]);
    }
  });

  it('gtkit lint reports the look-alike error, and the label warnings, at the labels in the config', async () => {
    const { dir, cleanup } = await makeTaskDir(validConfig({ labels: ['refund ', 'refund', 'other'] }));
    try {
      const findings = (await lintTarget(dir)).findings.filter((f) => f.ruleId === 'job-request');
      expect(findings.map((f) => `${f.severity} ${f.message.split(':')[0]}`)).toEqual(['error labels[1]', 'warning labels[0]']);
    } finally {
      await cleanup();
    }
  });
});
