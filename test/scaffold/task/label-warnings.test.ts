import { describe, expect, it } from 'vitest';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { validConfig } from '../job/fixtures.ts';

// Lint and init pass on the job check's label warnings (the config's own to fix), not the others
// (ARNs not yet deployed, which stay with gtkit job): they pick them by the problem's kind.
describe('the job check marks its label problems with kind "labels"', () => {
  it('each label warning and error has it; the undeployed-ARN warnings and a keyword error do not', () => {
    const config = validConfig({ labels: ['refund', 'Refund', 'other ', 'other '] });
    const problems = buildJob({ ...config, task: { ...config.task, keywords: ['bad!!'] } }).problems;
    expect(problems.map((p) => [p.severity, p.path, p.kind])).toEqual(
      expect.arrayContaining([
        ['warning', 'labels[1]', 'labels'],
        ['warning', 'labels[2]', 'labels'],
        ['error', 'labels[3]', 'labels'],
        ['warning', 'HumanTaskConfig.PreHumanTaskLambdaArn', undefined],
        ['error', 'HumanTaskConfig.TaskKeywords[0]', undefined],
      ]),
    );
    expect(problems.filter((p) => p.kind === 'labels').every((p) => p.path.startsWith('labels'))).toBe(true);
    expect(problems.filter((p) => p.kind !== 'labels').some((p) => p.path.startsWith('labels'))).toBe(false);
  });

  it('a short name two labels share is a label problem too', () => {
    const config = validConfig({ type: 'named-entity', labels: [{ label: 'person', shortDisplayName: 'p' }, { label: 'place', shortDisplayName: 'p' }], consolidation: { algorithm: 'span-vote' } });
    const shortNames = buildJob(config).problems.filter((p) => p.path.endsWith('.shortDisplayName'));
    expect(shortNames.map((p) => [p.path, p.kind])).toEqual([['labels[1].shortDisplayName', 'labels']]);
  });
});
