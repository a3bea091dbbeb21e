import { spanVote, type MergedSpan, type SpanAnswer } from '../../consolidation/spans.ts';
import { textSpanOutput } from '../../formats/text-span.ts';
import type { NamedEntityAnswer } from '../text.ts';
import { algorithmTable, markLabels, type KindConsolidation } from './kind.ts';

/** Named-entity spans: merged spans under their labels, in the built-in named-entity output. */
export const spanAnswers: KindConsolidation<NamedEntityAnswer, SpanAnswer> = {
  kind: 'span',
  algorithms: /* @__PURE__ */ algorithmTable([spanVote]),
  indexedOutput: false,
  toRecordAnswer: (answer) => ({ entities: answer.entities }),
  labelsOf: (answer) => markLabels(answer, 'entities'),
  format(item, { labels, labelDefinitions, workers }) {
    return textSpanOutput(item.label as MergedSpan[], labelDefinitions ?? labels.map((label) => ({ label })), workers);
  },
};
