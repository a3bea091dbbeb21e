import { describe, expect, it } from 'vitest';
import * as taskTypesModule from '../../../lambdas/task-types/index.ts';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

describe('what a task type definition tells the scaffolder', () => {
  it('each definition is exported under the camel case of its name (what a scaffolded pre.ts imports)', () => {
    for (const name of taskTypeNames) expect((taskTypesModule as Record<string, unknown>)[camel(name)], name).toBe(getTaskType(name));
  });

  it("label counts follow the service's quotas (DG-QUOTAS) per type", () => {
    expect(Object.fromEntries(taskTypeNames.map((t) => [t, getTaskType(t).labelCount]))).toEqual({
      'image-classification': { min: 2, max: Infinity },
      'image-classification-multilabel': { min: 2, max: 50 },
      'text-classification': { min: 2, max: Infinity },
      'text-classification-multilabel': { min: 2, max: 50 },
      'bounding-box': { min: 1, max: 50 },
      keypoint: { min: 1, max: Infinity },
      polygon: { min: 1, max: Infinity },
      'named-entity': { min: 1, max: Infinity },
      'free-text': { min: 0, max: Infinity },
      'video-classification': { min: 2, max: 30 },
      // The service sets no quota without auto-labelling; gtkit's 8-bit indexed mask holds 255 labels and the background.
      'semantic-segmentation': { min: 1, max: 255 },
    });
    expect(taskTypeNames.filter((t) => getTaskType(t).labelCategoryInstructions)).toEqual(['named-entity']);
  });
});
