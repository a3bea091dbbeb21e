import type { NamedEntityAnswer as EntityResult, NamedEntityTaskInput as EntityTaskInput } from '../../lambdas/task-types/index.ts';
import { defineCatalogTemplate } from './define.ts';
import { awkwardText, longText } from './samples.ts';

export type NamedEntityTaskInput = EntityTaskInput;
/** crowd-entity-annotation answers `{ entities: [{ label, startOffset, endOffset }] }` (code points, end exclusive). */
export interface NamedEntityAnswer {
  'crowd-entity-annotation': EntityResult;
}

export const namedEntityTemplate = defineCatalogTemplate<NamedEntityTaskInput>(
  {
    type: 'named-entity',
    title: 'Named entities',
    element: 'crowd-entity-annotation',
    answerField: 'crowd-entity-annotation',
    insideCrowdForm: false,
    sampleTaskInputs: [
      {
        taskObject: 'Ada Lovelace wrote to Charles Babbage from London in 1843.',
        labels: [
          { label: 'person', shortDisplayName: 'per' },
          { label: 'location', shortDisplayName: 'loc' },
          { label: 'date' },
        ],
      },
      { taskObject: awkwardText, labels: [{ label: "O'Neil's label", shortDisplayName: 'o"n' }, { label: '<tag>' }] },
      { taskObject: longText, labels: [{ label: 'person' }] },
    ],
  },
  new URL('./named-entity.liquid.html', import.meta.url),
);
