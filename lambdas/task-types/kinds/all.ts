import type { AnswerKind } from '../define.ts';
import { boxAnswers } from './box.ts';
import { classAnswers } from './class.ts';
import type { KindConsolidation } from './kind.ts';
import { keypointAnswers } from './keypoint.ts';
import { maskAnswers } from './mask.ts';
import { multiLabelAnswers } from './multi-label.ts';
import { polygonAnswers } from './polygon.ts';
import { spanAnswers } from './span.ts';
import { textAnswers } from './text.ts';

/**
 * Every answer kind's consolidation, by kind: for code that serves any task type (the config
 * check, `taskConsolidation`, `gtkit consolidate`). An ACS of one type imports its own kind's
 * module instead and carries no other.
 */
export const answerKinds: { readonly [K in AnswerKind]: KindConsolidation<never, unknown> } = {
  class: classAnswers,
  'multi-label': multiLabelAnswers,
  box: boxAnswers,
  keypoint: keypointAnswers,
  polygon: polygonAnswers,
  span: spanAnswers,
  text: textAnswers,
  mask: maskAnswers,
};
