import { andList } from '../../../lambdas/contracts/list-text.ts';
import { positionOf } from '../../engine/errors.ts';
import { firstOfEachTag, isV1OnlyElement, isV2Element, v2Companions } from '../crowd-scripts.ts';
import type { SourceRule } from '../types.ts';

const companions = andList(v2Companions);

/**
 * V2 elements work only beside crowd-form, short-instructions, crowd-button, crowd-tabs and
 * crowd-tab; AWS says a mix with other elements "won't work properly" (reference §4.1). An error
 * on the first element of each other kind.
 */
export const v2ElementMix: SourceRule = {
  id: 'v2-element-mix',
  description: 'V2 elements (crowd-text-ranking, …) mixed with v1-only elements',
  check(ctx) {
    const elements = ctx.sourceDocument.elements;
    const v2 = elements.find((e) => isV2Element(e.tag));
    if (!v2) return [];
    const line = positionOf(ctx.source, v2.offset).line;
    return firstOfEachTag(elements, isV1OnlyElement).map((e) =>
      ctx.at(
        e.offset,
        'v2-element-mix',
        'error',
        `<${e.tag}> is mixed with the V2 element <${v2.tag}> (line ${line}); V2 elements work only with ${companions}, and mixed with others they do not work properly`,
        `move <${e.tag}> to a separate task that loads the v1 script, or build this task from V2 elements and ${companions} only`,
      ),
    );
  },
};
