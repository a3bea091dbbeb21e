import { describe, expect, it } from 'vitest';
import { algorithms } from '../../../lambdas/consolidation/registry.ts';
import * as taskTypesIndex from '../../../lambdas/task-types/index.ts';
import { answerKinds } from '../../../lambdas/task-types/kinds/all.ts';
import { answerKindExports } from '../../../lambdas/task-types/kinds/kind.ts';
import { kindConsolidation, taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import { boundingBox, boxAnswers, classAnswers, textClassification } from '../../../lambdas/task-types/index.ts';
import { taskTypes } from '../../../lambdas/task-types/registry.ts';
import { caught } from '../../helpers/errors.ts';

describe('each answer kind consolidates with its own algorithms', () => {
  it("each task type's kind holds exactly the registry's algorithms of that kind, under their names", () => {
    for (const type of Object.values(taskTypes)) {
      const kind = answerKinds[type.answerKind];
      expect(kind.kind, type.name).toBe(type.answerKind);
      const registered = Object.values(algorithms).filter((a) => a.kind === type.answerKind);
      expect(Object.keys(kind.algorithms).sort(), type.name).toEqual(registered.map((a) => a.name).sort());
      for (const a of registered) expect(kind.algorithms[a.name], a.name).toBe(a);
      // The type's default algorithm is one its kind has.
      expect(Object.keys(kind.algorithms), type.name).toContain(type.defaultAlgorithm);
    }
  });

  it('gtkit/task-types exports each kind under the name answerKindExports gives (a scaffolded acs.ts imports it)', () => {
    for (const [kind, name] of Object.entries(answerKindExports)) expect((taskTypesIndex as Record<string, unknown>)[name], name).toBe(answerKinds[kind as keyof typeof answerKinds]);
  });

  it('kindConsolidation refuses the consolidation of another kind, naming the one to pass', () => {
    const wrong = caught(() => kindConsolidation(boundingBox, classAnswers, { algorithm: 'box-merge', labels: ['car'] }));
    expect(wrong).toBeInstanceOf(TypeError);
    expect(wrong.message).toBe('kindConsolidation: bounding-box answers are box, but the consolidation given takes class answers; pass boxAnswers');
    expect(caught(() => kindConsolidation(textClassification, undefined as never, { algorithm: 'majority-vote' })).message).toBe('kindConsolidation: expected the consolidation of class answers (e.g. classAnswers from "gtkit/task-types") as its second argument, got undefined');
    expect(() => kindConsolidation(boundingBox, boxAnswers, { algorithm: 'box-merge', labels: ['car'] })).not.toThrow();
  });

  it('with its own kind, an algorithm of another kind is refused with the same message as taskConsolidation gives', () => {
    const direct = caught(() => kindConsolidation(textClassification, classAnswers, { algorithm: 'box-merge' as never }));
    const found = caught(() => taskConsolidation(textClassification, { algorithm: 'box-merge' as never }));
    expect(direct.message).toBe(found.message);
    expect(direct.message).toContain('"box-merge" consolidates box answers, but text-classification answers are class; use majority-vote, weighted-vote, wawa, dawid-skene, dawid-skene-pooled, one-coin-dawid-skene');
  });
});
