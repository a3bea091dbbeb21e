import { dawidSkene, dawidSkenePooled, oneCoinDawidSkene } from '../../consolidation/classification/dawid-skene.ts';
import { majorityVote } from '../../consolidation/classification/majority-vote.ts';
import { wawa } from '../../consolidation/classification/wawa.ts';
import { weightedVote } from '../../consolidation/classification/weighted-vote.ts';
import { classificationOutput } from '../../formats/classification.ts';
import type { SingleLabelAnswer } from '../classification.ts';
import { algorithmTable, type KindConsolidation } from './kind.ts';

/** Single-label classification (image, text, video): one label per answer, a class index in the output. */
export const classAnswers: KindConsolidation<SingleLabelAnswer, string> = {
  kind: 'class',
  algorithms: /* @__PURE__ */ algorithmTable([majorityVote, weightedVote, wawa, dawidSkene, dawidSkenePooled, oneCoinDawidSkene]),
  indexedOutput: true,
  toRecordAnswer: (answer) => answer.label,
  labelsOf: (label) => [label],
  format(item, { type, labels, workers }) {
    return classificationOutput(item.label as string, labels, item.confidence, type.outputType, workers, type.classIndex);
  },
};
