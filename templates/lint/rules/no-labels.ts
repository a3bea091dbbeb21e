import { parseLenientValue } from '../../elements/attributes.ts';
import { attributeValues, eachDocument, renderedFor } from '../documents.ts';
import { labelAttributeOf } from '../label-lists.ts';
import type { PageRule } from '../types.ts';

/**
 * An element whose label list is empty (`categories="[]"`, often a PRE that gives no labels):
 * the worker has nothing to choose or to draw with, and cannot submit a usable answer.
 */
export const noLabels: PageRule = {
  id: 'no-labels',
  description: 'an element whose label list is empty',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      for (const v of attributeValues(ctx, labelAttributeOf, doc)) {
        const parsed = parseLenientValue(v.value);
        if (!parsed.ok || !Array.isArray(parsed.value) || parsed.value.length > 0) continue;
        out.add(`${v.source.offset}:${v.attr}`, () =>
          ctx.at(
            ctx.attributeOffset(v.source.offset, v.attr),
            'no-labels',
            'error',
            `<${v.element.tag}> gets an empty ${v.attr} list${renderedFor(v.origin)}: workers have nothing to choose, so no answer can be used`,
            `give it the task's labels (${v.attr}="{{ task.input.labels | to_json | escape }}", with labels in the config and ${ctx.taskFiles.pre} returning them), or list them in the attribute`,
          ),
        );
      }
    });
  },
};
