import { describe, expect, it } from 'vitest';
import * as taskTypesModule from '../../../lambdas/task-types/index.ts';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import { typeExports } from '../../../scaffold/init/init-task.ts';

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

describe('what a task type definition tells the scaffolder', () => {
  it('each definition is exported under the camel case of its name (what a scaffolded pre.ts imports)', () => {
    for (const name of taskTypeNames) expect((taskTypesModule as Record<string, unknown>)[camel(name)], name).toBe(getTaskType(name));
  });

  it('each type exports its task-input builder as <definition>TaskInputOf, the very function its buildTaskInput is (one implementation; what a scaffolded pre.ts calls)', () => {
    const exported = taskTypesModule as Record<string, unknown>;
    for (const name of taskTypeNames) {
      const builder = `${camel(name)}TaskInputOf`;
      expect(typeExports(name).taskInputOf, name).toBe(builder);
      expect(typeof exported[builder], builder).toBe('function');
      expect(exported[builder], builder).toBe(getTaskType(name).buildTaskInput);
    }
    // A value and a type must not differ by the case of one letter: the builders end in "Of".
    const typeNames = new Set(taskTypeNames.map((name) => getTaskType(name).taskInputType.toLowerCase()));
    for (const name of taskTypeNames) expect(typeNames.has(typeExports(name).taskInputOf.toLowerCase()), name).toBe(false);
  });

  it('the builders make what each type\'s template reads: the object and the label names, the labels with display names (named entity), a prompt (free text)', () => {
    const labels = [{ label: 'person', shortDisplayName: 'per' }, { label: 'place' }];
    const m = taskTypesModule;
    expect(m.boundingBoxTaskInputOf({ 'source-ref': 's3://b/a.jpg' }, labels)).toEqual({ taskObject: 's3://b/a.jpg', labels: ['person', 'place'] });
    expect(m.semanticSegmentationTaskInputOf({ 'source-ref': 's3://b/a.jpg' }, labels)).toEqual({ taskObject: 's3://b/a.jpg', labels: ['person', 'place'] });
    expect(m.textClassificationTaskInputOf({ source: 'Where is my parcel?' }, labels)).toEqual({ taskObject: 'Where is my parcel?', labels: ['person', 'place'] });
    expect(m.namedEntityTaskInputOf({ source: 'Ada in Paris.' }, labels)).toEqual({ taskObject: 'Ada in Paris.', labels: [{ label: 'person', shortDisplayName: 'per' }, { label: 'place' }] });
    expect(m.freeTextTaskInputOf({ 'source-ref': 's3://b/r.svg', prompt: 'Type the total.' }, labels)).toEqual({ taskObject: 's3://b/r.svg', prompt: 'Type the total.' });
    expect(m.freeTextTaskInputOf({ 'source-ref': 's3://b/r.svg' })).toEqual({ taskObject: 's3://b/r.svg', prompt: 'Type the text exactly as you read it.' });
    expect(() => m.keypointTaskInputOf({ other: 1 }, labels)).toThrow('the manifest line has neither "source" nor "source-ref"');
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
