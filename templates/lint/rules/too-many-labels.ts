import { parseLenientValue } from '../../elements/attributes.ts';
import { elementSpecs } from '../../elements/spec.ts';
import { attributeValues, eachDocument, renderedFor } from '../documents.ts';
import { labelAttributeOf } from '../label-lists.ts';
import type { PageRule } from '../types.ts';

/** More labels than an element can show (crowd-bounding-box: 10): the job breaks. */
export const tooManyLabels: PageRule = {
  id: 'too-many-labels',
  description: 'more labels than an element allows',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      for (const v of attributeValues(ctx, labelAttributeOf, doc)) {
        const max = elementSpecs[v.element.tag]?.maxLabels ?? Number.POSITIVE_INFINITY;
        const parsed = parseLenientValue(v.value);
        if (!parsed.ok || !Array.isArray(parsed.value) || parsed.value.length <= max) continue;
        const count = parsed.value.length;
        out.add(`${v.source.offset}:${v.attr}`, () =>
          ctx.at(ctx.attributeOffset(v.source.offset, v.attr), 'too-many-labels', 'error', `<${v.element.tag}> gets ${count} ${v.attr}${renderedFor(v.origin)}; it allows at most ${max}`, `use at most ${max} labels (split the task into several jobs, or group labels)`),
        );
      }
    });
  },
};
