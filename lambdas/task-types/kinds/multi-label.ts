import { multiLabelVote } from '../../consolidation/multi-label.ts';
import { multiLabelOutput } from '../../formats/classification.ts';
import type { MultiLabelAnswer } from '../classification.ts';
import { algorithmTable, type KindConsolidation } from './kind.ts';

/** Multi-label classification (image, text): a list of labels per answer, a list of class indices in the output. */
export const multiLabelAnswers: KindConsolidation<MultiLabelAnswer, string[]> = {
  kind: 'multi-label',
  algorithms: /* @__PURE__ */ algorithmTable([multiLabelVote]),
  indexedOutput: true,
  toRecordAnswer: (answer) => answer.labels,
  labelsOf: (labels) => (Array.isArray(labels) ? labels : []),
  format(item, { type, labels, workers }) {
    return multiLabelOutput(item.label as string[], labels, item.posteriors ?? {}, type.outputType, workers);
  },
};
