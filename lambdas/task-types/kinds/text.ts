import { textMedoid } from '../../consolidation/text.ts';
import { builtInConfidence } from '../../formats/metadata.ts';
import { algorithmTable, type KindConsolidation } from './kind.ts';

/** Free text: the answer closest to the others, as the worker typed it. */
export const textAnswers: KindConsolidation<string, string> = {
  kind: 'text',
  algorithms: /* @__PURE__ */ algorithmTable([textMedoid]),
  indexedOutput: false,
  toRecordAnswer: (answer) => answer,
  labelsOf: () => [],
  format(item, { type, workers }) {
    return { label: item.label, metadata: { confidence: builtInConfidence(item.confidence, workers), type: type.outputType } };
  },
};
