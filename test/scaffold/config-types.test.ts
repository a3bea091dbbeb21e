import { describe, expect, it } from 'vitest';
import { algorithms, type AlgorithmName } from '../../lambdas/consolidation/registry.ts';
import { defineTask, type TaskConfig } from '../../scaffold/config/define-task.ts';
import { validateTaskConfig } from '../../scaffold/config/validate-config.ts';
import { validConfig } from './job/fixtures.ts';

// `npm run typecheck` (run by .ci/run) checks this file: the @ts-expect-error lines fail it
// when the config types stop catching what they should.
describe('the task config type follows the chosen algorithm', () => {
  it('lists every registered algorithm, and only those', () => {
    const typed: Record<AlgorithmName, true> = {
      'majority-vote': true,
      'weighted-vote': true,
      wawa: true,
      'dawid-skene': true,
      'dawid-skene-pooled': true,
      'one-coin-dawid-skene': true,
      'multi-label-vote': true,
      'box-merge': true,
      'keypoint-merge': true,
      'span-vote': true,
      'polygon-best-agreement': true,
      'polyline-best-agreement': true,
      'text-medoid': true,
      'pixel-vote': true,
      median: true,
    };
    expect(Object.keys(algorithms).sort()).toEqual(Object.keys(typed).sort());
  });

  it("an editor completes the algorithm's options and flags the wrong ones", () => {
    const base = validConfig() as TaskConfig;
    const boxes = defineTask({ ...base, type: 'bounding-box', consolidation: { algorithm: 'box-merge', options: { iouThreshold: 0.4, quorum: 0.6 } } });
    // @ts-expect-error dawid-skene has no iouThreshold
    const wrong = defineTask({ ...base, consolidation: { algorithm: 'dawid-skene', options: { iouThreshold: 0.4 } } });
    // @ts-expect-error labels come from the task's labels, not the options
    const labels = defineTask({ ...base, consolidation: { algorithm: 'majority-vote', options: { labels: ['a'] } } });
    // @ts-expect-error a misspelt field is flagged at any depth
    defineTask({ ...base, task: { ...base.task, workerPerObject: 3 } });
    // @ts-expect-error an option no algorithm has
    defineTask({ ...base, type: 'named-entity', consolidation: { algorithm: 'span-vote', options: { simlarity: 0.4, quorum: 0.6 } } });
    // Free-form parts stay free: tags, label definitions.
    defineTask({ ...base, tags: { team: 'ml', 'cost-centre': '42' }, labels: [{ label: 'a', shortDisplayName: 'A' }, 'b'] });
    // @ts-expect-error not a registered algorithm
    const unknown = defineTask({ ...base, consolidation: { algorithm: 'best-guess' } });
    // The run-time check agrees with the types.
    expect(() => validateTaskConfig(boxes, 'gtkit.config.ts')).not.toThrow();
    expect(() => validateTaskConfig(wrong, 'gtkit.config.ts')).toThrow(/consolidation\.options\.iouThreshold: not an option of this algorithm/);
    expect(() => validateTaskConfig(labels, 'gtkit.config.ts')).toThrow(/consolidation\.options\.labels: the task's labels are used/);
    expect(() => validateTaskConfig(unknown, 'gtkit.config.ts')).toThrow(/unknown algorithm "best-guess"/);
  });
});
